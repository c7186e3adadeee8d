import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
  KubeObject,
  MeshMetrics,
} from '@mesh-security/plugin-mesh-security-common';
import { evaluateMesh } from '../engine';
import { parseManifestEntries } from './parseManifests';
import { reduceObject, reduceObjects } from './reduceObjects';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

describe('reduceObject', () => {
  it('keeps the status the engine reads: a Pod’s phase and a Job’s conditions', () => {
    expect(
      reduceObject({
        kind: 'Pod',
        metadata: { name: 'p' },
        status: { phase: 'Succeeded', podIP: '10.0.0.1' },
      }),
    ).toEqual({
      kind: 'Pod',
      metadata: { name: 'p' },
      status: { phase: 'Succeeded' },
    });
    expect(
      reduceObject({
        kind: 'Job',
        metadata: { name: 'j' },
        status: {
          succeeded: 1,
          conditions: [{ type: 'Complete', status: 'True', reason: 'Done' }],
        },
      }),
    ).toEqual({
      kind: 'Job',
      metadata: { name: 'j' },
      status: { conditions: [{ type: 'Complete', status: 'True' }] },
    });
  });

  it('drops managed fields, the last-applied copy and what containers carry beyond names, images and ports', () => {
    const reduced = reduceObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        uid: 'u-1',
        managedFields: [{ manager: 'kubectl' }],
        annotations: { [LAST_APPLIED]: '{"big":"copy"}', team: 'a' },
        labels: { app: 'web' },
        ownerReferences: [{ kind: 'X', name: 'x', controller: true }],
      },
      spec: {
        replicas: 3,
        template: {
          metadata: { labels: { app: 'web' }, annotations: { a: 'b' } },
          spec: {
            serviceAccountName: 'web',
            hostNetwork: false,
            volumes: [{ name: 'v', emptyDir: {} }],
            containers: [
              {
                name: 'app',
                image: 'web:1',
                args: ['serve'],
                env: [{ name: 'A', value: 'b' }],
                ports: [{ containerPort: 8080, name: 'http' }],
                readinessProbe: { httpGet: { port: 8080 } },
                resources: { limits: { cpu: '1' } },
              },
              {
                name: 'istio-proxy',
                image: 'proxyv2',
                args: ['proxy', 'sidecar'],
                env: [{ name: 'ISTIO_META', value: 'x' }],
                ports: [{ containerPort: 15090 }],
              },
            ],
            initContainers: [
              {
                name: 'istio-proxy',
                image: 'proxyv2',
                restartPolicy: 'Always',
                env: [],
              },
            ],
          },
        },
      },
      status: { replicas: 3 },
    } as KubeObject);
    expect(reduced).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        annotations: { team: 'a' },
        labels: { app: 'web' },
        ownerReferences: [{ kind: 'X', name: 'x', controller: true }],
      },
      spec: {
        template: {
          metadata: { labels: { app: 'web' }, annotations: { a: 'b' } },
          spec: {
            serviceAccountName: 'web',
            hostNetwork: false,
            containers: [
              {
                name: 'app',
                ports: [{ containerPort: 8080, name: 'http' }],
              },
              {
                name: 'istio-proxy',
                image: 'proxyv2',
                args: ['proxy', 'sidecar'],
              },
            ],
            initContainers: [
              {
                name: 'istio-proxy',
                image: 'proxyv2',
                restartPolicy: 'Always',
              },
            ],
          },
        },
      },
    });
  });

  it('reduces a CronJob’s template, a Service to its selector and ports, and keeps policies whole', () => {
    expect(
      reduceObject({
        kind: 'CronJob',
        metadata: { name: 'c' },
        spec: {
          schedule: '* * * * *',
          jobTemplate: {
            metadata: { labels: {} },
            spec: {
              backoffLimit: 1,
              template: { spec: { containers: [{ name: 'a', env: [] }] } },
            },
          },
        },
      }),
    ).toEqual({
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: {
        jobTemplate: {
          spec: { template: { spec: { containers: [{ name: 'a' }] } } },
        },
      },
    });
    expect(
      reduceObject({
        kind: 'Service',
        metadata: { name: 's' },
        spec: { clusterIP: '10.0.0.1', selector: { app: 'a' }, ports: [] },
      }),
    ).toEqual({
      kind: 'Service',
      metadata: { name: 's' },
      spec: { selector: { app: 'a' }, ports: [] },
    });
    const policy = {
      kind: 'AuthorizationPolicy',
      metadata: { name: 'p' },
      spec: { action: 'DENY', rules: [{}] },
    };
    expect(reduceObject(policy).spec).toBe(policy.spec);
  });

  it('keeps data of the two ConfigMaps the engine reads only, and nothing but metadata of kinds it ignores', () => {
    const configMap = (name: string) =>
      reduceObject({ kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });
    expect(configMap('istio').data).toEqual({ k: 'v' });
    expect(configMap('istio-ca-root-cert').data).toEqual({ k: 'v' });
    expect(configMap('kube-root-ca.crt')).toEqual({
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt' },
    });
    expect(
      reduceObject({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', labels: { a: 'b' } },
        data: { 'release.v1': 'H4sI…' },
        type: 'helm.sh/release.v1',
      } as KubeObject),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', labels: { a: 'b' } },
    });
  });

  it('keeps fields of the wrong type as they are, so the engine warns the same way', () => {
    const odd = [
      { kind: 'Pod', metadata: { name: 'p' }, spec: 'none' },
      { kind: 'Pod', metadata: 'p', spec: { containers: 'app' } },
      { kind: 'Deployment', metadata: { name: 'd' }, spec: { template: 7 } },
      { kind: 'Pod', metadata: { name: 'q' }, spec: { containers: [null] } },
      'not an object',
    ] as unknown as KubeObject[];
    expect(reduceObjects(odd)).toEqual(odd);
  });

  it('reduces each item of a List', () => {
    expect(
      reduceObject({
        kind: 'List',
        metadata: {},
        items: [{ kind: 'Secret', metadata: { name: 's' }, data: { a: 'b' } }],
      } as unknown as KubeObject),
    ).toEqual({
      kind: 'List',
      metadata: {},
      items: [{ kind: 'Secret', metadata: { name: 's' } }],
    });
  });
});

describe('reduced objects on the demo mesh', () => {
  const demo = join(__dirname, '../../../../examples/mesh');
  const read = (reduce: boolean) =>
    readdirSync(join(demo, 'manifests'))
      .filter(file => file.endsWith('.yaml'))
      .sort()
      .flatMap(file =>
        parseManifestEntries(
          readFileSync(join(demo, 'manifests', file), 'utf8'),
          file,
          { reduce },
        ),
      );

  it('give the report the full objects give, from entries at the same lines', () => {
    const full = read(false);
    const reduced = read(true);
    const metrics: MeshMetrics = JSON.parse(
      readFileSync(join(demo, 'metrics-snapshot.json'), 'utf8'),
    );
    const now = new Date('2026-11-27T09:00:00Z');
    const report = (entries: typeof full) =>
      evaluateMesh({ objects: entries.map(e => e.object), metrics, now });
    // something was taken away, or the comparison proves nothing
    expect(JSON.stringify(reduced).length).toBeLessThan(
      JSON.stringify(full).length,
    );
    expect(reduced.map(({ file, line }) => ({ file, line }))).toEqual(
      full.map(({ file, line }) => ({ file, line })),
    );
    const expected = report(full);
    expect(expected.findings.length).toBeGreaterThan(0);
    expect(report(reduced)).toEqual(expected);
  });
});
