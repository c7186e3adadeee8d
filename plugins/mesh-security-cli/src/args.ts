import { Command, CommanderError, Option } from 'commander';
import { FAIL_ON_CHOICES } from './severity';
import type { FailOn } from './severity';
import { UsageError } from './errors';

export const OUTPUT_FORMATS = ['table', 'json', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface AuditOptions {
  paths: string[];
  metrics?: string;
  now: Date;
  format: OutputFormat;
  failOn: FailOn;
}

/** What the command line asked for: an audit, or text already printed (help, version). */
export type ParsedArgs =
  | { kind: 'audit'; options: AuditOptions }
  | { kind: 'done' };

export interface ArgsIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** the current time, used when --now is absent */
  clock(): Date;
  version: string;
}

/**
 * Parses `audit PATH... [--metrics FILE] [--now ISO] [--format F] [--fail-on S]`.
 * @throws UsageError for anything commander or our own checks reject
 */
export function parseArgs(argv: readonly string[], io: ArgsIo): ParsedArgs {
  let audit: AuditOptions | undefined;
  const program = new Command('mesh-security')
    .description('Istio mTLS and authorization posture of Kubernetes manifests')
    .version(io.version, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: text => io.stdout(text),
      // commander's own error line is replaced by ours (UsageError + usage)
      writeErr: () => undefined,
    });

  program
    .command('audit')
    .description(
      'evaluate manifests (and optionally a metrics snapshot) and report findings',
    )
    .argument(
      '<paths...>',
      'manifest files or folders (.yaml, .yml, .json; folders are read recursively)',
    )
    .option('--metrics <file>', 'Istio metrics snapshot (MeshMetrics JSON)')
    .option(
      '--now <iso-8601>',
      'evaluation time for certificate expiry (default: now)',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(OUTPUT_FORMATS)
        .default('table'),
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a finding is at or above this severity',
      )
        .choices(FAIL_ON_CHOICES)
        .default('high'),
    )
    .action(
      (
        paths: string[],
        opts: {
          metrics?: string;
          now?: string;
          format: OutputFormat;
          failOn: FailOn;
        },
      ) => {
        audit = {
          paths,
          metrics: opts.metrics,
          now: opts.now === undefined ? io.clock() : parseNow(opts.now),
          format: opts.format,
          failOn: opts.failOn,
        };
      },
    );

  if (argv.length === 0) throw new UsageError('missing command');
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return { kind: 'done' }; // --help, --version
      throw new UsageError(error.message.replace(/^error: /, ''));
    }
    throw error;
  }
  if (!audit) throw new UsageError('missing command');
  return { kind: 'audit', options: audit };
}

export function usage(): string {
  return [
    'Usage: mesh-security audit PATH... [--metrics FILE] [--now ISO-8601]',
    '                          [--format table|json|sarif] [--fail-on critical|high|medium|low|info|none]',
    '',
    'Exit codes: 0 no finding at or above --fail-on (default high), 1 some, 2 bad input.',
    "Run 'mesh-security audit --help' for details.",
    '',
  ].join('\n');
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A full ISO-8601 date or date-time; rejects impossible dates such as 2026-02-30. */
export function parseNow(text: string): Date {
  const match = ISO_8601.exec(text);
  const date = new Date(text);
  if (!match || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--now: "${text}" is not an ISO-8601 date or date-time (e.g. 2026-11-27T09:00:00Z)`,
    );
  }
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const calendar = new Date(Date.UTC(+year, +month - 1, +day));
  if (
    calendar.getUTCDate() !== +day ||
    calendar.getUTCMonth() !== +month - 1 ||
    +hour > 23 ||
    +minute > 59 ||
    +second > 59
  ) {
    throw new UsageError(`--now: "${text}" is not a valid date`);
  }
  return date;
}
