import { Content, Header, Page } from '@backstage/core-components';
import { MeshOverview } from './MeshOverview';

/** The legacy routable page: its own header, as legacy apps expect. */
export function MeshOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Mesh Security"
        subtitle="Istio mTLS coverage, traffic and findings across the mesh"
      />
      <Content>
        <MeshOverview />
      </Content>
    </Page>
  );
}

/** The new frontend system's page body: the app's page layout draws the header. */
export function MeshOverviewPageContent() {
  return (
    <Content>
      <MeshOverview />
    </Content>
  );
}
