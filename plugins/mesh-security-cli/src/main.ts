import { ManifestError } from '@mesh-security/mesh-security-engine';
import { parseArgs, usage } from './args';
import { runAudit } from './audit';
import { runProposeAuthz } from './propose';
import { runSimulate } from './simulate';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, UsageError } from './errors';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  clock(): Date;
  version: string;
}

/** The whole CLI as a function of argv and its surroundings; resolves to the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  try {
    const parsed = parseArgs(argv, io);
    if (parsed.kind === 'done') return EXIT_OK;
    const auditIo = {
      stdout: io.stdout,
      stderr: io.stderr,
      baseDir: baseDir(io),
      color: useColor(io),
      version: io.version,
    };
    if (parsed.kind === 'simulate')
      return await runSimulate(parsed.options, auditIo);
    if (parsed.kind === 'propose-authz')
      return await runProposeAuthz(parsed.options, auditIo);
    return await runAudit(parsed.options, auditIo);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`mesh-security: ${error.message}\n${usage()}`);
    } else if (error instanceof ManifestError || error instanceof InputError) {
      io.stderr(`${error.message}\n`);
    } else {
      // a bug, not bad input: say so, keep the trace behind a switch
      const detail = io.env.MESH_SECURITY_DEBUG
        ? `\n${(error as Error)?.stack}`
        : ' (set MESH_SECURITY_DEBUG=1 for a stack trace)';
      io.stderr(
        `mesh-security: internal error: ${
          (error as Error)?.message ?? String(error)
        }${detail}\n`,
      );
    }
    return EXIT_BAD_INPUT;
  }
}

/**
 * `yarn mesh-security …` runs the script in the project root; the paths were
 * typed relative to where yarn was started (INIT_CWD). Only trusted for our own
 * script: a child process can inherit INIT_CWD from an unrelated yarn run.
 */
function baseDir(io: CliIo): string {
  const viaYarn =
    io.env.npm_lifecycle_event === 'mesh-security' && io.env.INIT_CWD;
  return viaYarn || io.cwd;
}

function useColor(io: CliIo): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '')
    return force !== '0' && force !== 'false';
  return io.isTTY && !io.env.NO_COLOR;
}
