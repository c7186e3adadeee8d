// The mesh of `yarn bench:engine` at 1x (200 namespaces × 15 apps = 3,000
// Services, 10,000 pods) as manifest files, and one catalog Component per
// (namespace, app) of it, for the mesh overview vs catalog index figure.
// The dump is written one JSON List per namespace: the manifests source
// reads files of at most 10 MiB, and the whole dump is ~81 MB.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const CLI = new URL('../../plugins/mesh-security-cli/', import.meta.url);

/** Owners of the synthetic services: each team owns whole namespaces. */
export const MESH_TEAMS = 20;
/** The Components' spec.type, which the catalog index filters on. */
export const MESH_ENTITY_TYPE = 'mesh-bench-service';

const list = items =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    metadata: { resourceVersion: '' },
    items,
  });

/**
 * Writes the 1x mesh under `dir`/mesh, one file per namespace plus one of
 * cluster-scoped objects. Resolves to the folder and the (namespace, app)
 * pairs of its Services, from which the catalog is made.
 */
export async function writeBenchMesh(dir) {
  const { generateDump } = await import(
    new URL('bench/syntheticMesh.mjs', CLI).href
  );
  const { rootCertificate } = await import(
    new URL('bench/rootCertificate.mjs', CLI).href
  );
  const { dump } = generateDump(1, rootCertificate());
  const byNamespace = new Map();
  const services = [];
  for (const item of JSON.parse(dump).items) {
    const key = item.metadata.namespace ?? '_cluster';
    if (!byNamespace.has(key)) byNamespace.set(key, []);
    byNamespace.get(key).push(item);
    if (item.kind === 'Service' && item.spec?.selector?.app) {
      services.push({
        namespace: item.metadata.namespace,
        app: item.spec.selector.app,
      });
    }
  }
  const folder = join(dir, 'mesh');
  await mkdir(folder);
  for (const [namespace, items] of byNamespace) {
    await writeFile(join(folder, `${namespace}.json`), list(items));
  }
  return { folder, services };
}

/**
 * One Component per (namespace, app) Service, matched to its workload by the
 * Kubernetes plugin's label-selector and namespace annotations, owned by
 * MESH_TEAMS groups (written too). Resolves to the catalog file.
 */
export async function writeMeshCatalog(dir, services) {
  const team = i => `mesh-bench-team-${String(i).padStart(2, '0')}`;
  const docs = [];
  for (let t = 0; t < MESH_TEAMS; t++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: team(t), title: `Mesh bench team ${t}` },
      spec: { type: 'team', children: [] },
    });
  }
  const namespaces = [...new Set(services.map(s => s.namespace))].sort();
  for (const { namespace, app } of services) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `${namespace}-${app}`,
        description: `${app} in namespace ${namespace} of the 1x bench mesh`,
        annotations: {
          'backstage.io/kubernetes-label-selector': `app=${app}`,
          'backstage.io/kubernetes-namespace': namespace,
        },
      },
      spec: {
        type: MESH_ENTITY_TYPE,
        lifecycle: 'production',
        owner: `group:default/${team(
          namespaces.indexOf(namespace) % MESH_TEAMS,
        )}`,
      },
    });
  }
  const file = join(dir, 'mesh-catalog.yaml');
  // JSON is YAML: one document per entity
  await writeFile(file, docs.map(d => JSON.stringify(d)).join('\n---\n'));
  return file;
}
