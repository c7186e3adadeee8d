import { UsageError } from './errors';

/**
 * Default of `--max-file-size`: a `kubectl get -A -o json` dump of a large
 * cluster is one file (326 MB for 40,000 pods), and the CLI must read it.
 * Node.js holds at most about 512 MiB of text in one string anyway.
 */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** `512MiB`, `20MB`, `1.5GiB` or a number of bytes, as a whole number of bytes. */
export function parseFileSize(
  text: string,
  option = '--max-file-size',
): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  const bytes = match && unit ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new UsageError(
      `${option}: "${text}" is not a size (e.g. 512MiB, 20MB or a number of bytes)`,
    );
  }
  return bytes;
}
