import { join } from 'node:path';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import { run, writeTree } from './testing/cliHarness';
import { manifestObjects } from './testing/manifestObjects';
import { seededRandom } from './testing/seededRandom';

/*
 * The same mesh written two ways audits the same: in any order of its
 * objects, and as a GitOps folder keeps it (controllers, no Pods or
 * ReplicaSets) against as a cluster holds it.
 */

const DEMO = join(__dirname, '../../../examples/mesh');
const DEMO_MANIFESTS = join(DEMO, 'manifests');
const DEMO_METRICS = join(DEMO, 'metrics-snapshot.json');

interface Audit {
  code: number;
  workloads: Record<string, Record<string, unknown>>;
  findings: Array<Record<string, unknown>>;
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
      ['audit', '.', '--metrics', DEMO_METRICS, '--format', 'json'],
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
  const objects = manifestObjects(DEMO_MANIFESTS);

  it('audits the same in any order of its objects', async () => {
    const expected = await audit(objects);
    expect(expected.findings.length).toBeGreaterThan(0);
    const random = seededRandom(11);
    for (let round = 0; round < 5; round++) {
      const shuffled = random.shuffled(objects);
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
