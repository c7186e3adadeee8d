import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  evaluateMesh,
  parseManifestEntries,
} from '@mesh-security/mesh-security-engine';
import type { ManifestEntry } from '@mesh-security/mesh-security-engine';
// the benchmark's mesh: objects shaped like a real dump (status, probes, env, sidecars)
import { generateDump } from '../bench/syntheticMesh.mjs';
import { loadManifests } from './loadManifests';

const DEMO = join(__dirname, '../../../examples/mesh/manifests');
const NOW = new Date('2026-11-27T09:00:00Z');

/** The demo's root certificate, for the benchmark mesh's istio-ca-root-cert. */
function demoRootCert(): string {
  const entries = parseManifestEntries(
    readFileSync(join(DEMO, 'istio-system.yaml'), 'utf8'),
    'istio-system.yaml',
  );
  const configMap = entries.find(
    e =>
      e.object.kind === 'ConfigMap' &&
      e.object.metadata.name === 'istio-ca-root-cert',
  );
  const pem = (configMap?.object as { data?: Record<string, string> })?.data?.[
    'root-cert.pem'
  ];
  if (!pem) throw new Error('the demo has no istio-ca-root-cert');
  return pem;
}

const where = (entries: readonly ManifestEntry[]) =>
  entries.map(({ file, line, object }) => ({
    file,
    line,
    kind: object.kind,
    name: object.metadata?.name,
  }));
const report = (entries: readonly ManifestEntry[]) =>
  evaluateMesh({ objects: entries.map(e => e.object), now: NOW });

describe('the CLI reads a cluster dump reduced to what the engine reads', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-security-reduced-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the report and the locations of the full objects on the benchmark mesh', async () => {
    const file = join(dir, 'dump.json');
    // ten namespaces of the benchmark's mesh, pretty-printed so items have lines of their own
    const { dump } = generateDump(0.05, demoRootCert());
    writeFileSync(file, JSON.stringify(JSON.parse(dump), null, 2));

    const { entries } = await loadManifests(['dump.json'], dir);
    const full = parseManifestEntries(readFileSync(file), 'dump.json');

    expect(JSON.stringify(entries).length).toBeLessThan(
      JSON.stringify(full).length / 2,
    );
    expect(where(entries)).toEqual(where(full));
    const expected = report(full);
    expect(Object.keys(expected.workloads).length).toBeGreaterThan(100);
    expect(expected.findings.length).toBeGreaterThan(100);
    expect(report(entries)).toEqual(expected);
  });
});
