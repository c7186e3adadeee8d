import type { TeamScorecard } from '@mesh-security/plugin-mesh-security-common';
import {
  commerceTeam,
  emptyTeam,
  platformTeam,
  scorecard,
  undeployedTeam,
} from './__fixtures__/scorecards';
import { meshSecurityTeamFactSchema, scorecardToFacts } from './scorecardFacts';

describe('scorecardToFacts', () => {
  it('reports the scorecard of a team with a plaintext service', () => {
    expect(commerceTeam).toMatchObject({ grade: 'C', score: 78.6 });
    expect(scorecardToFacts(commerceTeam)).toEqual({
      grade: 'C',
      score: 78.6,
      services: 3,
      strictShare: 2 / 3,
      mtlsTrafficShare: 4000 / 4200,
      criticalFindings: 0,
      highFindings: 1,
    });
  });

  it("copies the scorecard's grade and score instead of recomputing them", () => {
    // The backend aggregates workloads across the team's services (a workload
    // shared by two entities counts once); the facts must show its result even
    // where a recomputation from the shares would differ.
    const fromBackend: TeamScorecard = {
      ...platformTeam,
      grade: 'B',
      score: 84.2,
    };
    expect(scorecardToFacts(fromBackend)).toMatchObject({
      grade: 'B',
      score: 84.2,
    });
  });

  it('keeps an unknown share unknown', () => {
    const noMetrics = scorecard('group:default/no-metrics', {
      services: 2,
      strictShare: 1,
      mtlsTrafficShare: null,
      findings: { critical: 1 },
    });
    expect(scorecardToFacts(noMetrics)).toMatchObject({
      grade: 'D',
      strictShare: 1,
      mtlsTrafficShare: null,
      criticalFindings: 1,
    });
  });

  it('accepts a grade withheld because some lists could not be read, and counts no findings', () => {
    const unread: TeamScorecard = {
      ...platformTeam,
      grade: null,
      score: null,
      unknownKinds: ['AuthorizationPolicy'],
    };
    expect(unread.strictShare).not.toBeNull();
    expect(scorecardToFacts(unread)).toMatchObject({
      grade: null,
      score: null,
      strictShare: unread.strictShare,
      criticalFindings: null,
      highFindings: null,
    });
  });

  it('gives a team without services no grade, not the A the formula would', () => {
    expect(emptyTeam).toMatchObject({ grade: null, score: null });
    const facts = scorecardToFacts(emptyTeam);
    expect(facts).toEqual({
      grade: null,
      score: null,
      services: 0,
      strictShare: null,
      mtlsTrafficShare: null,
      criticalFindings: null,
      highFindings: null,
    });
    // null, not undefined: a missing key would make the checker skip the check
    expect(Object.values(JSON.parse(JSON.stringify(facts)))).toHaveLength(
      Object.keys(meshSecurityTeamFactSchema).length,
    );
  });

  it('passes on no grade for a team whose services match no workload', () => {
    expect(undeployedTeam).toMatchObject({
      services: 2,
      grade: null,
      score: null,
    });
    expect(scorecardToFacts(undeployedTeam)).toEqual({
      grade: null,
      score: null,
      services: 2,
      strictShare: null,
      mtlsTrafficShare: null,
      // no workload, so "0 findings" would be vacuous
      criticalFindings: null,
      highFindings: null,
    });
  });

  it('emits exactly the facts the schema declares', () => {
    expect(Object.keys(scorecardToFacts(platformTeam)).sort()).toEqual(
      Object.keys(meshSecurityTeamFactSchema).sort(),
    );
  });

  it.each([
    ['grade', { grade: 'A+' }],
    ['grade', { grade: undefined }],
    ['score', { score: '90' }],
    ['services', { services: -1 }],
    ['strictShare', { strictShare: 1.5 }],
    ['findingsBySeverity', { findingsBySeverity: undefined }],
    ['findingsBySeverity', { findingsBySeverity: { high: 'many' } }],
    // graded without workloads: the all-clear this module must never store
    ['grade, score', { strictShare: null, grade: 'A', score: 100 }],
    ['grade', { strictShare: null, score: null }],
    // workloads but no grade: a scorecard nobody computed
    ['grade, score', { grade: null, score: null }],
    ['score', { score: null }],
  ])('rejects a scorecard with an invalid %s', (field, patch) => {
    const malformed = { ...platformTeam, ...patch } as unknown as TeamScorecard;
    expect(() => scorecardToFacts(malformed)).toThrow(
      `Malformed scorecard of group:default/platform-team: invalid ${field}`,
    );
  });
});
