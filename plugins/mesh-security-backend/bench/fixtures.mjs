/**
 * Generated bench data: a catalog of N Components owned by 20 teams, and one
 * Istio mesh in which every Component has a Deployment (+ ReplicaSet, Pod,
 * Service, ServiceAccount) carrying its `backstage.io/kubernetes-id`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TEAMS = 20;

const yamlDocs = docs => docs.map(d => JSON.stringify(d)).join('\n---\n');

/** The Group entities owning the bench's Components: `team-0` … `team-19`. */
function teamGroups() {
  return Array.from({ length: TEAMS }, (_, t) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: `team-${t}`, title: `Team ${t}` },
    spec: { type: 'team', children: [] },
  }));
}

export function writeCatalog(dir, entities) {
  const docs = teamGroups();
  for (let i = 0; i < entities; i++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${i}`,
        description: `Service ${i} of the bench mesh`,
        annotations: { 'backstage.io/kubernetes-id': `svc-${i}` },
        tags: ['bench', `team-${i % TEAMS}`],
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `team-${i % TEAMS}`,
      },
    });
  }
  const file = join(dir, `catalog-${entities}.yaml`);
  writeFileSync(file, yamlDocs(docs));
  return file;
}

export function writeMesh(dir, services) {
  const folder = join(dir, 'manifests');
  mkdirSync(folder, { recursive: true });
  const docs = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    },
  ];
  for (let t = 0; t < TEAMS; t++) {
    docs.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `team-${t}`, labels: { 'istio-injection': 'enabled' } },
    });
  }
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    const namespace = `team-${i % TEAMS}`;
    const labels = { app: name, 'backstage.io/kubernetes-id': name };
    const rs = `${name}-7d9f8b6c5d`;
    docs.push(
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, namespace },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels, uid: `dep-${i}` },
        spec: {
          selector: { matchLabels: labels },
          template: { metadata: { labels } },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rs,
          namespace,
          labels,
          uid: `rs-${i}`,
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name,
              controller: true,
              uid: `dep-${i}`,
            },
          ],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${rs}-x2k4p`,
          namespace,
          labels: { ...labels, 'security.istio.io/tlsMode': 'istio' },
          annotations: {
            'sidecar.istio.io/status': '{"containers":["istio-proxy"]}',
          },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: rs,
              controller: true,
              uid: `rs-${i}`,
            },
          ],
        },
        spec: {
          serviceAccountName: name,
          containers: [
            {
              name: 'app',
              image: 'registry.example/app:1',
              ports: [{ containerPort: 8080 }],
            },
            { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.0' },
          ],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace },
        spec: {
          selector: { app: name },
          ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        },
      },
    );
  }
  writeFileSync(join(folder, 'mesh.yaml'), yamlDocs(docs));
  return folder;
}

/**
 * A catalog for the synthetic mesh of the engine bench: `count` Components,
 * each selecting one app of one namespace (`app=svc-NN` in `team-NNNN`).
 */
export function writeSyntheticMeshCatalog(dir, count) {
  const docs = teamGroups();
  for (let i = 0; i < count; i++) {
    const app = `svc-${String(i % 15).padStart(2, '0')}`;
    const namespace = `team-${String(i).padStart(4, '0')}`;
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `${namespace}-${app}`,
        annotations: {
          'backstage.io/kubernetes-label-selector': `app=${app}`,
          'backstage.io/kubernetes-namespace': namespace,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `team-${i % TEAMS}`,
      },
    });
  }
  const file = join(dir, `synthetic-catalog-${count}.yaml`);
  writeFileSync(file, yamlDocs(docs));
  return file;
}
