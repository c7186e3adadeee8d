/**
 * A suppression that cannot be used: it names its origin (a config key or a
 * file), the entry and, for a file, the line, so a typo never turns into a
 * suppression that silently does nothing (or suppresses too much).
 * @public
 */
export class SuppressionError extends Error {
  /** config key (`meshSecurity.suppressions`) or file name */
  readonly origin: string;
  /** index of the entry in the list; absent when the list itself is wrong */
  readonly index?: number;
  /** the entry's field at fault, if one is */
  readonly field?: string;
  /** 1-based line, for a file */
  readonly line?: number;
  readonly reason: string;

  constructor(
    origin: string,
    reason: string,
    where: { index?: number; field?: string; line?: number } = {},
  ) {
    super(
      where.line !== undefined
        ? `${origin}:${where.line}: ${reason}`
        : `${origin}${
            where.index !== undefined ? `[${where.index}]` : ''
          }: ${reason}`,
    );
    this.name = 'SuppressionError';
    this.origin = origin;
    this.reason = reason;
    if (where.index !== undefined) this.index = where.index;
    if (where.field !== undefined) this.field = where.field;
    if (where.line !== undefined) this.line = where.line;
  }
}
