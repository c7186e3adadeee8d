/**
 * A real backend in this process: catalog, auth (guest), permissions
 * (allow-all policy) and mesh-security, configured in code. The mesh-security
 * plugin is loaded from its TypeScript sources through Backstage's node
 * transform, as `backstage-cli package start` would.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:net';

const require = createRequire(import.meta.url);
require('@backstage/cli/config/nodeTransform.cjs');

const { createBackend } = require('@backstage/backend-defaults');
const {
  coreServices,
  createBackendModule,
  createServiceFactory,
} = require('@backstage/backend-plugin-api');
const { ConfigReader } = require('@backstage/config');

async function freePort() {
  const server = createServer();
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * With `kubernetesUrl`, the mesh is read through the real Kubernetes backend
 * plugin from the API server there (one cluster, `bench`) instead of the
 * manifests folder.
 */
export async function startBenchBackend({
  catalogFile,
  manifestsDir,
  prometheusUrl,
  kubernetesUrl,
}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = new ConfigReader({
    app: { baseUrl: 'http://127.0.0.1:3000' },
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    auth: {
      environment: 'development',
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    permission: { enabled: true },
    catalog: {
      rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
      locations: [{ type: 'file', target: catalogFile }],
      // no re-processing while the bench measures
      processingInterval: { minutes: 30 },
    },
    meshSecurity: kubernetesUrl
      ? {
          kubernetes: { enabled: true },
          // the 4x mesh's traffic is 96,000 series in one answer: more than the default allows
          prometheus: { url: prometheusUrl, maxSeries: 250_000 },
          // the bench asks for refreshes itself
          refresh: { frequency: { hours: 12 }, timeout: { minutes: 30 } },
        }
      : {
          kubernetes: { enabled: false },
          manifests: { paths: [manifestsDir], cluster: 'bench' },
          prometheus: { url: prometheusUrl },
        },
    ...(kubernetesUrl && {
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'bench',
                url: kubernetesUrl,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'bench-token',
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
    }),
  });

  // lets the bench ask for a refresh, as a replica finding no snapshot does,
  // and reach the plugin's database (bench:history fills its history)
  let scheduler;
  let database;
  const refreshTrigger = createBackendModule({
    pluginId: 'mesh-security',
    moduleId: 'bench-refresh-trigger',
    register(reg) {
      reg.registerInit({
        deps: {
          scheduler: coreServices.scheduler,
          database: coreServices.database,
        },
        async init(deps) {
          scheduler = deps.scheduler;
          database = deps.database;
        },
      });
    },
  });

  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => config,
    }),
  );
  backend.add(require('@backstage/plugin-auth-backend').default);
  backend.add(
    require('@backstage/plugin-auth-backend-module-guest-provider').default,
  );
  backend.add(require('@backstage/plugin-permission-backend').default);
  backend.add(
    require('@backstage/plugin-permission-backend-module-allow-all-policy')
      .default,
  );
  backend.add(require('@backstage/plugin-catalog-backend').default);
  if (kubernetesUrl) {
    backend.add(require('@backstage/plugin-kubernetes-backend').default);
  }
  backend.add(require('../src/index.ts').default);
  backend.add(refreshTrigger);
  await backend.start();

  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(
      `guest sign-in failed: HTTP ${res.status} ${await res.text()}`,
    );
  const token = (await res.json()).backstageIdentity.token;

  return {
    baseUrl,
    token,
    /** asks for a refresh; waits for one still running (the scheduler refuses a second) */
    triggerRefresh: async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await scheduler.triggerTask('mesh-security:refresh');
        } catch (error) {
          if (error?.name !== 'ConflictError' || attempt >= 600) throw error;
          await new Promise(resolve => setTimeout(resolve, 500));
        }
      }
    },
    /** the mesh-security plugin's own knex client */
    pluginDatabase: () => database.getClient(),
    stop: () => backend.stop(),
  };
}
