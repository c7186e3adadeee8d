import '@testing-library/jest-dom';
import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  AuthorizationProposals,
  ClusterSimulation,
  Finding,
  SimulationRequest,
  SimulationResponse,
} from '@mesh-security/plugin-mesh-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  meshSecurityApiRef,
  type MeshSecurityApi,
} from '../../api/MeshSecurityApi';
import { WhatIfPanel } from './WhatIfPanel';

const INGRESS =
  'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
const ALLOW_INGRESS = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: api-gateway-observed-callers
  namespace: edge
spec:
  action: ALLOW
  selector:
    matchLabels:
      app: api-gateway
  rules:
  - from:
    - source:
        principals:
        - ${INGRESS}
`;

const denied: Finding & { cluster: string } = {
  rule: 'authz-observed-caller-denied',
  severity: 'medium',
  subject: 'edge/api-gateway',
  reason:
    'The AuthorizationPolicies of edge/api-gateway deny 1 caller observed calling it.',
  detail: { callers: ['istio-system/istio-ingressgateway'] },
  remediation: ALLOW_INGRESS,
  cluster: 'demo',
};

const findings = [
  denied,
  {
    rule: 'authz-unused-grant' as const,
    severity: 'low' as const,
    subject: 'edge/api-gateway-allow',
    reason: 'never used',
    cluster: 'demo',
  },
];

/** The answer of the demo's backend to the ingress ALLOW rule. */
function ingressRestored(): ClusterSimulation {
  return {
    cluster: 'demo',
    evaluatedAt: '2026-06-01T00:00:00.000Z',
    changed: ['AuthorizationPolicy edge/api-gateway-observed-callers'],
    workloads: [],
    findingsAdded: [],
    findingsRemoved: [{ ...denied, cluster: undefined } as unknown as Finding],
    flows: [
      {
        source: 'istio-system/istio-ingressgateway',
        destination: 'edge/api-gateway',
        principal: `spiffe://${INGRESS}`,
        rate: 4988,
        outcome: 'restored',
        cause: 'authz-allows',
        reason:
          "edge/api-gateway's AuthorizationPolicies would allow istio-system/istio-ingressgateway, which they deny now.",
        changedBy: ['AuthorizationPolicy edge/api-gateway-observed-callers'],
      },
    ],
    breaking: { flows: 0, rate: 0 },
    trafficJudged: true,
  };
}

function fakeApi(
  simulate: (r: SimulationRequest) => Promise<SimulationResponse>,
  propose?: () => Promise<AuthorizationProposals>,
): MeshSecurityApi {
  return {
    getEntityPosture: jest.fn(),
    getTeamScorecard: jest.fn(),
    getOverview: jest.fn(),
    simulateChange: jest.fn(simulate),
    ...(propose && { proposeAuthorization: jest.fn(propose) }),
  };
}

async function renderPanel(api: MeshSecurityApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[meshSecurityApiRef, api]]}>
      <WhatIfPanel
        entityRef="component:default/api-gateway"
        findings={findings}
      />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

// MUI inputs render slowly in jsdom on a busy machine
jest.setTimeout(30_000);

describe('WhatIfPanel', () => {
  it("picking api-gateway's remediation shows the finding cleared and the ingress flow restored", async () => {
    const api = fakeApi(async () => ({
      changed: ingressRestored().changed,
      clusters: [ingressRestored()],
    }));
    await renderPanel(api);
    // only findings with a remediation are offered
    const picker = await screen.findByLabelText('Start from a remediation');
    expect(within(picker).getAllByRole('option')).toHaveLength(2);
    await userEvent.selectOptions(
      picker,
      'authz-observed-caller-denied · edge/api-gateway',
    );
    expect(screen.getByLabelText('Change (YAML)')).toHaveValue(ALLOW_INGRESS);
    await userEvent.click(screen.getByRole('button', { name: 'Simulate' }));

    expect(api.simulateChange).toHaveBeenCalledWith({
      yaml: ALLOW_INGRESS,
      entityRef: 'component:default/api-gateway',
    });
    const result = await screen.findByRole('region', {
      name: 'Simulation in cluster demo',
    });
    expect(
      within(result).getByText('Breaks nothing observed, and restores 1 flow.'),
    ).toBeInTheDocument();
    const cleared = within(result).getByRole('region', {
      name: 'Findings cleared',
    });
    expect(
      within(cleared).getByText(
        'authz-observed-caller-denied · edge/api-gateway',
      ),
    ).toBeInTheDocument();
    const flows = within(result).getByRole('region', {
      name: 'Observed flows that change',
    });
    expect(flows).toHaveTextContent(
      'restored istio-system/istio-ingressgateway → edge/api-gateway · 4,988 rps',
    );
  });

  it('names the owners of the callers a change would break', async () => {
    const breaking: ClusterSimulation = {
      ...ingressRestored(),
      findingsRemoved: [],
      flows: [
        {
          source: 'shop/order-service',
          destination: 'payments/payment-service',
          rate: 1000,
          outcome: 'breaks',
          cause: 'authz-denies',
          reason:
            "payments/payment-service's AuthorizationPolicies would deny shop/order-service.",
          changedBy: ['AuthorizationPolicy payments/deny-shop'],
          sourceEntity: {
            entityRef: 'component:default/order-service',
            owners: ['group:default/commerce-team'],
          },
        },
      ],
      breaking: { flows: 1, rate: 1000 },
    };
    await renderPanel(
      fakeApi(async () => ({
        changed: breaking.changed,
        clusters: [breaking],
      })),
    );
    await userEvent.click(await screen.findByLabelText('Change (YAML)'));
    await userEvent.paste('kind: AuthorizationPolicy');
    await userEvent.click(screen.getByRole('button', { name: 'Simulate' }));
    expect(
      await screen.findByText('Would break 1 observed flow (1,000 rps).'),
    ).toBeInTheDocument();
    const flows = screen.getByRole('region', {
      name: 'Observed flows that change',
    });
    expect(
      within(flows).getByRole('link', { name: 'order-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/order-service');
    expect(
      within(flows).getByRole('link', { name: 'commerce-team' }),
    ).toBeInTheDocument();
  });

  it('shows the file and line of a change the backend cannot read', async () => {
    const api = fakeApi(async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message:
                'change.yaml:4: spec.mtls.mode must be one of UNSET, DISABLE, PERMISSIVE, STRICT',
            },
            request: { method: 'POST', url: '/simulate' },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
      );
    });
    await renderPanel(api);
    await userEvent.click(await screen.findByLabelText('Change (YAML)'));
    await userEvent.paste('kind: PeerAuthentication');
    await userEvent.click(screen.getByRole('button', { name: 'Simulate' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^change\.yaml:4: spec\.mtls\.mode must be one of/,
    );
  });

  it('shows the least-privilege policy with its verdict, and loads it as a change', async () => {
    const proposals: AuthorizationProposals = {
      entityRef: 'component:default/api-gateway',
      proposals: [
        {
          cluster: 'demo',
          workload: 'edge/api-gateway',
          policy: {
            kind: 'AuthorizationPolicy',
            metadata: {
              name: 'api-gateway-least-privilege',
              namespace: 'edge',
            },
          },
          yaml: 'kind: AuthorizationPolicy\nmetadata:\n  name: api-gateway-least-privilege\n',
          principals: [INGRESS, 'cluster.local/ns/tools/sa/retool'],
          namespaces: [],
          unauthenticatedCallers: [],
          simulation: ingressRestored(),
        },
      ],
    };
    const api = fakeApi(
      async () => ({ changed: [], clusters: [] }),
      async () => proposals,
    );
    await renderPanel(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Least privilege' }),
    );
    const section = await screen.findByRole('region', {
      name: 'Least-privilege policy for edge/api-gateway',
    });
    expect(
      within(section).getByText(
        'Breaks nothing observed, and restores 1 flow.',
      ),
    ).toBeInTheDocument();
    expect(section).toHaveTextContent(
      `Allows ${INGRESS}, cluster.local/ns/tools/sa/retool.`,
    );
    await userEvent.click(
      within(section).getByRole('button', {
        name: 'Edit the least-privilege policy of edge/api-gateway as a change',
      }),
    );
    await waitFor(() =>
      expect(screen.getByLabelText('Change (YAML)')).toHaveValue(
        proposals.proposals[0].yaml,
      ),
    );
  });

  it('is not shown by an API without simulations', async () => {
    const api: MeshSecurityApi = {
      getEntityPosture: jest.fn(),
      getTeamScorecard: jest.fn(),
      getOverview: jest.fn(),
    };
    await renderPanel(api);
    expect(screen.queryByText('What if')).not.toBeInTheDocument();
  });
});
