import type { OutboundGrant } from '@mesh-security/plugin-mesh-security-common';
import { retoolPosture } from '../../__fixtures__';
import { outboundAccess } from './outboundAccess';

const grant = (overrides: Partial<OutboundGrant>): OutboundGrant => ({
  target: 'edge/api-gateway',
  policy: 'edge/p',
  ruleIndex: 0,
  action: 'ALLOW',
  via: 'principal',
  grant: 'cluster.local/ns/tools/sa/retool',
  to: [],
  when: [],
  dryRun: false,
  ...overrides,
});

describe('outboundAccess', () => {
  it("describes retool's scoped access to the gateway", () => {
    expect(outboundAccess(retoolPosture.workloads[0].mayCall!)).toEqual([
      {
        target: 'edge/api-gateway',
        rules: [
          {
            policy: 'edge/allow-retool',
            ruleIndex: 0,
            effect: 'allowed',
            dryRun: false,
            via: 'principal',
            grant: 'cluster.local/ns/tools/sa/retool',
            operations: ['GET, POST /api/v1/users/*, /api/v1/orders/*'],
            conditions: [],
          },
        ],
      },
    ]);
  });

  it('groups per target in the given order, DENY rules first', () => {
    const targets = outboundAccess([
      grant({ target: 'edge/api-gateway', policy: 'edge/allow' }),
      grant({
        target: 'edge/api-gateway',
        policy: 'edge/no-deletes',
        action: 'DENY',
        via: 'serviceAccount',
        grant: 'tools/retool',
        to: [{ methods: ['DELETE'] }],
      }),
      grant({
        target: 'shop/orders',
        policy: 'shop/from-tools',
        via: 'namespace',
        grant: 'tools',
        when: [{ key: 'source.ip', notValues: ['10.0.0.1'] }],
        dryRun: true,
      }),
    ]);
    expect(targets.map(t => t.target)).toEqual([
      'edge/api-gateway',
      'shop/orders',
    ]);
    expect(
      targets[0].rules.map(r => [r.effect, r.policy, r.via, r.operations]),
    ).toEqual([
      ['denied', 'edge/no-deletes', 'service account', ['DELETE']],
      ['allowed', 'edge/allow', 'principal', []],
    ]);
    expect(targets[1].rules[0]).toMatchObject({
      via: 'namespace',
      dryRun: true,
      conditions: ['source.ip not in [10.0.0.1]'],
    });
  });

  it('is empty without entries', () => {
    expect(outboundAccess([])).toEqual([]);
  });
});
