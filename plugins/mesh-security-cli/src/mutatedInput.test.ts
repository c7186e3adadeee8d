import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, writeTree } from './testing/cliHarness';
import { manifestObjects } from './testing/manifestObjects';
import { seededRandom } from './testing/seededRandom';

/*
 * Manifests and metrics written by someone else: the demo mesh with a few
 * fields deleted, retyped or wrapped in a list, chosen by a seeded generator
 * so that a failure names an input that can be written again. Whatever the
 * edit, the CLI answers with a verdict (0/1) or one line of bad input (2),
 * never an internal error.
 */

const DEMO = join(__dirname, '../../../examples/mesh');
const DEMO_MANIFESTS = join(DEMO, 'manifests');
const DEMO_METRICS = join(DEMO, 'metrics-snapshot.json');

const ODD_VALUES: unknown[] = [
  null,
  0,
  -1,
  3.5,
  1e308,
  65536,
  true,
  '',
  '*',
  '/',
  '../..',
  'STRICTT',
  'x'.repeat(5000),
  [],
  [null],
  ['*'],
  {},
  { a: 1 },
  'DISABLE',
  'ISTIO_MUTUAL',
  'PERMISSIVE',
  'UNSET',
];

/** every key path of `value`, containers included */
function keyPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object') return [];
  return Object.keys(value).flatMap(key => [
    [...prefix, key],
    ...keyPaths((value as Record<string, unknown>)[key], [...prefix, key]),
  ]);
}

/** one to three edits of a copy of `value`: a key deleted, given an odd value, or wrapped in a list */
function mutate<T>(value: T, random: ReturnType<typeof seededRandom>): T {
  const copy = structuredClone(value);
  const paths = keyPaths(copy);
  const edits = 1 + Math.floor(random.next() * 3);
  for (let i = 0; i < edits && paths.length > 0; i++) {
    const path = random.pick(paths);
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) {
      parent = (parent as Record<string, unknown> | undefined)?.[key];
    }
    if (!parent || typeof parent !== 'object') continue;
    const holder = parent as Record<string, unknown>; // a list's indices are keys too
    const key = path[path.length - 1];
    const roll = random.next();
    if (roll < 0.3) delete holder[key];
    else if (roll < 0.85) holder[key] = random.pick(ODD_VALUES);
    else holder[key] = [holder[key]];
  }
  return copy;
}

function expectAnswered(
  result: { code: number; stdout: string; stderr: string },
  input: string,
) {
  const context = `${result.stderr.slice(0, 300)}\ninput:\n${input.slice(
    0,
    2000,
  )}`;
  expect({ internal: /internal error/.test(result.stderr), context }).toEqual({
    internal: false,
    context,
  });
  expect([0, 1, 2]).toContain(result.code);
  if (result.code === 2) {
    // one line: `file:line: reason` or `file: reason`
    expect(result.stderr).toMatch(/^[^\n]+: [^\n]+\n$/);
  } else {
    expect(JSON.parse(result.stdout)).toHaveProperty('workloads');
  }
}

/** 40 CLI runs per test: ~1–5 s on a shared 2-core machine, and CI runs every package's tests at once */
const FORTY_RUNS_MS = 60_000;

/** One edited input: the files of its folder, the CLI's arguments there, and the text a refusal may quote. */
interface Edit {
  files: Record<string, string>;
  args: string[];
  shown: string;
}

/** Audits 40 edits, each answered with a verdict or one line of bad input; the exit codes seen. */
async function auditEdits(edit: () => Edit): Promise<Set<number>> {
  const codes = new Set<number>();
  for (let i = 0; i < 40; i++) {
    const { files, args, shown } = edit();
    const tree = await writeTree(files);
    try {
      const result = await run(args, { cwd: tree.dir });
      expectAnswered(result, shown);
      codes.add(result.code);
    } finally {
      await tree.cleanup();
    }
  }
  return codes;
}

/** Which answers the edits got: refused inputs (exit 2), audited ones (any other). */
function answers(codes: Set<number>) {
  return {
    refused: codes.has(2),
    audited: [...codes].some(code => code !== 2),
  };
}

describe('audits of edited demo inputs', () => {
  const objects = manifestObjects(DEMO_MANIFESTS);
  const metrics = JSON.parse(readFileSync(DEMO_METRICS, 'utf8'));

  it.each([1, 2, 3])(
    'answers every edited manifest with a verdict or one line of bad input (seed %i)',
    async seed => {
      const random = seededRandom(seed);
      const codes = await auditEdits(() => {
        const victim = Math.floor(random.next() * objects.length);
        const items = objects.map((o, j) =>
          j === victim ? mutate(o, random) : o,
        );
        return {
          files: {
            'mesh.json': JSON.stringify(
              { apiVersion: 'v1', kind: 'List', items },
              null,
              1,
            ),
          },
          args: ['audit', '.', '--format', 'json'],
          shown: JSON.stringify(items[victim], null, 1),
        };
      });
      // the edits reach both sides
      expect(answers(codes)).toEqual({ refused: true, audited: true });
    },
    FORTY_RUNS_MS,
  );

  it(
    'answers every edited metrics snapshot with a verdict or one line of bad input',
    async () => {
      const random = seededRandom(7);
      const codes = await auditEdits(() => {
        const input = JSON.stringify(mutate(metrics, random));
        return {
          files: { 'metrics.json': input },
          args: [
            'audit',
            DEMO_MANIFESTS,
            '--metrics',
            'metrics.json',
            '--format',
            'json',
          ],
          shown: input,
        };
      });
      // the edits reach both sides
      expect(answers(codes)).toEqual({ refused: true, audited: true });
    },
    FORTY_RUNS_MS,
  );
});
