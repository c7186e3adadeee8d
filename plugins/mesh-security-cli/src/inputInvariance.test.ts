import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifestEntries } from '@mesh-security/mesh-security-engine';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import { run, writeTree } from './testing/cliHarness';

/*
 * The same mesh written two ways audits the same: in any order of its
 * objects, and as a GitOps folder keeps it (controllers, no Pods or
 * ReplicaSets) against as a cluster holds it.
 */

const DEMO = join(__dirname, '../../../examples/mesh');
const MANIFESTS = join(DEMO, 'manifests');

function demoObjects(): KubeObject[] {
  return readdirSync(MANIFESTS)
    .sort()
    .flatMap(file =>
      parseManifestEntries(readFileSync(join(MANIFESTS, file), 'utf8'), file),
    )
    .map(entry => entry.object);
}

interface Audit {
  code: number;
  workloads: Record<string, Record<string, unknown>>;
  findings: Array<Record<string, unknown>>;
  services: unknown[];
  coverage: unknown;
}

async function audit(objects: KubeObject[]): Promise<Audit> {
  const tree = await writeTree({
    'mesh.json': JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: objects,
    }),
  });
  try {
    const result = await run(
      [
        'audit',
        '.',
        '--metrics',
        join(DEMO, 'metrics-snapshot.json'),
        '--format',
        'json',
      ],
      { cwd: tree.dir },
    );
    expect(result.stderr).toBe('');
    return { code: result.code, ...JSON.parse(result.stdout) };
  } finally {
    await tree.cleanup();
  }
}

const findingKeys = (a: Audit) =>
  a.findings
    .map(f =>
      JSON.stringify([
        f.rule,
        f.severity,
        f.subject,
        f.port,
        f.reason,
        f.detail,
      ]),
    )
    .sort();

describe('the same mesh written two ways', () => {
  const objects = demoObjects();

  it('audits the same in any order of its objects', async () => {
    const expected = await audit(objects);
    expect(expected.findings.length).toBeGreaterThan(0);
    let state = 11;
    for (let round = 0; round < 5; round++) {
      const shuffled = [...objects];
      for (let i = shuffled.length - 1; i > 0; i--) {
        state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
        const j = state % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const actual = await audit(shuffled);
      expect(actual.code).toBe(expected.code);
      expect(actual.workloads).toEqual(expected.workloads);
      expect(findingKeys(actual)).toEqual(findingKeys(expected));
      expect(actual.coverage).toEqual(expected.coverage);
    }
  });

  it('audits a GitOps copy (controllers, no Pods or ReplicaSets) as the live mesh', async () => {
    const live = await audit(objects);
    const gitOps = await audit(
      objects.filter(o => o.kind !== 'Pod' && o.kind !== 'ReplicaSet'),
    );
    expect(objects.some(o => o.kind === 'Pod')).toBe(true);
    const verdicts = (a: Audit) =>
      Object.fromEntries(
        Object.entries(a.workloads).map(([key, w]) => [
          key,
          [w.inMesh, w.dataplane, w.mtlsMode, w.decidedBy, w.portModes],
        ]),
      );
    expect(verdicts(gitOps)).toEqual(verdicts(live));
    // read from pod templates, and said so
    expect(
      Object.values(gitOps.workloads).every(w => w.declared === true),
    ).toBe(true);
    const ruleAndSubject = (a: Audit) =>
      a.findings.map(f => `${f.rule} ${f.subject} ${f.port ?? ''}`).sort();
    expect(ruleAndSubject(gitOps)).toEqual(ruleAndSubject(live));
    expect(gitOps.coverage).toEqual(live.coverage);
  });
});
