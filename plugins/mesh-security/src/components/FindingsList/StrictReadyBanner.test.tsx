import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { notificationSvcPosture } from '../../__fixtures__';
import { StrictReadyBanner } from './StrictReadyBanner';

const ENTITY = 'component:default/notification-svc';

function formDataOf(link: HTMLElement) {
  const url = new URL(link.getAttribute('href')!, 'http://portal');
  return {
    path: url.pathname,
    formData: JSON.parse(url.searchParams.get('formData')!),
  };
}

describe('StrictReadyBanner', () => {
  it('offers a pull request for each remediation, with the entity and the scope the finding recommends', async () => {
    const [finding] = notificationSvcPosture.findings.filter(
      f => f.rule === 'strict-ready',
    );
    await renderInTestApp(
      <StrictReadyBanner
        findings={[
          { ...finding, detail: { ...finding.detail, scope: 'namespace' } },
        ]}
        entityRef={ENTITY}
      />,
    );
    const link = screen.getByRole('button', {
      name: 'Open a pull request for STRICT for comms/notification-svc',
    });
    expect(link).toHaveTextContent('Open a pull request');
    expect(formDataOf(link)).toEqual({
      path: '/create/templates/default/enforce-mtls',
      formData: { entity: ENTITY, scope: 'namespace' },
    });
  });

  it('offers the template without a scope when no finding names one', async () => {
    await renderInTestApp(
      <StrictReadyBanner findings={[]} entityRef={ENTITY} />,
    );
    expect(
      formDataOf(
        screen.getByRole('button', { name: 'Open a pull request for STRICT' }),
      ),
    ).toEqual({
      path: '/create/templates/default/enforce-mtls',
      formData: { entity: ENTITY },
    });
  });

  it('offers no pull request without the entity, and still the YAML to copy', async () => {
    await renderInTestApp(
      <StrictReadyBanner findings={notificationSvcPosture.findings} />,
    );
    expect(
      screen.queryByRole('button', { name: /pull request/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: 'Copy remediation for STRICT for comms/notification-svc',
      }),
    ).toBeInTheDocument();
  });
});
