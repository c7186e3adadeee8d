/**
 * @jest-environment node
 */
import { loadConfigSchema } from '@backstage/config-loader';
import { resolve } from 'node:path';

// The app only receives config keys that a package's schema (its
// package.json `configSchema`) marks `@visibility frontend`; without that the
// Kiali / Grafana / Jaeger links silently never reach the browser.
describe('config schema of the frontend plugin', () => {
  it('sends meshSecurity.links to the frontend, and nothing else of meshSecurity', async () => {
    const schema = await loadConfigSchema({
      dependencies: [],
      packagePaths: [resolve(__dirname, '../package.json')],
      excludePackageDependencies: true,
    });
    const links = {
      kiali: 'https://kiali.example.com/{namespace}/{workload}',
      grafana: 'https://grafana.example.com/?w={workload}',
      jaeger: 'https://jaeger.example.com/?s={workload}.{namespace}',
    };
    const [frontend] = schema.process(
      [
        {
          context: 'app-config.yaml',
          data: {
            meshSecurity: {
              links,
              prometheus: { url: 'http://prometheus:9090' },
            },
          },
        },
      ],
      { visibility: ['frontend'], ignoreSchemaErrors: true },
    );
    expect(frontend.data).toEqual({ meshSecurity: { links } });
  }, 60_000);
});
