import { Content, Header, Page } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { MeshOverview } from './MeshOverview';
import { StrictMigration } from './StrictMigration';

/** The overview, then the way to STRICT per namespace (its own request: it may come later). */
function OverviewBody() {
  return (
    <>
      <MeshOverview />
      <Box mt={3} data-testid="mesh-strict-migration">
        <StrictMigration />
      </Box>
    </>
  );
}

/** The legacy routable page: its own header, as legacy apps expect. */
export function MeshOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Mesh Security"
        subtitle="Istio mTLS coverage, traffic and findings across the mesh"
      />
      <Content>
        <OverviewBody />
      </Content>
    </Page>
  );
}

/** The new frontend system's page body: the app's page layout draws the header. */
export function MeshOverviewPageContent() {
  return (
    <Content>
      <OverviewBody />
    </Content>
  );
}
