// Prints one closing line over every test that ran: jest's JSON result
// (unit + integration) and node's TAP output of the other runs (end-to-end,
// replicas).
import { existsSync, readFileSync } from 'node:fs';

const [jestJson, ...tapFiles] = process.argv.slice(2);
let passed = 0;
let failed = 0;
if (jestJson && existsSync(jestJson)) {
  const r = JSON.parse(readFileSync(jestJson, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
}
for (const tapFile of tapFiles.filter(f => existsSync(f))) {
  const tap = readFileSync(tapFile, 'utf8');
  passed += Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
  failed += Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
