import type {
  FlowChange,
  SimulationResult,
} from '@mesh-security/plugin-mesh-security-common';
import { describeRule } from '@mesh-security/plugin-mesh-security-common';
import type { SourceLocation } from '../locateFindings';
import { SARIF_SCHEMA, artifactUri, sarifLevel } from './sarif';

const FLOW_RULES: Record<string, string> = {
  'strict-rejects-plaintext': 'STRICT would reject observed plaintext callers',
  'authz-denies': 'AuthorizationPolicies would deny observed callers',
  'client-tls-fails': 'A DestinationRule would fail against the server',
};

export interface SimulationSarifContext {
  /** where a changed object (`Kind ns/name`) is declared in the change files */
  locate(changed: string): SourceLocation | undefined;
  baseDir: string;
  version: string;
}

/**
 * SARIF for a pull-request check: each observed flow the change would break,
 * and each finding it adds, placed on the changed object's file and line.
 */
export function formatSimulationSarif(
  result: SimulationResult,
  context: SimulationSarifContext,
): string {
  const locations = (changed: string[]) =>
    changed
      .map(ch => ({ ch, at: context.locate(ch) }))
      .filter((x): x is { ch: string; at: SourceLocation } => !!x.at)
      .map(({ ch, at }) => ({
        physicalLocation: {
          artifactLocation: { uri: artifactUri(at.file, context.baseDir) },
          region: { startLine: at.line },
        },
        logicalLocations: [{ fullyQualifiedName: ch, kind: 'resource' }],
      }));
  const breaking = result.flows.filter(f => f.outcome === 'breaks');
  const flowRuleIds = [...new Set(breaking.map(f => `flow/${f.cause}`))];
  const findingRuleIds = [...new Set(result.findingsAdded.map(f => f.rule))];
  const rules = [
    ...flowRuleIds.map(id => ({
      id,
      shortDescription: { text: FLOW_RULES[id.slice(5)] ?? id },
      defaultConfiguration: { level: 'error' },
    })),
    ...findingRuleIds.map(id => {
      const d = describeRule(id, 'info');
      return {
        id,
        shortDescription: { text: d.summary },
        helpUri: d.help,
        defaultConfiguration: { level: sarifLevel(d.severity) },
      };
    }),
  ];
  const changedLocations = locations(result.changed);
  const results = [
    ...breaking.map((f: FlowChange) => ({
      ruleId: `flow/${f.cause}`,
      level: 'error',
      message: { text: f.reason },
      locations:
        locations(f.changedBy).length > 0
          ? locations(f.changedBy)
          : changedLocations,
      properties: {
        source: f.source,
        destination: f.destination,
        rate: f.rate,
        ...(f.principal && { principal: f.principal }),
        ...(f.port !== undefined && { port: f.port }),
      },
    })),
    ...result.findingsAdded.map(f => ({
      ruleId: f.rule,
      level: sarifLevel(f.severity),
      message: { text: `${f.subject}: ${f.reason}` },
      locations: changedLocations,
      properties: { severity: f.severity, subject: f.subject },
    })),
  ];
  return `${JSON.stringify(
    {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'mesh-security simulate',
              version: context.version,
              rules,
            },
          },
          results,
        },
      ],
    },
    null,
    2,
  )}\n`;
}
