/**
 * `mesh-security` command line: audits Istio mTLS and authorization posture of
 * Kubernetes manifests with the same engine the Backstage plugin uses.
 *
 * @packageDocumentation
 */
import { unsupportedNodeMessage } from '@mesh-security/plugin-mesh-security-common';
import { runCli } from './main';
import { engines, version } from '../package.json';

const unsupported = unsupportedNodeMessage(
  'mesh-security',
  process.version,
  engines.node,
);
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
  process.exitCode = 2;
} else {
  run();
}

function run() {
  runCli(process.argv.slice(2), {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    clock: () => new Date(),
    version,
  }).then(code => {
    // exitCode, not exit(): let a large report finish flushing to a pipe
    process.exitCode = code;
  });
}
