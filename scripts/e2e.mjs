// Runs the end-to-end tests with node's test runner: a readable report on
// stdout and a TAP copy in test-output/ for the closing summary line.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

mkdirSync('test-output', { recursive: true });
const files = process.argv.slice(2);
const { status } = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=1',
    '--test-timeout=900000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    '--test-reporter-destination=test-output/e2e.tap',
    ...(files.length ? files : ['e2e-tests/*.test.mjs']),
  ],
  { stdio: 'inherit' },
);
process.exit(status ?? 1);
