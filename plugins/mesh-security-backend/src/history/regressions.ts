import { createHash } from 'node:crypto';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  EntityWorkload,
  Finding,
} from '@mesh-security/plugin-mesh-security-common';
import { ownerRefs } from '../entities/ownership';
import type { IndexedSnapshot } from '../snapshot/IndexedSnapshot';
import { EntityMatch, matchEntity } from '../views/entityPosture';
import { mtlsTrafficShare } from '../views/summary';
import type { MatchedEntity } from '../views/teamScorecard';
import { modeUnknown } from '../views/unknownKinds';

export type RegressionKind = 'new-finding' | 'strict-lost' | 'mtls-share-drop';

/** Something that got worse for an entity between two refreshes. */
export interface Regression {
  /**
   * Stable for the same regression measured against the same earlier
   * snapshot: two replicas (or a refresh retried from the same snapshot)
   * compute the same id, a later return of the same problem a new one.
   */
  id: string;
  kind: RegressionKind;
  entityRef: string;
  /** owner refs of the entity: who is told */
  owners: string[];
  title: string;
  description: string;
  severity: 'critical' | 'high';
  /** path of the entity's mTLS tab in the app */
  link: string;
}

const WEAKER_THAN_STRICT = new Set(['PERMISSIVE', 'DISABLE', 'NONE']);

const findingKey = (cluster: string, f: Finding) =>
  `${cluster}|${f.rule}|${f.subject}|${f.port ?? ''}`;
const workloadKey = (w: EntityWorkload) =>
  `${w.cluster}/${w.namespace}/${w.name}`;
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

function regressionId(parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** `/catalog/<namespace>/<kind>/<name>/<tab>`, as the catalog's entity route spells it. */
export function entityTabLink(entityRef: string, tabPath: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const part = (s: string) => encodeURIComponent(s.toLocaleLowerCase('en-US'));
  return `/catalog/${part(namespace)}/${part(kind)}/${encodeURIComponent(
    name,
  )}/${tabPath}`;
}

function newFindings(
  now: EntityMatch,
  before: EntityMatch,
): Array<{ cluster: string; finding: Finding }> {
  // where the earlier refresh could not read everything, its findings were a
  // lower bound: one "appearing" there may only have become visible
  const unreadBefore = new Set(
    before.workloads.filter(w => w.unknownKinds?.length).map(w => w.cluster),
  );
  const seen = new Set(
    before.findings.map(({ cluster, finding }) => findingKey(cluster, finding)),
  );
  return now.findings.filter(
    ({ cluster, finding }) =>
      (finding.severity === 'critical' || finding.severity === 'high') &&
      !unreadBefore.has(cluster) &&
      !seen.has(findingKey(cluster, finding)),
  );
}

function strictLost(
  now: EntityMatch,
  before: EntityMatch,
): Array<{ workload: EntityWorkload; from: EntityWorkload }> {
  const earlier = new Map(before.workloads.map(w => [workloadKey(w), w]));
  const lost: Array<{ workload: EntityWorkload; from: EntityWorkload }> = [];
  for (const workload of now.workloads) {
    const from = earlier.get(workloadKey(workload));
    // a mode computed without its PeerAuthentications is a guess, then or now
    if (!from || modeUnknown(from) || modeUnknown(workload)) continue;
    if (from.mtlsMode === 'STRICT' && WEAKER_THAN_STRICT.has(workload.mtlsMode))
      lost.push({ workload, from });
  }
  return lost;
}

/**
 * The regressions of each entity from the `previous` snapshot to the current
 * one (`entities`, matched against it): a new high or critical finding, a
 * workload no longer STRICT, the mTLS share of its inbound traffic down by
 * more than `mtlsShareDrop`. Entities without an owner have nobody to tell.
 */
export function detectRegressions(options: {
  previous: IndexedSnapshot;
  entities: MatchedEntity[];
  mtlsShareDrop: number;
  tabPath?: string;
}): Regression[] {
  const { previous, entities, mtlsShareDrop } = options;
  const tabPath = options.tabPath ?? 'mtls';
  const baseline = previous.snapshot.generatedAt;
  const regressions: Regression[] = [];
  for (const { entity, entityRef, match } of entities) {
    const owners = ownerRefs(entity);
    if (owners.length === 0 || match.workloads.length === 0) continue;
    let before: EntityMatch;
    try {
      before = matchEntity(previous, entity);
    } catch {
      continue; // an unusable selector: the entity page reports it
    }
    const name = entity.metadata.title ?? entity.metadata.name;
    const link = entityTabLink(entityRef, tabPath);
    const add = (
      kind: RegressionKind,
      what: string,
      r: Pick<Regression, 'title' | 'description' | 'severity'>,
    ) =>
      regressions.push({
        id: regressionId([kind, entityRef, what, baseline]),
        kind,
        entityRef,
        owners,
        link,
        ...r,
      });

    for (const { cluster, finding } of newFindings(match, before)) {
      add('new-finding', findingKey(cluster, finding), {
        title: `${name}: new ${finding.severity} mesh finding ${finding.rule}`,
        description: `${finding.subject} in ${cluster}: ${finding.reason}`,
        severity: finding.severity === 'critical' ? 'critical' : 'high',
      });
    }
    for (const { workload, from } of strictLost(match, before)) {
      add('strict-lost', workloadKey(workload), {
        title: `${name}: ${workload.namespace}/${workload.name} no longer requires mTLS`,
        description: `Its mTLS mode went from ${from.mtlsMode} to ${
          workload.mtlsMode
        } in ${workload.cluster}${
          workload.decidedBy ? `, decided by ${workload.decidedBy}` : ''
        }: plaintext is accepted again.`,
        severity: 'high',
      });
    }
    const shareNow = mtlsTrafficShare(match.workloads);
    const shareBefore = mtlsTrafficShare(before.workloads);
    if (
      shareNow !== null &&
      shareBefore !== null &&
      shareBefore - shareNow > mtlsShareDrop
    ) {
      add('mtls-share-drop', '', {
        title: `${name}: mTLS share of inbound traffic fell from ${percent(
          shareBefore,
        )} to ${percent(shareNow)}`,
        description: `More of the traffic it receives is plaintext than at the refresh of ${baseline}.`,
        severity: 'high',
      });
    }
  }
  return regressions;
}
