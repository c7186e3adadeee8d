import type { SourceStatus } from '@mesh-security/plugin-mesh-security-common';

/** warnings named one by one; more are counted */
export const REPORT_WARNINGS_LIMIT = 20;

/**
 * A cluster's status with what the engine skipped or could not use: an
 * object it skipped (a policy whose selector the API server would refuse), a
 * suppress annotation naming an unknown rule. The CLI prints these; in the
 * portal they belong on the cluster's source, where every reader sees that
 * the posture was computed without them, rather than nowhere.
 */
export function withReportWarnings(
  status: SourceStatus,
  warnings: readonly string[] | undefined,
): SourceStatus {
  if (!warnings?.length) return status;
  const named = warnings.slice(0, REPORT_WARNINGS_LIMIT);
  const more = warnings.length - named.length;
  return {
    ...status,
    warnings: [
      ...(status.warnings ?? []),
      ...named,
      ...(more > 0 ? [`…and ${more} more objects skipped`] : []),
    ],
  };
}
