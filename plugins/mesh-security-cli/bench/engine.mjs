/**
 * Engine benchmark (not a test): how the posture engine scales against the
 * cheapest possible pass over the same input, JSON.parse of the dump.
 *
 *   yarn bench:engine        (builds -common, the engine and the CLI, then
 *                             node --expose-gc bench/engine.mjs in this package)
 *
 * The engine runs as published: the packages' built dist/ (see
 * ./builtPackages.mjs), not the TypeScript sources through a transform.
 *
 * Generates the synthetic mesh of ./syntheticMesh.mjs at 1x and 4x. Each size
 * is measured in one process of its own (this file with `--scale N`): a small
 * warm-up mesh first (so the figures do not pay for JIT compilation of the
 * engine), then the dump, the median of RUNS runs of JSON.parse(dump) and of
 * evaluateMesh over the parsed objects, and the process's peak RSS
 * (getrusage maxrss at its end: everything it ever held, Node and the loaded
 * engine included). A process per size keeps one size's freed pages, which V8
 * and the allocator keep resident, out of the other's peak.
 * Then the whole CLI on a real file: one more process writes the 4x dump to a
 * temporary file and times, RUNS times each, from spawn to exit: a fresh
 * `node -e` that reads and JSON.parses the file, and the CLI as published
 * (./publishedCli.mjs: the built dist/ of the CLI and its packages, as
 * `npx @mesh-security/cli` would). The figure is the median CLI run over the
 * median fresh parse: both start to exit, both paying for Node's start and a
 * heap grown from nothing. JSON.parse of the file's text inside this process
 * (heap already grown, about half the fresh time) is printed as context.
 * The last four lines are the figures:
 *   size 1x engine/parse ratio: R
 *   size 4x engine/parse ratio: R
 *   memory/dump ratio: M      (peak RSS of the 4x process / 4x dump bytes)
 *   cli dump 4x / JSON.parse ratio: C (both start to exit, fresh processes; …)
 * The net ratio, (peak - baseline) / dump with the baseline read right before
 * the dump is generated, is printed on an earlier line as context.
 * Targets: R <= 2.0, M <= 3.0, C <= 2.5.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { rootCertificate } from './rootCertificate.mjs';
import { useBuiltPackages } from './builtPackages.mjs';
import {
  generateDump,
  NAMESPACES_PER_SCALE,
  PER_NAMESPACE,
} from './syntheticMesh.mjs';

const require = createRequire(import.meta.url);
const CLI_WORKER = process.argv.includes('--cli-dump');
const WORKER = process.argv.includes('--scale') || CLI_WORKER;
// Only a worker (one size) loads the engine: the engine as published
// (dist/), built by `yarn bench:engine`. The parent only starts workers.
let evaluateMesh;
if (WORKER) {
  useBuiltPackages([
    '@mesh-security/plugin-mesh-security-common',
    '@mesh-security/mesh-security-engine',
  ]);
  ({ evaluateMesh } = require('@mesh-security/mesh-security-engine'));
}

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALES = [1, 4];
const CLI_SCALE = 4;
// the CLI as published (dist/), not the sources through the transform
const CLI = fileURLToPath(new URL('./publishedCli.mjs', import.meta.url));
const WARM_UP_SCALE = 0.1;
/** The baseline of the CLI figure: a fresh process reading and parsing the file. */
const FRESH_PARSE =
  "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))";
const NOW = new Date('2026-11-27T09:00:00Z');
const MB = 1024 * 1024;

const gc = globalThis.gc ?? (() => undefined);
if (!globalThis.gc)
  console.log('note: run with --expose-gc for steadier memory figures');
if (RUNS < 5) throw new Error('BENCH_RUNS must be at least 5');

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = n => `${n.toFixed(0)} ms`;
const rssMb = () => (process.memoryUsage().rss / MB).toFixed(0);
const peakRssBytes = () => process.resourceUsage().maxRSS * 1024;

function warmUp(pem) {
  let { dump } = generateDump(WARM_UP_SCALE, pem);
  const start = performance.now();
  for (let run = 0; run < 3; run++)
    evaluateMesh({ objects: JSON.parse(dump).items, now: NOW });
  dump = undefined;
  gc();
  console.log(
    `warm-up: 3 runs on ${
      NAMESPACES_PER_SCALE * WARM_UP_SCALE
    } namespaces in ${ms(performance.now() - start)}`,
  );
}

function measure(scale, pem) {
  gc();
  const baselineRss = process.memoryUsage().rss;
  // one binding for the dump, so releasing it below really frees the string
  // eslint-disable-next-line prefer-const
  let { dump, counts, workloads } = generateDump(scale, pem);
  const bytes = Buffer.byteLength(dump);
  console.log(
    `\n== size ${scale}x: ${NAMESPACES_PER_SCALE * scale} namespaces, dump ${(
      bytes / MB
    ).toFixed(1)} MB, rss ${rssMb()} MB`,
  );
  console.log(
    `   objects: ${Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );

  const parseTimes = [];
  let objects;
  for (let run = 0; run < RUNS; run++) {
    objects = undefined;
    gc();
    const start = performance.now();
    objects = JSON.parse(dump).items;
    parseTimes.push(performance.now() - start);
  }
  // the engine works on parsed objects; the text is not needed any more
  dump = undefined;
  gc();
  console.log(
    `   JSON.parse: ${parseTimes.map(ms).join(', ')}; median ${ms(
      median(parseTimes),
    )}; rss ${rssMb()} MB, peak so far ${(peakRssBytes() / MB).toFixed(0)} MB`,
  );

  const engineTimes = [];
  let summary;
  for (let run = 0; run < RUNS; run++) {
    gc();
    const start = performance.now();
    const report = evaluateMesh({ objects, now: NOW });
    engineTimes.push(performance.now() - start);
    summary ??= summarize(report);
  }
  console.log(
    `   evaluateMesh: ${engineTimes.map(ms).join(', ')}; median ${ms(
      median(engineTimes),
    )}; rss ${rssMb()} MB, peak so far ${(peakRssBytes() / MB).toFixed(0)} MB`,
  );
  console.log(`   report: ${summary.text}`);
  if (summary.workloads < workloads) {
    // a fast engine that misreads the input proves nothing
    throw new Error(
      `engine saw ${summary.workloads} workloads, the generator made ${workloads} Deployments`,
    );
  }
  const ratio = median(engineTimes) / median(parseTimes);
  objects = undefined;
  gc();
  return { scale, bytes, ratio, baselineRss };
}

function summarize(report) {
  const byRule = {};
  for (const f of report.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  const workloads = Object.values(report.workloads).filter(
    w => w.kind === 'Deployment',
  ).length;
  const rules = Object.entries(byRule)
    .sort()
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  return {
    workloads,
    text: `${
      Object.keys(report.workloads).length
    } workloads (${workloads} Deployments), ${
      report.findings.length
    } findings (${rules}), ${report.warnings.length} warnings`,
  };
}

const RESULT = 'bench-result ';

/** Worker: one size, in this process; its result as the last line. */
function measureOneScale(scale) {
  const pem = rootCertificate();
  warmUp(pem);
  // the peak of this whole process, read after everything it did
  const result = { ...measure(scale, pem), peakRss: peakRssBytes() };
  console.log(`${RESULT}${JSON.stringify(result)}`);
}

/**
 * Worker: the CLI start to exit on the dump written to a file, against
 * JSON.parse of the same file's text.
 */
function measureCli(scale) {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-security-bench-'));
  try {
    const file = join(dir, `dump-${scale}x.json`);
    let { dump } = generateDump(scale, rootCertificate());
    writeFileSync(file, dump, 'latin1');
    const bytes = Buffer.byteLength(dump);
    dump = undefined;
    gc();
    console.log(
      `\n== cli on the ${scale}x dump file (${(bytes / MB).toFixed(1)} MB)`,
    );

    // eslint-disable-next-line prefer-const
    let text = readFileSync(file, 'utf8');
    const parseTimes = [];
    for (let run = 0; run < RUNS; run++) {
      gc();
      const start = performance.now();
      JSON.parse(text);
      parseTimes.push(performance.now() - start);
    }
    text = undefined;
    gc();
    console.log(
      `   JSON.parse of the file's text in this process (heap already grown): ${parseTimes
        .map(ms)
        .join(', ')}; median ${ms(median(parseTimes))}`,
    );

    const freshParseTimes = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const parse = spawnSync(process.execPath, ['-e', FRESH_PARSE, file], {
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      freshParseTimes.push(performance.now() - start);
      if (parse.status !== 0)
        throw new Error(`node -e JSON.parse failed: ${parse.stderr}`);
    }
    console.log(
      `   node -e JSON.parse of the file, start to exit: ${freshParseTimes
        .map(ms)
        .join(', ')}; median ${ms(median(freshParseTimes))}`,
    );

    const cliTimes = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const cli = spawnSync(
        process.execPath,
        [CLI, 'audit', file, '--now', NOW.toISOString(), '--fail-on', 'none'],
        { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
      );
      cliTimes.push(performance.now() - start);
      if (cli.status !== 0) {
        throw new Error(
          `the CLI failed (exit ${cli.status ?? cli.signal}): ${cli.stderr}`,
        );
      }
    }
    console.log(
      `   mesh-security audit (table to /dev/null): ${cliTimes
        .map(ms)
        .join(', ')}; median ${ms(median(cliTimes))}`,
    );
    console.log(
      `${RESULT}${JSON.stringify({
        scale,
        bytes,
        ratio: median(cliTimes) / median(freshParseTimes),
        inProcessRatio: median(cliTimes) / median(parseTimes),
      })}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one measurement in a child process; echoes its output, returns its result. */
function runScale(scale, mode = '--scale') {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), mode, String(scale)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = (child.stdout ?? '').trimEnd().split('\n');
  const last = lines.at(-1) ?? '';
  if (child.status !== 0 || !last.startsWith(RESULT)) {
    throw new Error(
      `the ${scale}x measurement failed (exit ${
        child.status ?? child.signal
      }):\n${lines.slice(-20).join('\n')}`,
    );
  }
  console.log(lines.slice(0, -1).join('\n'));
  return JSON.parse(last.slice(RESULT.length));
}

if (WORKER) {
  const mode = CLI_WORKER ? '--cli-dump' : '--scale';
  const scale = Number(process.argv[process.argv.indexOf(mode) + 1]);
  if (!(scale > 0)) throw new Error(`${mode} needs a positive number`);
  if (CLI_WORKER) measureCli(scale);
  else measureOneScale(scale);
} else {
  console.log(
    `engine benchmark: ${RUNS} runs per measurement, one process per size; per namespace ${JSON.stringify(
      PER_NAMESPACE,
    )}`,
  );
  const results = SCALES.map(scale => runScale(scale));
  const cli = runScale(CLI_SCALE, '--cli-dump');
  const largest = results.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  console.log(
    `\npeak RSS of the ${largest.scale}x process ${(
      largest.peakRss / MB
    ).toFixed(0)} MB over a baseline of ${(largest.baselineRss / MB).toFixed(
      0,
    )} MB; net (peak - baseline)/dump ${(
      (largest.peakRss - largest.baselineRss) /
      largest.bytes
    ).toFixed(2)}; ${largest.scale}x dump ${(largest.bytes / MB).toFixed(
      1,
    )} MB` +
      `; the ${results
        .filter(r => r !== largest)
        .map(
          r =>
            `${r.scale}x process peaked at ${(r.peakRss / MB).toFixed(0)} MB`,
        )
        .join(', ')}`,
  );
  for (const r of results)
    console.log(`size ${r.scale}x engine/parse ratio: ${r.ratio.toFixed(2)}`);
  console.log(
    `memory/dump ratio: ${(largest.peakRss / largest.bytes).toFixed(2)}`,
  );
  console.log(
    `cli dump ${cli.scale}x / JSON.parse ratio: ${cli.ratio.toFixed(
      2,
    )} (mesh-security audit over node -e JSON.parse of the same file, each start to exit in a fresh process; over JSON.parse in an already grown heap: ${cli.inProcessRatio.toFixed(
      2,
    )})`,
  );
}
