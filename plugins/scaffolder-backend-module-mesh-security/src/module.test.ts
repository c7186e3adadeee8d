import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { meshSecurityServiceRef } from '@mesh-security/plugin-mesh-security-node';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { entities, fakeMeshSecurity } from './__fixtures__/meshFixtures';
import scaffolderModuleMeshSecurity from './index';

const TEMPLATES = resolve(__dirname, '../../../examples/templates');

/** A template as the catalog holds it: the file in examples/templates. */
function template(name: string) {
  return parse(readFileSync(`${TEMPLATES}/${name}/template.yaml`, 'utf8'));
}

interface DryRunResult {
  log: Array<{ body: { message: string; stepId?: string; status?: string } }>;
  directoryContents: Array<{ path: string; base64Content: string }>;
  output: {
    links: Array<{ title: string; url?: string; entityRef?: string }>;
    text: Array<{ title: string; content: string }>;
  };
}

const file = (result: DryRunResult, path: string) => {
  const found = result.directoryContents.find(f => f.path === path);
  return found && Buffer.from(found.base64Content, 'base64').toString('utf8');
};

/** What the dry run of publish:github:pull-request was given, from its log line. */
function publishInput(result: DryRunResult): Record<string, unknown> {
  const line = result.log.find(l =>
    l.body.message.includes(
      'Running publish:github:pull-request in dry-run mode with inputs',
    ),
  );
  expect(line).toBeDefined();
  return JSON.parse(line!.body.message.replace(/^[^{]*/, ''));
}

/**
 * The templates in examples/templates, run through the Scaffolder backend's
 * own dry-run endpoint: its template validation, its action registry (this
 * module's actions and the GitHub publisher), its templating of step outputs.
 */
// A backend starts per test: loading its modules can outlast jest's 5 s
// default on a loaded 2-core machine.
jest.setTimeout(60_000);

describe('the mesh-security templates in a dry run of the Scaffolder backend', () => {
  let backend: TestBackend;
  const meshSecurity = fakeMeshSecurity();

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderGithubModule,
        scaffolderModuleMeshSecurity,
        catalogServiceMock.factory({ entities }),
        createServiceFactory({
          service: meshSecurityServiceRef,
          deps: {},
          factory: () => meshSecurity,
        }),
        mockServices.rootConfig.factory({
          data: {
            // a dry run resolves the repository's integration, and never calls it
            integrations: {
              github: [{ host: 'github.com', token: 'not-used-in-dry-runs' }],
            },
          },
        }),
      ],
    });
  });

  afterAll(() => backend?.stop());

  function dryRun(name: string, values: Record<string, unknown>) {
    return request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({ template: template(name), values, directoryContents: [] });
  }

  it('lists both actions with their examples', async () => {
    const res = await request(backend.server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const ours = res.body.filter((a: { id: string }) =>
      a.id.startsWith('mesh-security:'),
    );
    expect(ours.map((a: { id: string }) => a.id).sort()).toEqual([
      'mesh-security:access:generate',
      'mesh-security:strict:generate',
    ]);
    for (const action of ours) {
      expect(action.examples.length).toBeGreaterThan(0);
      expect(action.schema.input.required).toBeDefined();
    }
  });

  it('"Enforce mTLS" for notification-svc: the PeerAuthentication STRICT for comms, a pull request to its repository', async () => {
    const res = await dryRun('enforce-mtls', {
      entity: 'component:default/notification-svc',
    });
    expect(res.status).toBe(200);
    const result: DryRunResult = res.body;
    expect(file(result, 'istio/comms/peer-authentication.yaml')).toBe(
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
    const pr = publishInput(result);
    expect(pr).toMatchObject({
      repoUrl: 'github.com?owner=example-shop&repo=notification-svc',
      targetBranchName: 'main',
      branchName: 'mesh-security/strict-mtls-notification-svc',
      title: 'Require mTLS (STRICT) for notification-svc',
      teamReviewers: ['comms-team'],
      reviewers: [],
    });
    expect(pr.description).toContain('**Verdict — Safe:');
    expect(result.output.text).toEqual([
      {
        title: 'Verdict',
        content:
          'Safe: every call comms/notification-svc received in the metrics window used mTLS (strict-ready), so STRICT breaks no observed caller.',
      },
    ]);
    expect(meshSecurity.calls).toContainEqual({
      ref: 'component:default/notification-svc',
      principal: mockCredentials.user().principal,
    });
  });

  it('"Enforce mTLS" for a service with plaintext callers fails with their owners, unless the breakage is accepted', async () => {
    const refused = await dryRun('enforce-mtls', {
      entity: 'component:default/cart-service',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      'STRICT mTLS for component:default/cart-service would break 2 plaintext caller(s)',
    );
    expect(refused.body.error.message).toContain(
      'Talk to group:default/erp-team, group:default/pricing-team first.',
    );

    const accepted = await dryRun('enforce-mtls', {
      entity: 'component:default/cart-service',
      acceptBreakage: true,
    });
    expect(accepted.status).toBe(200);
    expect(publishInput(accepted.body).description).toContain(
      '**Verdict — Breaks: STRICT rejects the plaintext callers of shop/cart-service',
    );
  });

  it('"Request access": the ALLOW rule in the callee\'s repository, for the callee\'s owners', async () => {
    const res = await dryRun('request-access', {
      callee: 'component:default/payment-service',
      caller: 'component:default/order-service',
    });
    expect(res.status).toBe(200);
    const result: DryRunResult = res.body;
    expect(
      file(
        result,
        'istio/payments/authorization-policy-allow-order-service.yaml',
      ),
    ).toContain(
      `  action: ALLOW
  rules:
  - from:
    - source:
        principals:
        - cluster.local/ns/shop/sa/order-service
`,
    );
    expect(publishInput(result)).toMatchObject({
      repoUrl: 'github.com?owner=example-shop&repo=payments',
      targetBranchName: 'release',
      targetPath: 'services/payment-service',
      teamReviewers: ['payments-team'],
    });
    expect(result.output.text[0].content).toBe(
      'component:default/order-service (cluster.local/ns/shop/sa/order-service) may call payments/payment-service of component:default/payment-service.',
    );
  });

  it('rejects values the template does not allow before running anything', async () => {
    const res = await dryRun('request-access', {
      callee: 'component:default/payment-service',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('caller');
  });
});
