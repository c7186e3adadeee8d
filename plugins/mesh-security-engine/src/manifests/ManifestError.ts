/**
 * A manifest that cannot be read as Kubernetes objects. Always carries the file
 * and the 1-based line so a user can jump to the problem.
 * @public
 */
export class ManifestError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ManifestError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}
