import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import {
  evaluateMesh,
  parseManifests,
  parseMeshMetrics,
} from '@mesh-security/mesh-security-engine';
import { indexSnapshot } from '../../snapshot/IndexedSnapshot';
import type { MeshSnapshot } from '../../snapshot/types';
import type { SimulationInput } from '../SimulationInputStore';

const EXAMPLES = resolve(__dirname, '../../../../../examples');

/** The clock of the demo's evaluation: simulations run at the time of the report. */
export const DEMO_NOW = new Date('2026-06-01T00:00:00.000Z');

export const DEMO_CLUSTER = 'demo';

/** The remediation of api-gateway's `authz-observed-caller-denied`, as a user pastes it. */
export const ALLOW_INGRESS = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: api-gateway-ingress
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
        - cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account
`;

/** The objects, metrics, report and catalog of the demo portal, as a refresh would have them. */
export function demoMesh() {
  const dir = `${EXAMPLES}/mesh/manifests`;
  const objects: KubeObject[] = readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .flatMap(f => parseManifests(readFileSync(`${dir}/${f}`, 'utf8'), f));
  const metrics = parseMeshMetrics(
    JSON.parse(readFileSync(`${EXAMPLES}/mesh/metrics-snapshot.json`, 'utf8')),
  );
  const report = evaluateMesh({ objects, metrics, now: DEMO_NOW });
  const generatedAt = DEMO_NOW.toISOString();
  const status = {
    name: 'manifests',
    kind: 'manifests' as const,
    state: 'ok' as const,
    lastSuccessAt: generatedAt,
  };
  const snapshot: MeshSnapshot = {
    generatedAt,
    sources: [status],
    clusters: [{ cluster: DEMO_CLUSTER, source: 'manifests', status, report }],
  };
  const input: SimulationInput = {
    cluster: DEMO_CLUSTER,
    evaluatedAt: generatedAt,
    objects,
    metrics,
  };
  const entities = parseManifests(
    readFileSync(`${EXAMPLES}/entities.yaml`, 'utf8'),
    'entities.yaml',
  ) as unknown as Entity[];
  return {
    objects,
    metrics,
    report,
    snapshot,
    view: indexSnapshot('demo', snapshot),
    input,
    entities,
  };
}
