/**
 * `mesh-security` command line: audits Istio mTLS and authorization posture of
 * Kubernetes manifests with the same engine the Backstage plugin uses.
 *
 * @packageDocumentation
 */
import { runCli } from './main';
import { version } from '../package.json';

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
