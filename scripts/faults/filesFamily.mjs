// Backend "files": a manifests folder and a metrics snapshot file, changed
// under the running backend between refreshes. Bad input must show as a
// stale source with `file:line`/reason, never as fewer workloads or findings.
import {
  cpSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import * as hostile from './hostileManifests.mjs';
import { assert, postureAfter, sourceOf } from './waits.mjs';

const MANIFESTS = 'manifests:gitops';
const METRICS = 'metrics-snapshot';
const NOTIFY = '/entities/default/component/notification-svc';

export async function filesFamily({
  backend,
  check,
  demoManifests,
  folder,
  metricsFile,
  metrics,
  ready,
}) {
  const restore = () => {
    rmSync(folder, { recursive: true, force: true });
    cpSync(demoManifests, folder, { recursive: true });
    rmSync(metricsFile, { recursive: true, force: true });
    writeFileSync(metricsFile, JSON.stringify(metrics));
  };
  restore();
  await ready();
  let baseline;
  const shape = body => ({
    workloads: body.workloads
      .map(w => `${w.cluster}/${w.namespace}/${w.name}:${w.mtlsMode}`)
      .sort()
      .join(),
    findings: body.findings
      .map(f => `${f.rule}:${f.subject}`)
      .sort()
      .join(),
  });
  const assertUnchanged = body => {
    const now = shape(body);
    assert(
      now.workloads === baseline.workloads,
      `workloads ${now.workloads} ≠ ${baseline.workloads}`,
    );
    assert(
      now.findings === baseline.findings,
      `findings changed: ${now.findings}`,
    );
  };
  /** Applies `change`, waits for a refresh that marks `source` `state`, returns the posture. */
  const after = async (change, source, state, entity) => {
    restore();
    const since = new Date();
    change();
    return postureAfter(
      backend,
      since,
      b => sourceOf(b, source)?.state === state,
      `${source} ${state}`,
      entity,
    );
  };

  await check('files: baseline, folder and snapshot read', async () => {
    const body = await postureAfter(
      backend,
      new Date(0),
      b => b.sources.every(s => s.state === 'ok') && b.workloads.length > 0,
      'every source ok',
    );
    baseline = shape(body);
    assert(
      body.workloads[0]?.mtlsMode === 'STRICT',
      `mode ${body.workloads[0]?.mtlsMode}`,
    );
    assert(
      baseline.findings.includes('plaintext-traffic-observed'),
      'no plaintext finding',
    );
  });

  const badFiles = [
    [
      'malformed YAML',
      'zz-broken.yaml',
      hostile.badYaml,
      /zz-broken\.yaml:\d+/,
    ],
    [
      'malformed JSON',
      'zz-broken.json',
      hostile.badJson,
      /zz-broken\.json:\d+/,
    ],
    ['billion laughs', 'zz-lol.yaml', hostile.billionLaughs(), /zz-lol\.yaml/],
    [
      '20,000 levels of nesting',
      'zz-deep.yaml',
      hostile.deepNesting(),
      /zz-deep\.yaml/,
    ],
    [
      'a file past the size limit',
      'zz-big.yaml',
      hostile.oversized(),
      /zz-big\.yaml/,
    ],
    [
      'an unknown mTLS mode',
      'zz-mode.yaml',
      hostile.invalidMode,
      /zz-mode\.yaml:\d+/,
    ],
  ];
  for (const [what, name, text, message] of badFiles) {
    await check(
      `manifests: ${what} → stale with file:line, posture kept`,
      async () => {
        const body = await after(
          () => writeFileSync(join(folder, name), text),
          MANIFESTS,
          'stale',
        );
        const status = sourceOf(body, MANIFESTS);
        assert(
          message.test(status.message ?? ''),
          `message: ${status.message}`,
        );
        assertUnchanged(body);
      },
    );
  }
  await check(
    'manifests: a numeric selector value does not make a PERMISSIVE namespace STRICT',
    async () => {
      restore();
      const since = new Date();
      writeFileSync(join(folder, 'zz-selector.yaml'), hostile.numericSelector);
      const body = await postureAfter(
        backend,
        since,
        () => true,
        'a refresh',
        NOTIFY,
      );
      const status = sourceOf(body, MANIFESTS);
      const modes = body.workloads.map(w => w.mtlsMode);
      assert(modes.length > 0, 'notification-svc has no workload');
      assert(!modes.includes('STRICT'), `notification-svc reported ${modes}`);
      const flagged =
        status.state !== 'ok'
          ? /zz-selector\.yaml/.test(status.message ?? '')
          : body.findings.some(f => f.subject === 'comms/numeric-selector');
      assert(
        flagged,
        `neither an error nor a finding names the policy (source ${status.state})`,
      );
    },
  );
  await check('manifests: folder deleted → stale, posture kept', async () => {
    const body = await after(
      () => rmSync(folder, { recursive: true }),
      MANIFESTS,
      'stale',
    );
    assert(sourceOf(body, MANIFESTS).message, 'no message');
    assertUnchanged(body);
  });
  await check(
    'manifests: folder replaced by a corrupt file → stale, posture kept',
    async () => {
      const body = await after(
        () => {
          rmSync(folder, { recursive: true });
          writeFileSync(
            folder,
            Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a]),
          );
        },
        MANIFESTS,
        'stale',
      );
      assert(sourceOf(body, MANIFESTS).message, 'no message');
      assertUnchanged(body);
      rmSync(folder, { force: true });
    },
  );
  await check(
    'manifests: folder behind a symlink, with a link loop inside → read once',
    async () => {
      const since = new Date();
      restore();
      const real = `${folder}.real`;
      rmSync(real, { recursive: true, force: true });
      renameSync(folder, real);
      symlinkSync(real, folder);
      symlinkSync('.', join(real, 'loop'));
      symlinkSync(join(real, 'payments.yaml'), join(real, 'again.yaml'));
      const body = await postureAfter(
        backend,
        since,
        b => sourceOf(b, MANIFESTS)?.state === 'ok',
        'manifests ok',
      );
      assertUnchanged(body);
      rmSync(folder);
      rmSync(real, { recursive: true });
    },
  );
  await check(
    'manifests: ConfigMap-mounted layout (..data symlinks) → read once, no double counting',
    async () => {
      const since = new Date();
      restore();
      const files = readdirSync(folder);
      const stamp = '..2026_01_01_00_00_00.000000001';
      mkdirSync(join(folder, stamp));
      for (const f of files) {
        renameSync(join(folder, f), join(folder, stamp, f));
        symlinkSync(join('..data', f), join(folder, f));
      }
      symlinkSync(stamp, join(folder, '..data'));
      const body = await postureAfter(
        backend,
        since,
        b => sourceOf(b, MANIFESTS)?.state === 'ok',
        'manifests ok',
      );
      assertUnchanged(body);
    },
  );

  const badSnapshots = [
    [
      'not JSON',
      () => writeFileSync(metricsFile, '{"flows": [,]}'),
      /metrics\.json:\d+/,
    ],
    [
      'a negative, non-numeric rate',
      () =>
        writeFileSync(
          metricsFile,
          JSON.stringify({
            ...metrics,
            flows: [
              { ...metrics.flows[0], rate: -1 },
              { ...metrics.flows[0], rate: 'lots' },
            ],
          }),
        ),
      /metrics\.json/,
    ],
    [
      'flows not a list',
      () =>
        writeFileSync(
          metricsFile,
          JSON.stringify({
            ...metrics,
            flows: { __proto__: { polluted: true } },
          }),
        ),
      /metrics\.json/,
    ],
    [
      'the file deleted',
      () => rmSync(metricsFile),
      /metrics\.json: file not found/,
    ],
    [
      'a folder in its place',
      () => {
        rmSync(metricsFile);
        mkdirSync(metricsFile);
      },
      /metrics\.json/,
    ],
  ];
  for (const [what, change, message] of badSnapshots) {
    await check(
      `metrics snapshot: ${what} → stale, traffic findings kept`,
      async () => {
        rmSync(metricsFile, { recursive: true, force: true });
        const body = await after(change, METRICS, 'stale');
        const status = sourceOf(body, METRICS);
        assert(
          message.test(status.message ?? ''),
          `message: ${status.message}`,
        );
        assertUnchanged(body);
        rmSync(metricsFile, { recursive: true, force: true });
      },
    );
  }
  await check('files: back to good input → ok', async () => {
    restore();
    const since = new Date();
    const body = await postureAfter(
      backend,
      since,
      b => b.sources.every(s => s.state === 'ok'),
      'every source ok',
    );
    assertUnchanged(body);
  });
}
