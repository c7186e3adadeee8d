// Hostile changes sent to POST /simulate: parsed, limited and refused with a
// clear 4xx, answered within seconds.
import * as hostile from './hostileManifests.mjs';
import { assert } from './waits.mjs';

export async function whatIfFamily({ backend, check }) {
  const simulate = (body, raw) =>
    backend.send('POST', '/api/mesh-security/simulate', {
      body: raw ?? body,
      headers: { authorization: `Bearer ${backend.token}` },
    });
  const refused = (res, what, codes = [400, 413, 422]) => {
    assert(
      codes.includes(res.status),
      `${what}: HTTP ${res.status} ${res.text.slice(0, 200)}`,
    );
    assert(
      typeof res.json?.error?.message === 'string',
      `${what}: no error message`,
    );
  };
  const cases = [
    ['billion laughs', hostile.billionLaughs()],
    ['20,000 levels of nesting', hostile.deepNesting()],
    ['malformed YAML', hostile.badYaml],
    ['an unknown mTLS mode', hostile.invalidMode],
  ];
  for (const [name, yaml] of cases) {
    await check(`what-if: ${name} is refused with a message`, async () => {
      refused(await simulate({ yaml }), name);
    });
  }
  await check(
    'what-if: a change past the size limit is answered 413',
    async () => {
      refused(await simulate({ yaml: hostile.oversized() }), 'oversized', [
        413,
      ]);
    },
  );
  await check('what-if: a body that is not JSON is a 400', async () => {
    refused(await simulate(undefined, '{"yaml": "x",,}'), 'broken JSON', [400]);
  });
  await check(
    'what-if: a numeric selector does not widen STRICT to the namespace',
    async () => {
      const res = await simulate({ yaml: hostile.numericSelector });
      if (res.status >= 400) {
        refused(res, 'numeric selector');
        return;
      }
      assert(res.status === 200, `HTTP ${res.status}`);
      const strict = JSON.stringify(res.json).match(
        /"comms\/[^"]+"[^}]*"STRICT"/,
      );
      assert(!strict, `simulated as STRICT: ${strict?.[0]}`);
    },
  );
}
