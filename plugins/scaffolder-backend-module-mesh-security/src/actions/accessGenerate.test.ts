import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  entities,
  fakeMeshSecurity,
  paymentService,
  posture,
  postures,
  workload,
} from '../__fixtures__/meshFixtures';
import { createAccessGenerateAction } from './accessGenerate';

async function run(
  input: Record<string, unknown>,
  options: { byRef?: typeof postures; catalogEntities?: typeof entities } = {},
) {
  const action = createAccessGenerateAction({
    meshSecurity: fakeMeshSecurity(options.byRef),
    catalog: catalogServiceMock({
      entities: options.catalogEntities ?? entities,
    }),
  });
  const ctx = createMockActionContext({ input: input as any });
  const result = await action.handler(ctx as any).then(
    () => undefined,
    (e: Error) => e,
  );
  const outputs = Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
  return {
    error: result,
    outputs,
    workspace: ctx.workspacePath,
    read: (path: string) => readFile(join(ctx.workspacePath, path), 'utf8'),
  };
}

const orderToPayment = {
  callee: 'component:default/payment-service',
  caller: 'component:default/order-service',
};

describe('mesh-security:access:generate', () => {
  it("allows the caller's SPIFFE principal on the callee's workload", async () => {
    const { error, outputs, read } = await run(orderToPayment);
    expect(error).toBeUndefined();
    expect(outputs.files).toEqual([
      'istio/payments/authorization-policy-allow-order-service.yaml',
    ]);
    expect(outputs.principals).toEqual([
      'cluster.local/ns/shop/sa/order-service',
    ]);
    expect(
      await read(
        'istio/payments/authorization-policy-allow-order-service.yaml',
      ),
    ).toBe(
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: payment-service-allow-order-service
  namespace: payments
spec:
  selector:
    matchLabels:
      app: payment-service
  action: ALLOW
  rules:
  - from:
    - source:
        principals:
        - cluster.local/ns/shop/sa/order-service
`,
    );
  });

  it('says who may call the callee afterwards: its ALLOW rules today plus the new one', async () => {
    const { outputs } = await run(orderToPayment);
    expect(outputs.whoMayCall).toEqual([
      {
        workload: 'payments/payment-service',
        cluster: 'demo',
        stanceBefore: 'restricted',
        stanceAfter: 'restricted',
        rules: [
          {
            policy: 'payments/payment-service-callers',
            ruleIndex: 0,
            from: [{ principals: ['cluster.local/ns/shop/sa/order-service'] }],
            to: [{ methods: ['POST'], paths: ['/v1/charges'] }],
            dryRun: false,
            proposed: false,
          },
          {
            policy: 'payments/payment-service-allow-order-service',
            ruleIndex: 0,
            from: [{ principals: ['cluster.local/ns/shop/sa/order-service'] }],
            to: [],
            dryRun: false,
            proposed: true,
          },
        ],
      },
    ]);
    expect(outputs.summary).toBe(
      'component:default/order-service (cluster.local/ns/shop/sa/order-service) may call payments/payment-service of component:default/payment-service.',
    );
    expect(outputs.description).toContain(
      '- **new** payments/payment-service-allow-order-service rule 1: principals: cluster.local/ns/shop/sa/order-service → any operation',
    );
    expect(outputs.description).toContain(
      '- payments/payment-service-callers rule 1: principals: cluster.local/ns/shop/sa/order-service → methods: POST; paths: /v1/charges',
    );
  });

  it("opens the pull request in the callee's repository, for the callee's owners", async () => {
    const { outputs } = await run(orderToPayment);
    expect(outputs).toMatchObject({
      repoUrl: 'github.com?owner=example-shop&repo=payments',
      targetBranch: 'release',
      repoPath: 'services/payment-service',
      branchName: 'mesh-security/allow-order-service-to-payment-service',
      title: 'Allow order-service to call payment-service',
      owner: 'group:default/payments-team',
      teamReviewers: ['payments-team'],
      reviewers: [],
    });
  });

  it('marks the policy istio.io/dry-run with dryRun, which changes no stance', async () => {
    const { outputs, read } = await run({ ...orderToPayment, dryRun: true });
    const yaml = await read(
      'istio/payments/authorization-policy-allow-order-service.yaml',
    );
    expect(yaml).toContain(
      `metadata:
  name: payment-service-allow-order-service
  namespace: payments
  annotations:
    istio.io/dry-run: "true"
`,
    );
    expect(outputs.whoMayCall[0].stanceAfter).toBe('restricted');
    expect(outputs.whoMayCall[0].rules[1]).toMatchObject({
      proposed: true,
      dryRun: true,
    });
    expect(outputs.notes).toContain(
      'The policy is marked istio.io/dry-run: Istio logs what it would allow and enforces nothing; remove the annotation to grant access.',
    );
  });

  it('names DENY policies the new rule cannot override', async () => {
    const [w] = paymentService.workloads;
    const deny = {
      ...w.authorization.allow[0],
      policy: 'payments/no-shop-refunds',
      action: 'DENY' as const,
    };
    const byRef = {
      ...postures,
      'component:default/payment-service': posture('payment-service', [
        { ...w, authorization: { ...w.authorization, deny: [deny] } },
      ]),
    };
    const { outputs } = await run(orderToPayment, { byRef });
    expect(outputs.notes).toContain(
      'payments/payment-service also has DENY payments/no-shop-refunds: Istio checks them before ALLOW rules.',
    );
  });

  describe('refuses bad input with a clear message and writes nothing', () => {
    it.each([
      [
        'a callee without workloads',
        { callee: 'new-service', caller: 'order-service' },
        'The callee component:default/new-service has no workloads in the mesh-security view',
      ],
      [
        'a caller without workloads',
        { callee: 'payment-service', caller: 'new-service' },
        'The caller component:default/new-service has no workloads in the mesh-security view',
      ],
      [
        'a caller whose workloads have no service account',
        { callee: 'payment-service', caller: 'price-sync' },
        'The workloads of the caller component:default/price-sync (tools/price-sync) have no service account: there is no identity to allow',
      ],
      [
        'a callee every caller may call already (no ALLOW policy)',
        { callee: 'user-service', caller: 'order-service' },
        'Nothing to change for component:default/user-service: shop/user-service (demo): no ALLOW policy applies, so every caller may call it already; an ALLOW policy for one caller would deny all the others',
      ],
      [
        'a caller that is not in the catalog',
        { callee: 'payment-service', caller: 'ghost' },
        'The caller component:default/ghost is not in the catalog, or you may not read it',
      ],
    ])('%s', async (_, input, message) => {
      const { error, workspace } = await run(input);
      expect(error).toBeInstanceOf(InputError);
      expect(error?.message).toContain(message);
      expect(await readdir(workspace).catch(() => [])).toEqual([]);
    });

    it('a callee without backstage.io/source-location', async () => {
      const { error } = await run(orderToPayment, {
        catalogEntities: entities.map(e =>
          e.metadata.name === 'payment-service'
            ? {
                ...e,
                metadata: {
                  ...e.metadata,
                  annotations: {
                    'backstage.io/kubernetes-id': 'payment-service',
                  },
                },
              }
            : e,
        ),
      });
      expect(error).toBeInstanceOf(InputError);
      expect(error?.message).toBe(
        'component:default/payment-service has no backstage.io/source-location annotation: there is no repository to open the pull request in',
      );
    });

    it('a caller without a proxy', async () => {
      const byRef = {
        ...postures,
        'component:default/order-service': posture('order-service', [
          workload('shop', 'order-service', {
            inMesh: false,
            dataplane: 'none',
            mtlsMode: 'NONE',
          }),
        ]),
      };
      const { error } = await run(orderToPayment, { byRef });
      expect(error?.message).toBe(
        'No workload of the caller component:default/order-service has a proxy, so none presents an mTLS identity an AuthorizationPolicy can allow: add it to the mesh first',
      );
    });

    it('a caller already allowed without conditions', async () => {
      const [w] = paymentService.workloads;
      const byRef = {
        ...postures,
        'component:default/payment-service': posture('payment-service', [
          {
            ...w,
            authorization: {
              ...w.authorization,
              allow: [{ ...w.authorization.allow[0], to: [] }],
            },
          },
        ]),
      };
      const { error } = await run(orderToPayment, { byRef });
      expect(error?.message).toBe(
        'Nothing to change for component:default/payment-service: payments/payment-service (demo): payments/payment-service-callers allows these principals already',
      );
    });
  });
});
