import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { apiGatewayPosture, retoolPosture } from '../../__fixtures__';
import { AccessPanel } from './AccessPanel';

const gateway = apiGatewayPosture.workloads[0];

describe('AccessPanel: Request access', () => {
  it('links to the access template with the callee filled in where ALLOW rules decide', async () => {
    expect(gateway.authorization.stance).toBe('restricted');
    await renderInTestApp(
      <AccessPanel
        workload={gateway}
        findings={apiGatewayPosture.findings}
        entityRef="component:default/api-gateway"
      />,
    );
    const link = screen.getByRole('button', {
      name: 'Request access to edge/api-gateway',
    });
    expect(link).toHaveTextContent('Request access');
    const url = new URL(link.getAttribute('href')!, 'http://portal');
    expect(url.pathname).toBe('/create/templates/default/request-access');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      callee: 'component:default/api-gateway',
    });
  });

  it('offers nothing where every caller may call already (no ALLOW policy)', async () => {
    const [retool] = retoolPosture.workloads;
    expect(retool.authorization.stance).toBe('no-policy');
    await renderInTestApp(
      <AccessPanel
        workload={retool}
        findings={[]}
        entityRef="component:default/retool"
      />,
    );
    expect(
      screen.queryByRole('button', { name: /Request access/ }),
    ).not.toBeInTheDocument();
  });

  it('offers it where the rules could not be read', async () => {
    const [retool] = retoolPosture.workloads;
    await renderInTestApp(
      <AccessPanel
        workload={{ ...retool, unknownKinds: ['AuthorizationPolicy'] }}
        findings={[]}
        entityRef="component:default/retool"
      />,
    );
    expect(
      screen.getByRole('button', { name: 'Request access to tools/retool' }),
    ).toBeInTheDocument();
  });

  it('offers nothing without the entity', async () => {
    await renderInTestApp(
      <AccessPanel workload={gateway} findings={apiGatewayPosture.findings} />,
    );
    expect(
      screen.queryByRole('button', { name: /Request access/ }),
    ).not.toBeInTheDocument();
  });
});
