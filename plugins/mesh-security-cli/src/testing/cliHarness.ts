import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temp folder holding `files` (path → content); removed by `cleanup`. */
export async function writeTree(
  files: Record<string, string>,
): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mesh-security-cli-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function run(
  argv: string[],
  options: { cwd: string; isTTY?: boolean; env?: Record<string, string> },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: text => {
      stdout += text;
    },
    stderr: text => {
      stderr += text;
    },
    cwd: options.cwd,
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    clock: () => new Date('2026-11-27T09:00:00Z'),
    version: '0.0.0-test',
  });
  return { code, stdout, stderr };
}
