import type {
  Grade,
  MtlsMode,
  Severity,
} from '@mesh-security/plugin-mesh-security-common';

/** Whose figures a point holds: a catalog entity, or a team (a Group) over the services it owns. */
export type HistoryScope = 'entity' | 'team';

/** The summary figures of one subject after one refresh, as stored. */
export interface HistoryPointRecord {
  scope: HistoryScope;
  /** lower-case entity ref (of the entity, or of the Group) */
  subject: string;
  /** the snapshot's generatedAt, in ms since the epoch */
  at: number;
  mtlsMode: MtlsMode | 'MIXED' | null;
  workloads: number;
  meshed: number;
  strict: number;
  mtlsTrafficShare: number | null;
  rps: number | null;
  findingsBySeverity: Record<Severity, number>;
  grade: Grade | null;
  score: number | null;
  /** some lists of the subject's clusters could not be read: findings are a lower bound */
  partial: boolean;
}

/** `meshSecurity.history`. */
export interface HistoryOptions {
  /** record points after each refresh and serve them (default true) */
  enabled: boolean;
  /** days during which every refresh's point is kept (default 7) */
  fullResolutionDays: number;
  /** days after which points are deleted; between the two, the last point of each UTC day is kept (default 90) */
  retentionDays: number;
  regressions: {
    /** notify owners of regressions (default true) */
    enabled: boolean;
    /** fall of an entity's mTLS traffic share, between two refreshes, that counts as a regression (0..1, default 0.1) */
    mtlsShareDrop: number;
  };
  /** the demo portal only: make up a past for the demo mesh at the first refresh */
  demoSeed: boolean;
}

export const MS_PER_DAY = 86_400_000;

/** Longest window the history API serves, in days. */
export const MAX_HISTORY_DAYS = 90;
