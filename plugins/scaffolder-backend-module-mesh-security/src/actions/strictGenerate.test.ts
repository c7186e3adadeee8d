import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  cartService,
  entities,
  fakeMeshSecurity,
  permissive,
  posture,
  postures,
  workload,
} from '../__fixtures__/meshFixtures';
import { createStrictGenerateAction } from './strictGenerate';

function setup(byRef = postures) {
  const meshSecurity = fakeMeshSecurity(byRef);
  const action = createStrictGenerateAction({
    meshSecurity,
    catalog: catalogServiceMock({ entities }),
  });
  return { action, meshSecurity };
}

async function run(
  input: Record<string, unknown>,
  options: { byRef?: typeof postures; isDryRun?: boolean } = {},
) {
  const { action, meshSecurity } = setup(options.byRef);
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext({ input: input as any, logger }),
    ...(options.isDryRun ? { isDryRun: true } : {}),
  };
  await action.handler(ctx as any);
  const outputs = Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
  const read = (path: string) =>
    readFile(join(ctx.workspacePath, path), 'utf8');
  return { ctx, logger, outputs, read, meshSecurity };
}

async function failure(
  input: Record<string, unknown>,
  byRef = postures,
): Promise<{ error: Error; workspace: string }> {
  const { action } = setup(byRef);
  const ctx = createMockActionContext({ input: input as any });
  const error = await action.handler(ctx as any).then(
    () => {
      throw new Error('expected the action to fail');
    },
    e => e,
  );
  return { error, workspace: ctx.workspacePath };
}

async function filesIn(dir: string): Promise<string[]> {
  return readdir(dir, { recursive: true }).catch(() => []);
}

describe('mesh-security:strict:generate', () => {
  it('makes a strict-ready service STRICT namespace-wide, reusing the namespace policy in effect', async () => {
    const { outputs, read } = await run({
      entityRef: 'component:default/notification-svc',
    });
    expect(outputs.files).toEqual(['istio/comms/peer-authentication.yaml']);
    expect(await read('istio/comms/peer-authentication.yaml')).toBe(
      `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: comms
spec:
  mtls:
    mode: STRICT
`,
    );
    expect(outputs.verdict).toEqual({
      status: 'safe',
      accepted: false,
      summary:
        'Safe: every call comms/notification-svc received in the metrics window used mTLS (strict-ready), so STRICT breaks no observed caller.',
      scope: 'namespace',
      plaintextCallers: [],
      unnamedCallers: 0,
      notes: [],
    });
  });

  it('gives the publish step the repository, branch, reviewers and the verdict', async () => {
    const { outputs } = await run({ entityRef: 'notification-svc' });
    expect(outputs).toMatchObject({
      repoUrl: 'github.com?owner=example-shop&repo=notification-svc',
      targetBranch: 'main',
      repoPath: '',
      branchName: 'mesh-security/strict-mtls-notification-svc',
      title: 'Require mTLS (STRICT) for notification-svc',
      owner: 'group:default/comms-team',
      teamReviewers: ['comms-team'],
      reviewers: [],
    });
    expect(outputs.description).toContain(
      '**Verdict — Safe: every call comms/notification-svc received',
    );
    expect(outputs.description).toContain(
      '| comms/notification-svc | demo | PERMISSIVE | comms/default | yes |',
    );
    expect(outputs.description).toContain(
      '`istio/comms/peer-authentication.yaml`',
    );
  });

  it('selects the workload by its app label with scope workload, under targetPath', async () => {
    const { outputs, read } = await run({
      entityRef: 'component:default/notification-svc',
      scope: 'workload',
      targetPath: 'deploy/istio/',
    });
    expect(outputs.files).toEqual([
      'deploy/istio/comms/peer-authentication.yaml',
    ]);
    expect(await read('deploy/istio/comms/peer-authentication.yaml')).toBe(
      `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: notification-svc-strict
  namespace: comms
spec:
  selector:
    matchLabels:
      app: notification-svc
  mtls:
    mode: STRICT
`,
    );
  });

  it('defaults to workload scope when the namespace is not known to be ready, and says it is unverified', async () => {
    const byRef = {
      ...postures,
      'component:default/notification-svc': posture('notification-svc', [
        permissive('comms', 'notification-svc'),
        permissive('comms', 'notification-worker', {
          labels: { app: 'notification-svc', role: 'worker' },
        }),
      ]),
    };
    const { outputs, read } = await run(
      { entityRef: 'component:default/notification-svc' },
      { byRef },
    );
    expect(outputs.verdict.status).toBe('unverified');
    expect(outputs.verdict.scope).toBe('workload');
    expect(outputs.verdict.notes).toEqual([
      'mesh-security has no traffic metrics for comms/notification-svc: what STRICT would break is not known.',
      'mesh-security has no traffic metrics for comms/notification-worker: what STRICT would break is not known.',
    ]);
    // `app` is shared by both workloads, so each is selected by all its stable labels
    expect(await read('istio/comms/peer-authentication.yaml')).toBe(
      `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: notification-svc-strict
  namespace: comms
spec:
  selector:
    matchLabels:
      app: notification-svc
      version: v1
  mtls:
    mode: STRICT
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: notification-worker-strict
  namespace: comms
spec:
  selector:
    matchLabels:
      app: notification-svc
      role: worker
  mtls:
    mode: STRICT
`,
    );
  });

  it('refuses when plaintext callers would break, naming them and their owning teams, and writes nothing', async () => {
    const { error, workspace } = await failure({
      entityRef: 'component:default/cart-service',
    });
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'STRICT mTLS for component:default/cart-service would break 2 plaintext caller(s): ' +
        'legacy/legacy-service (component:default/legacy-bridge, owned by group:default/erp-team); ' +
        'tools/price-sync (component:default/price-sync, owned by group:default/pricing-team). ' +
        'Talk to group:default/erp-team, group:default/pricing-team first. ' +
        'Move them into the mesh, or set acceptBreakage to open the pull request anyway.',
    );
    expect(await filesIn(workspace)).toEqual([]);
  });

  it('counts the callers a finding does not name', async () => {
    const [finding] = cartService.findings;
    const byRef = {
      ...postures,
      'component:default/cart-service': {
        ...cartService,
        findings: [
          { ...finding, detail: { ...finding.detail, callersTotal: 25 } },
        ],
      },
    };
    const { error } = await failure(
      { entityRef: 'component:default/cart-service' },
      byRef,
    );
    expect(error.message).toContain('would break 25 plaintext caller(s)');
    expect(error.message).toContain('; 23 more not named by the metrics.');
  });

  it('writes the policy with acceptBreakage, and the pull request says who breaks', async () => {
    const { outputs, read } = await run({
      entityRef: 'component:default/cart-service',
      acceptBreakage: true,
    });
    expect(outputs.verdict).toMatchObject({
      status: 'breaks',
      accepted: true,
      scope: 'workload',
      plaintextCallers: [
        {
          workload: 'legacy/legacy-service',
          entityRef: 'component:default/legacy-bridge',
          owner: 'group:default/erp-team',
        },
        {
          workload: 'tools/price-sync',
          entityRef: 'component:default/price-sync',
          owner: 'group:default/pricing-team',
        },
      ],
    });
    expect(outputs.description).toContain(
      'The requester accepted this breakage (`acceptBreakage: true`)',
    );
    expect(await read('istio/shop/peer-authentication.yaml')).toContain(
      'name: cart-service-strict',
    );
  });

  it('does the same in a dry run: the files land in the workspace, nothing else happens', async () => {
    const { logger, outputs, read } = await run(
      { entityRef: 'component:default/notification-svc' },
      { isDryRun: true },
    );
    expect(outputs.files).toEqual(['istio/comms/peer-authentication.yaml']);
    expect(await read('istio/comms/peer-authentication.yaml')).toContain(
      'mode: STRICT',
    );
    expect(logger.info).toHaveBeenCalledWith(
      'Wrote istio/comms/peer-authentication.yaml (dry run: nothing leaves the workspace)',
    );
  });

  it('reads the posture with the credentials of the user who runs the template', async () => {
    const { meshSecurity } = await run({ entityRef: 'notification-svc' });
    expect(meshSecurity.calls).toEqual([
      {
        ref: 'component:default/notification-svc',
        principal: mockCredentials.user().principal,
      },
    ]);
  });

  it('rewrites a workload policy that keeps a workload PERMISSIVE under a namespace-wide STRICT', async () => {
    const own = permissive('comms', 'notification-svc', {
      decidedBy: 'comms/notification-legacy',
      decisionChain: [
        ...permissive('comms', 'x').decisionChain,
        {
          level: 'workload',
          policy: 'comms/notification-legacy',
          mode: 'PERMISSIVE',
          effective: 'PERMISSIVE',
        },
      ],
    });
    const byRef = {
      ...postures,
      'component:default/notification-svc': posture('notification-svc', [own]),
    };
    const { read } = await run(
      { entityRef: 'notification-svc', scope: 'namespace' },
      { byRef },
    );
    const yaml = await read('istio/comms/peer-authentication.yaml');
    expect(yaml).toContain('name: default\n  namespace: comms\nspec:\n  mtls:');
    expect(yaml).toContain(
      'name: notification-legacy\n  namespace: comms\nspec:\n  selector:',
    );
  });

  describe('refuses bad input with a clear message and writes nothing', () => {
    it.each([
      [
        'an entity without workloads',
        { entityRef: 'component:default/new-service' },
        'The entity component:default/new-service has no workloads in the mesh-security view',
      ],
      [
        'an entity not in the catalog',
        { entityRef: 'component:default/ghost' },
        'The entity component:default/ghost is not in the catalog, or you may not read it',
      ],
      [
        'an entity ref that is no ref',
        { entityRef: 'component:' },
        "entityRef 'component:' is not an entity ref",
      ],
      [
        'an unknown scope',
        { entityRef: 'notification-svc', scope: 'cluster' },
        "scope must be one of workload, namespace, got 'cluster'",
      ],
      [
        'a target path outside the workspace',
        { entityRef: 'notification-svc', targetPath: '../elsewhere' },
        "targetPath '../elsewhere' is outside the workspace",
      ],
      [
        'an entity that is STRICT already',
        { entityRef: 'component:default/order-service' },
        'Nothing to change for component:default/order-service: shop/order-service (demo): it is STRICT already',
      ],
    ])('%s', async (_, input, message) => {
      const { error, workspace } = await failure(input);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(message);
      expect(await filesIn(workspace)).toEqual([]);
    });

    it('an entity without backstage.io/source-location', async () => {
      const action = createStrictGenerateAction({
        meshSecurity: fakeMeshSecurity(),
        catalog: catalogServiceMock({
          entities: entities.map(e =>
            e.metadata.name === 'notification-svc'
              ? {
                  ...e,
                  metadata: {
                    ...e.metadata,
                    annotations: { 'backstage.io/kubernetes-id': 'x' },
                  },
                }
              : e,
          ),
        }),
      });
      const ctx = createMockActionContext({
        input: { entityRef: 'notification-svc' },
      });
      await expect(action.handler(ctx as any)).rejects.toThrow(
        'component:default/notification-svc has no backstage.io/source-location annotation: there is no repository to open the pull request in',
      );
    });

    it('an entity without a proxy', async () => {
      const byRef = {
        'component:default/notification-svc': posture('notification-svc', [
          workload('comms', 'notification-svc', {
            inMesh: false,
            dataplane: 'none',
            mtlsMode: 'NONE',
          }),
        ]),
      };
      const { error } = await failure({ entityRef: 'notification-svc' }, byRef);
      expect(error.message).toBe(
        'Nothing to change for component:default/notification-svc: comms/notification-svc (demo): it has no proxy: a PeerAuthentication does not apply until it joins the mesh',
      );
    });

    it("a workload in Istio's root namespace", async () => {
      const byRef = {
        'component:default/notification-svc': posture('notification-svc', [
          permissive('istio-system', 'notification-svc'),
        ]),
      };
      const { error } = await failure({ entityRef: 'notification-svc' }, byRef);
      expect(error.message).toContain(
        "istio-system/notification-svc runs in Istio's root namespace istio-system",
      );
    });
  });
});
