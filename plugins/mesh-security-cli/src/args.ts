import { Command, CommanderError, Option } from 'commander';
import { FAIL_ON_CHOICES } from './severity';
import type { FailOn } from './severity';
import { UsageError } from './errors';
import { DEFAULT_MAX_FILE_BYTES, parseFileSize } from './fileSize';
import { formatRules } from './formats/rules';
import type { ProposeOptions } from './propose';
import type { SimulateOptions } from './simulate';

export const OUTPUT_FORMATS = ['table', 'json', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface AuditOptions {
  paths: string[];
  metrics?: string;
  now: Date;
  format: OutputFormat;
  failOn: FailOn;
  /** largest manifest file read, in bytes */
  maxFileSize: number;
  /** YAML list of suppression entries */
  suppressions?: string;
}

/** What the command line asked for: an audit, a what-if, a proposal, or text already printed (help, version). */
export type ParsedArgs =
  | { kind: 'audit'; options: AuditOptions }
  | { kind: 'simulate'; options: SimulateOptions }
  | { kind: 'propose-authz'; options: ProposeOptions }
  | { kind: 'done' };

export interface ArgsIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** the current time, used when --now is absent */
  clock(): Date;
  version: string;
}

/**
 * Parses `audit PATH... [--metrics FILE] [--now ISO] [--format F] [--fail-on S] [--suppressions FILE] [--max-file-size SIZE]`.
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
      '--suppressions <file>',
      'YAML list of accepted findings: { rule, subject, reason, until? }',
    )
    .option(
      '--now <iso-8601>',
      'evaluation time for certificate expiry (default: now)',
    )
    .option(
      '--max-file-size <size>',
      'largest manifest file read, e.g. 512MiB, 20MB or bytes (default: 512MiB)',
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
          suppressions?: string;
          maxFileSize?: string;
        },
      ) => {
        audit = {
          paths,
          metrics: opts.metrics,
          ...(opts.suppressions !== undefined && {
            suppressions: opts.suppressions,
          }),
          now: opts.now === undefined ? io.clock() : parseNow(opts.now),
          format: opts.format,
          failOn: opts.failOn,
          maxFileSize:
            opts.maxFileSize === undefined
              ? DEFAULT_MAX_FILE_BYTES
              : parseFileSize(opts.maxFileSize),
        };
      },
    );

  let other: ParsedArgs | undefined;
  const maxFileSize = (value?: string) =>
    value === undefined ? DEFAULT_MAX_FILE_BYTES : parseFileSize(value);
  const nowOf = (value?: string) =>
    value === undefined ? io.clock() : parseNow(value);
  program
    .command('simulate')
    .description(
      'what-if: evaluate BASE with the change files applied and report the observed flows it would break',
    )
    .argument('<base...>', 'manifest files or folders of the current state')
    .requiredOption(
      '--change <files...>',
      'manifests of the change (an object annotated mesh-security.io/change: delete removes its namesake)',
    )
    .option(
      '--metrics <file>',
      'Istio metrics snapshot: needed to judge observed traffic',
    )
    .option('--now <iso-8601>', 'evaluation time (default: now)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(OUTPUT_FORMATS)
        .default('table'),
    )
    .option('--fail-on-break', 'exit 1 when an observed flow would break')
    .option('--max-file-size <size>', 'largest manifest file read')
    .action(
      (
        base: string[],
        opts: {
          change: string[];
          metrics?: string;
          now?: string;
          format: OutputFormat;
          failOnBreak?: boolean;
          maxFileSize?: string;
        },
      ) => {
        other = {
          kind: 'simulate',
          options: {
            base,
            change: opts.change,
            ...(opts.metrics !== undefined && { metrics: opts.metrics }),
            now: nowOf(opts.now),
            format: opts.format,
            failOnBreak: opts.failOnBreak === true,
            maxFileSize: maxFileSize(opts.maxFileSize),
          },
        };
      },
    );
  program
    .command('propose')
    .description('propose policies from observed traffic')
    .command('authz')
    .description(
      'a least-privilege AuthorizationPolicy for one workload, from its observed callers, checked by the what-if simulation',
    )
    .argument('<paths...>', 'manifest files or folders')
    .requiredOption(
      '--metrics <file>',
      'Istio metrics snapshot (the observed callers)',
    )
    .requiredOption('--workload <namespace/name>', 'the workload to protect')
    .option('--now <iso-8601>', 'evaluation time (default: now)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['yaml', 'json'])
        .default('yaml'),
    )
    .option('--max-file-size <size>', 'largest manifest file read')
    .action(
      (
        paths: string[],
        opts: {
          metrics: string;
          workload: string;
          now?: string;
          format: 'yaml' | 'json';
          maxFileSize?: string;
        },
      ) => {
        if (!/^[^/]+\/[^/]+$/.test(opts.workload))
          throw new UsageError(
            `--workload: "${opts.workload}" is not namespace/name`,
          );
        other = {
          kind: 'propose-authz',
          options: {
            paths,
            metrics: opts.metrics,
            workload: opts.workload,
            now: nowOf(opts.now),
            format: opts.format,
            maxFileSize: maxFileSize(opts.maxFileSize),
          },
        };
      },
    );

  let listed = false;
  program
    .command('rules')
    .description('list the finding catalog: rule id, default severity, meaning')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .action((opts: { format: 'table' | 'json' }) => {
      io.stdout(formatRules(opts.format));
      listed = true;
    });

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
  if (listed) return { kind: 'done' };
  if (other) return other;
  if (!audit) throw new UsageError('missing command');
  return { kind: 'audit', options: audit };
}

export function usage(): string {
  return [
    'Usage: mesh-security audit PATH... [--metrics FILE] [--now ISO-8601]',
    '                          [--format table|json|sarif] [--fail-on critical|high|medium|low|info|none]',
    '                          [--suppressions FILE] [--max-file-size SIZE]',
    '',
    'Exit codes: 0 no finding at or above --fail-on (default high), 1 some, 2 bad input.',
    '       mesh-security simulate BASE... --change FILE... [--metrics FILE] [--format table|json|sarif] [--fail-on-break]',
    '       mesh-security propose authz PATH... --metrics FILE --workload NAMESPACE/NAME [--format yaml|json]',
    '       mesh-security rules [--format table|json]   (the finding catalog)',
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
