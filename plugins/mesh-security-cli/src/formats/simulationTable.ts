import chalk from 'chalk';
import type { SimulationResult } from '@mesh-security/plugin-mesh-security-common';

const rate = (r: number) =>
  `${Number(r.toFixed(2)).toLocaleString('en-US', {
    maximumFractionDigits: 2,
  })}/s`;

/** Human view of a what-if: the verdict first, then flows, workloads and findings. */
export function formatSimulationTable(
  result: SimulationResult,
  context: { color: boolean },
): string {
  const c = new chalk.Instance({ level: context.color ? 1 : 0 });
  const lines: string[] = [];
  lines.push(c.bold(`CHANGE (${result.changed.length})`));
  result.changed.forEach(x => lines.push(`  ${x}`));
  lines.push('');

  const breaks = result.flows.filter(f => f.outcome === 'breaks');
  const restored = result.flows.filter(f => f.outcome === 'restored');
  if (!result.trafficJudged) {
    lines.push(c.yellow('Observed traffic not judged (no metrics given).'), '');
  } else {
    lines.push(
      c.bold(`FLOWS THAT WOULD BREAK (${breaks.length})`),
      ...(breaks.length === 0
        ? ['  none observed']
        : breaks.map(
            f =>
              `  ${c.red(`${f.source} → ${f.destination}`)}  ${rate(f.rate)}  ${
                f.cause
              }  ${f.reason}`,
          )),
      '',
    );
    if (restored.length > 0)
      lines.push(
        c.bold(`FLOWS THAT WOULD WORK AGAIN (${restored.length})`),
        ...restored.map(
          f =>
            `  ${c.green(`${f.source} → ${f.destination}`)}  ${rate(f.rate)}  ${
              f.cause
            }`,
        ),
        '',
      );
  }
  if (result.workloads.length > 0) {
    lines.push(c.bold(`WORKLOADS THAT CHANGE (${result.workloads.length})`));
    for (const w of result.workloads) {
      const was = w.before
        ? `${w.before.dataplane}/${w.before.mtlsMode}/${w.before.stance}`
        : 'absent';
      const now = w.after
        ? `${w.after.dataplane}/${w.after.mtlsMode}/${w.after.stance}`
        : 'absent';
      lines.push(`  ${w.workload}  ${was} → ${now}`);
    }
    lines.push('');
  }
  for (const [title, list] of [
    ['FINDINGS ADDED', result.findingsAdded],
    ['FINDINGS REMOVED', result.findingsRemoved],
  ] as const) {
    if (list.length === 0) continue;
    lines.push(c.bold(`${title} (${list.length})`));
    list.forEach(f =>
      lines.push(
        `  ${f.severity}  ${f.rule}  ${f.subject}${
          f.port !== undefined ? `:${f.port}` : ''
        }`,
      ),
    );
    lines.push('');
  }
  let verdict = c.green('breaks nothing observed');
  if (!result.trafficJudged) verdict = c.yellow('traffic not judged');
  else if (breaks.length > 0)
    verdict = c.red(
      `BREAKS ${breaks.length} observed flow${
        breaks.length === 1 ? '' : 's'
      } (${rate(result.breaking.rate)})`,
    );
  lines.push(
    `${result.workloads.length} workload${
      result.workloads.length === 1 ? '' : 's'
    } change · findings +${result.findingsAdded.length} −${
      result.findingsRemoved.length
    } · ${verdict}`,
  );
  return `${lines.join('\n')}\n`;
}
