import type { SuppressedFinding } from '@mesh-security/plugin-mesh-security-common';
import {
  component,
  finding,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import { entityPosture } from './entityPosture';
import { matchedOverview, meshOverview } from './meshOverview';
import { matchEntities, teamScorecard } from './teamScorecard';

const suppressed = (
  rule: SuppressedFinding['rule'],
  severity: SuppressedFinding['severity'],
  subject: string,
  reason: string,
): SuppressedFinding => ({
  ...finding(rule, severity, subject),
  suppression: { by: 'config', reason, until: '2026-12-31' },
});

const web = workload('shop/web', {
  mtlsMode: 'DISABLE',
  authorization: {
    policies: ['shop/allow-all'],
    stance: 'allow-all',
    custom: [],
    deny: [],
    allow: [],
    audit: [],
  },
});
const other = workload('payments/api');

const view = indexSnapshot(
  'r1',
  snapshot({
    eu: report([web, other], [finding('mtls-permissive', 'low', 'shop/web')], {
      suppressed: [
        suppressed('mtls-disabled', 'high', 'shop/web', 'legacy client'),
        suppressed('authz-allow-all', 'high', 'shop/allow-all', 'public'),
        suppressed('mtls-disabled', 'high', 'payments/api', 'not ours'),
      ],
    }),
    // an older report without the field
    us: report([workload('shop/web')], []),
  }),
);

describe('suppressed findings in the views', () => {
  it("serves the entity's suppressed findings, with reason and cluster, and does not count them", () => {
    const posture = entityPosture(view, component('web'));
    expect(
      posture.suppressed?.map(f => [
        f.rule,
        f.subject,
        f.cluster,
        f.suppression.reason,
      ]),
    ).toEqual([
      ['authz-allow-all', 'shop/allow-all', 'eu', 'public'],
      ['mtls-disabled', 'shop/web', 'eu', 'legacy client'],
    ]);
    expect(posture.suppressed?.[1].suppression).toEqual({
      by: 'config',
      reason: 'legacy client',
      until: '2026-12-31',
    });
    expect(posture.findings.map(f => f.rule)).toEqual(['mtls-permissive']);
    expect(posture.summary.worstSeverity).toBe('low');
    expect(posture.summary.findingsBySeverity.high).toBe(0);
  });

  it('serves only the suppressed findings of the entity, an empty list when none', () => {
    expect(entityPosture(view, component('api')).suppressed).toEqual([
      expect.objectContaining({ subject: 'payments/api' }),
    ]);
    expect(entityPosture(view, component('nothing')).suppressed).toEqual([]);
  });

  it('serves every suppressed finding of the mesh on the overview', async () => {
    const overview = await meshOverview(view, matchedOverview([]), new Map());
    expect(overview.suppressed?.map(f => `${f.cluster} ${f.subject}`)).toEqual([
      'eu payments/api',
      'eu shop/allow-all',
      'eu shop/web',
    ]);
    expect(overview.findings.map(f => f.rule)).toEqual(['mtls-permissive']);
  });
});

describe('suppressed findings and the team grade', () => {
  const critical = finding('dr-tls-disable-to-strict', 'critical', 'shop/web', {
    port: 80,
  });
  const gradeOf = (
    findings: (typeof critical)[],
    accepted: SuppressedFinding[],
  ) =>
    teamScorecard(
      { ref: 'group:default/commerce-team' },
      matchEntities(
        indexSnapshot(
          'r',
          snapshot({
            eu: report([workload('shop/web')], findings, {
              suppressed: accepted,
            }),
          }),
        ),
        [component('web')],
      ),
    );

  it('grades as if a suppressed finding were not there', () => {
    const open = gradeOf([critical], []);
    const accepted = gradeOf(
      [],
      [{ ...critical, suppression: { by: 'annotation', reason: null } }],
    );
    const clean = gradeOf([], []);
    expect(open.grade).toBe('D'); // a critical finding caps the grade
    expect(open.findingsBySeverity.critical).toBe(1);
    expect(accepted.findingsBySeverity.critical).toBe(0);
    expect({ grade: accepted.grade, score: accepted.score }).toEqual({
      grade: clean.grade,
      score: clean.score,
    });
    expect(accepted.grade).toBe('A');
  });
});
