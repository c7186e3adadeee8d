import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  legacyServicePosture,
  notificationSvcPosture,
} from '../../__fixtures__';
import { FindingsList } from './FindingsList';

describe('FindingsList: Open a pull request', () => {
  it('offers "Enforce mTLS" beside each remediation that is a STRICT policy, for the entity', async () => {
    await renderInTestApp(
      <FindingsList
        findings={notificationSvcPosture.findings}
        entityRef="component:default/notification-svc"
      />,
    );
    const links = screen.getAllByRole('button', {
      name: /^Open a pull request for /,
    });
    expect(links.map(l => l.getAttribute('aria-label'))).toEqual([
      'Open a pull request for mtls-permissive on comms/notification-svc',
      'Open a pull request for strict-ready on comms/notification-svc',
    ]);
    const url = new URL(links[0].getAttribute('href')!, 'http://portal');
    expect(url.pathname).toBe('/create/templates/default/enforce-mtls');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      entity: 'component:default/notification-svc',
    });
  });

  it('offers none for a remediation that is not STRICT (joining the mesh)', async () => {
    await renderInTestApp(
      <FindingsList
        findings={legacyServicePosture.findings}
        entityRef="component:default/legacy-service"
      />,
    );
    expect(
      screen.getByRole('button', {
        name: 'Copy remediation for workload-outside-mesh on legacy/legacy-service',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Open a pull request/ }),
    ).not.toBeInTheDocument();
  });

  it('offers none without the entity', async () => {
    await renderInTestApp(
      <FindingsList findings={notificationSvcPosture.findings} />,
    );
    expect(
      screen.queryByRole('button', { name: /^Open a pull request/ }),
    ).not.toBeInTheDocument();
  });
});
