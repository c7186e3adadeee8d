import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { type Entity, makeValidator } from '@backstage/catalog-model';
import {
  type CatalogProcessor,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import catalogModuleMeshSecurityTags from './index';

const payment: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payment-service',
    namespace: 'default',
    tags: ['java'],
    annotations: { 'backstage.io/kubernetes-id': 'payment-service' },
  },
  spec: { type: 'service', owner: 'commerce-team', lifecycle: 'production' },
};

const strictSummary = {
  mtlsMode: 'STRICT',
  meshed: true,
  worstSeverity: 'high',
  findingsBySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
  rps: 1000,
  mtlsTrafficShare: 1,
  health: 'OK',
  plaintextCallers: [],
  hasAuthorizationPolicy: true,
  strictReady: false,
};

describe('catalogModuleMeshSecurityTags', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let calls: Array<string | null>;
  beforeEach(() => {
    calls = [];
  });

  function serve(respond: () => Response) {
    server.use(
      http.get(
        '*/api/mesh-security/entities/default/component/payment-service',
        ({ request }) => {
          calls.push(request.headers.get('authorization'));
          return respond();
        },
      ),
    );
  }

  async function start(config: object = {}) {
    const processors: CatalogProcessor[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addProcessor: (
              ...added: Array<CatalogProcessor | CatalogProcessor[]>
            ) => {
              processors.push(...added.flat());
            },
          },
        ],
      ],
      features: [
        catalogModuleMeshSecurityTags,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    return { backend, processors };
  }

  async function process(processor: CatalogProcessor, entity: Entity) {
    return processor.postProcessEntity!(
      entity,
      { type: 'url', target: 'x' },
      () => {},
      {
        get: async () => undefined,
        set: async () => {},
      },
    );
  }

  it('tags through the real client and cache, with a service token', async () => {
    serve(() => HttpResponse.json({ summary: strictSummary }));
    const { backend, processors } = await start({
      meshSecurity: { tags: { prefix: 'Mesh Team/' } },
    });
    expect(processors.map(p => p.getProcessorName())).toEqual([
      'MeshSecurityTagsProcessor',
    ]);

    const first = await process(processors[0], payment);
    expect(first.metadata.tags).toEqual([
      'java',
      'mesh-team-mtls:strict',
      'mesh-team-mesh-finding:high',
    ]);
    first.metadata.tags!.forEach(tag =>
      expect(makeValidator().isValidTag(tag)).toBe(true),
    );

    const second = await process(processors[0], payment);
    expect(second.metadata.tags).toEqual(first.metadata.tags);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^Bearer \S+/);
    await backend.stop();
  });

  it('asks again once the cache TTL has passed', async () => {
    serve(() => HttpResponse.json({ summary: strictSummary }));
    const { backend, processors } = await start({
      meshSecurity: { tags: { cacheTtl: '200ms' } },
    });
    await process(processors[0], payment);
    await process(processors[0], payment);
    expect(calls).toHaveLength(1);
    await new Promise(resolve => setTimeout(resolve, 400));
    await process(processors[0], payment);
    expect(calls).toHaveLength(2);
    await backend.stop();
  });

  it.each([
    ['unreachable', () => HttpResponse.error()],
    [
      'failing',
      () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 500 },
        ),
    ],
  ])(
    'leaves the entity unchanged when the backend is %s',
    async (_, respond) => {
      serve(respond);
      const { backend, processors } = await start();
      const result = await process(processors[0], payment);
      expect(result).toEqual(payment);
      expect(result.metadata.tags).toEqual(['java']);
      await backend.stop();
    },
  );

  it('installs nothing when disabled', async () => {
    const { backend, processors } = await start({
      meshSecurity: { tags: { enabled: false } },
    });
    expect(processors).toEqual([]);
    await backend.stop();
  });

  it('refuses an unknown tag family at startup', async () => {
    await expect(
      start({ meshSecurity: { tags: { tags: ['mtls', 'istio'] } } }),
    ).rejects.toThrow(
      "meshSecurity.tags.tags: unknown tag family 'istio'; use any of mtls, mesh, mesh-finding",
    );
  });
});
