// End-to-end: the demo portal (`yarn start`) in Debian's Chromium, checking
// what the reference scenario says a user should see. Screenshots land in
// test-output/e2e/; with UPDATE_SCREENSHOTS=1 they also refresh docs/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { APP_URL, BACKEND_URL, startPortal } from './lib/portal.mjs';
import { launchBrowser, signInAsGuest } from './lib/browser.mjs';
import { axeViolations, describeViolations } from './lib/axe.mjs';

const OUT = new URL('../test-output/e2e/', import.meta.url).pathname;
const DOCS = new URL('../docs/screenshots/', import.meta.url).pathname;
const UI_TIMEOUT = 120_000;

let portal;
let browser;
let page;

async function screenshot(name) {
  const path = `${OUT}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(DOCS, { recursive: true });
    await copyFile(path, `${DOCS}${name}.png`);
  }
}

async function openTab(component) {
  await page.goto(`${APP_URL}/catalog/default/component/${component}/mtls`);
  await page.getByText('Generated').first().waitFor({ timeout: UI_TIMEOUT });
}

/**
 * The traffic graph is drawn once it is near the viewport and the browser is
 * idle: bring its placeholder into view, then wait for a node of it.
 */
async function waitForGraph(node) {
  const placeholder = page
    .getByRole('status')
    .filter({ hasText: 'Drawing the traffic graph' });
  if (await placeholder.count())
    await placeholder
      .first()
      .scrollIntoViewIfNeeded({ timeout: 5_000 })
      .catch(() => {}); // drawn meanwhile
  await page
    .locator('svg')
    .filter({ hasText: node })
    .first()
    .waitFor({ timeout: UI_TIMEOUT });
}

/** A Backstage token for the signed-in guest, from the auth backend's refresh endpoint. */
async function guestToken() {
  const res = await page.request.get(
    `${BACKEND_URL}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  assert.equal(res.status(), 200, 'guest refresh');
  return (await res.json()).backstageIdentity.token;
}

/** The element of ours around `marker`: its closest ancestor matching `selector`. */
async function scopeAround(marker, selector) {
  await marker.waitFor({ timeout: UI_TIMEOUT });
  const element = (
    await marker.evaluateHandle((el, sel) => el.closest(sel), selector)
  ).asElement();
  assert.ok(element, `no ${selector} around ${marker}`);
  return element;
}

/** axe (WCAG 2 A/AA) finds nothing in `scope`, which shows `minChips` severity chips or more. */
async function assertAccessible(scope, { minChips = 0 } = {}) {
  const chips = await scope.$$('[aria-label^="severity "]');
  assert.ok(
    chips.length >= minChips,
    `${chips.length} severity chips, expected ${minChips}+`,
  );
  const violations = await axeViolations(page, scope);
  assert.equal(violations.length, 0, describeViolations(violations));
}

before(async () => {
  await mkdir(OUT, { recursive: true });
  portal = await startPortal();
  console.log(`portal ready in ${Math.round(portal.startedInMs / 1000)} s`);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await signInAsGuest(page, APP_URL);
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('the payment-service entity page shows its name', async () => {
  await page.goto(`${APP_URL}/catalog/default/component/payment-service`);
  const heading = page
    .getByRole('heading', { name: 'payment-service' })
    .first();
  await heading.waitFor({ timeout: UI_TIMEOUT });
  assert.equal((await heading.textContent())?.trim(), 'payment-service');
  await screenshot('payment-service-overview');
});

test('payment-service: STRICT, decided by the mesh and namespace policies, with its traffic graph', async () => {
  await openTab('payment-service');
  await page.getByText('STRICT', { exact: true }).first().waitFor();
  await page.getByText('payments/default').first().waitFor();
  await page.getByText('istio-system/default').first().waitFor();
  // the DependencyGraph draws the caller and the workload as SVG nodes
  await waitForGraph('shop/order-service');
  const graph = page.locator('svg').filter({ hasText: 'shop/order-service' });
  assert.ok(await graph.first().getByText('payments/payment-service').count());
  await page
    .getByText(/1,000 rps/)
    .first()
    .waitFor();
  // meshSecurity.links of app-config.yaml reach the browser through the
  // frontend plugin's config schema (@visibility frontend)
  const kiali = page.getByRole('link', {
    name: /^Open payments\/payment-service in Kiali/,
  });
  await kiali.first().waitFor();
  assert.equal(
    await kiali.first().getAttribute('href'),
    'http://localhost:20001/kiali/console/namespaces/payments/workloads/payment-service',
  );
  await screenshot('payment-service-mtls');
});

test('legacy-service: the plaintext finding and the callers STRICT would break', async () => {
  await openTab('legacy-service');
  await page.getByText('plaintext-traffic-observed').first().waitFor();
  const alert = page.getByText(/Plaintext callers: shop\/order-service/);
  await alert.first().waitFor();
  assert.match(await alert.first().textContent(), /STRICT/);
  await page.getByText('NONE', { exact: true }).first().waitFor();
  await waitForGraph('shop/order-service');
  await screenshot('legacy-service-mtls');
});

test('retool: its scoped access to the API gateway', async () => {
  await openTab('retool');
  const mayCall = page.getByText('May call').first();
  await mayCall.waitFor();
  await page.getByText('edge/api-gateway').first().waitFor();
  await page.getByText('/api/v1/users/*').first().waitFor();
  await page.getByText('/api/v1/orders/*').first().waitFor();
  await waitForGraph('tools/retool');
  await screenshot('retool-mtls');
});

test('the mesh overview shows coverage and team scorecards', async () => {
  await page.goto(`${APP_URL}/mesh-security`);
  await page
    .getByText('Team scorecards')
    .first()
    .waitFor({ timeout: UI_TIMEOUT });
  await page.getByText('6 of 7').first().waitFor();
  for (const team of [
    'platform-team',
    'identity-team',
    'commerce-team',
    'comms-team',
    'internal-tools-team',
  ]) {
    const card = page.getByTestId(`team-scorecard-group:default/${team}`);
    await card.waitFor();
    assert.match(
      (await card.getByTestId('mesh-grade').getAttribute('aria-label')) ?? '',
      /^Grade [A-F], score/,
    );
  }
  await screenshot('mesh-overview');
});

// What-if: the ALLOW rule for the ingress identity (the remediation of
// api-gateway's authz-observed-caller-denied), simulated by the backend
// against the demo's objects and traffic; nothing is applied anywhere.
const ALLOW_INGRESS = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: api-gateway-ingress
  namespace: edge
spec:
  action: ALLOW
  selector:
    matchLabels:
      app: api-gateway
  rules:
  - from:
    - source:
        principals:
        - cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account
`;

test('api-gateway: What if the ingress ALLOW rule is applied — authz-observed-caller-denied is cleared', async () => {
  await openTab('api-gateway');
  const panel = page.getByTestId('mesh-what-if');
  await panel.waitFor({ timeout: UI_TIMEOUT });
  await panel.scrollIntoViewIfNeeded();
  await panel.getByLabel('Change (YAML)').fill(ALLOW_INGRESS);
  await panel.getByRole('button', { name: 'Simulate', exact: true }).click();
  const result = panel.getByRole('region', {
    name: 'Simulation in cluster demo',
  });
  await result
    .getByText('Breaks nothing observed, and restores 1 flow.')
    .waitFor({ timeout: UI_TIMEOUT });
  await result
    .getByRole('region', { name: 'Findings cleared' })
    .getByText('authz-observed-caller-denied · edge/api-gateway')
    .waitFor();
  assert.match(
    await result
      .getByRole('region', { name: 'Observed flows that change' })
      .textContent(),
    /restored\s*istio-system\/istio-ingressgateway → edge\/api-gateway · 4,988 rps/,
  );
  await screenshot('api-gateway-what-if');
});

test('the mesh overview shows comms ready for namespace-wide STRICT', async () => {
  await page.goto(`${APP_URL}/mesh-security`);
  const comms = page.getByTestId('strict-migration-demo-comms');
  await comms.waitFor({ timeout: UI_TIMEOUT });
  await comms
    .getByText(
      'Safe to apply now: namespace-wide STRICT breaks no observed caller.',
    )
    .waitFor();
  assert.match(await comms.textContent(), /namespace: comms/);
  await comms.scrollIntoViewIfNeeded();
  await screenshot('mesh-strict-migration');
});

/** Reloads a catalog list until the entity is listed: tags arrive with the catalog's next processing pass. */
async function waitForListed(url, name) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    await page.goto(url);
    const link = page.getByRole('link', { name, exact: true }).first();
    try {
      await link.waitFor({ timeout: 15_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}

test('the catalog filtered by tag mesh:none shows the legacy service', async () => {
  const list = tag =>
    `${APP_URL}/?filters%5Bkind%5D=component&filters%5Buser%5D=all&filters%5Btags%5D=${encodeURIComponent(
      tag,
    )}`;
  // the list may show every component for a moment before the tag filter applies
  const notListed = name =>
    page
      .getByRole('link', { name, exact: true })
      .first()
      .waitFor({ state: 'detached', timeout: 30_000 });
  await waitForListed(list('mesh:none'), 'legacy-service');
  await notListed('payment-service');
  await screenshot('catalog-tag-filter');
  await waitForListed(list('mtls:permissive'), 'notification-svc');
  await notListed('legacy-service');
  assert.equal(
    await page
      .getByRole('link', { name: 'notification-svc', exact: true })
      .count(),
    1,
  );
});

test('the Group page scorecard grade equals the grade in Tech Insights facts', async () => {
  await page.goto(`${APP_URL}/catalog/default/group/commerce-team`);
  const badge = page.getByTestId('mesh-grade').first();
  await badge.waitFor({ timeout: UI_TIMEOUT });
  const shown = /^Grade ([A-F])/.exec(
    (await badge.getAttribute('aria-label')) ?? '',
  )?.[1];
  assert.ok(shown, 'the Group card shows a grade');
  await screenshot('group-scorecard');

  // The team retriever runs on its cron cadence; wait for its first facts.
  const token = await guestToken();
  const url = `${BACKEND_URL}/api/tech-insights/facts/latest?entity=group:default/commerce-team&ids%5B%5D=meshSecurityTeamFactRetriever`;
  let fact;
  for (let i = 0; i < 60 && !fact; i++) {
    const res = await page.request.get(url, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.ok())
      fact = (await res.json()).meshSecurityTeamFactRetriever?.facts;
    if (!fact) await new Promise(r => setTimeout(r, 5000));
  }
  assert.ok(fact, 'Tech Insights has team facts for commerce-team');
  assert.equal(fact.grade, shown);
});

// axe-core in Chromium over each surface of the plugin; only our components
// are scanned (Backstage's sidebar and entity header are not ours), and the
// only exceptions are Backstage markup, named in lib/axe.mjs with the reason.
test('accessibility: the mTLS / Traffic tab of api-gateway', async () => {
  await openTab('api-gateway');
  await page.getByText('unknown service account').first().waitFor();
  await waitForGraph('edge/api-gateway');
  const tab = await scopeAround(
    page.getByText(/^Generated/).first(),
    '.bui-Container',
  );
  await assertAccessible(tab, { minChips: 1 });
});

test('accessibility: the entity overview card of legacy-service', async () => {
  await page.goto(`${APP_URL}/catalog/default/component/legacy-service`);
  const card = await scopeAround(
    page.getByText('Mesh security', { exact: true }).first(),
    '.MuiCard-root',
  );
  // the card's link shows while its posture still loads: wait for the posture
  await page
    .locator('.MuiCard-root')
    .filter({ hasText: 'View mTLS / Traffic' })
    .locator('[aria-label^="severity "]')
    .first()
    .waitFor({ timeout: UI_TIMEOUT });
  await assertAccessible(card, { minChips: 1 });
});

test('accessibility: the mesh overview page', async () => {
  await page.goto(`${APP_URL}/mesh-security`);
  await page.getByText('6 of 7').first().waitFor({ timeout: UI_TIMEOUT });
  // the findings table loads its page on its own, after the summary
  await page
    .locator('[data-testid="finding-row"], [aria-label^="severity "]')
    .first()
    .waitFor({ timeout: UI_TIMEOUT });
  const overview = await scopeAround(
    page.getByText('Team scorecards').first(),
    '[class*="BackstageContent-root"]',
  );
  await assertAccessible(overview, { minChips: 1 });
});

test('accessibility: the Group card of commerce-team', async () => {
  await page.goto(`${APP_URL}/catalog/default/group/commerce-team`);
  await page.getByTestId('mesh-grade').first().waitFor({ timeout: UI_TIMEOUT });
  const card = await scopeAround(
    page.getByText('Mesh security scorecard', { exact: true }).first(),
    '.MuiCard-root',
  );
  await assertAccessible(card);
});

/**
 * The template editor loads a local directory through the File System Access
 * API; headless Chromium has no picker, so the page gets a directory of its
 * origin-private file system holding the template instead.
 */
async function openTemplateEditor(templatePath) {
  const template = await readFile(
    new URL(templatePath, import.meta.url),
    'utf8',
  );
  const editor = await browser.context.newPage();
  await editor.addInitScript(content => {
    window.showDirectoryPicker = async () => {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('template', { create: true });
      const file = await dir.getFileHandle('template.yaml', { create: true });
      const writable = await file.createWritable();
      await writable.write(content);
      await writable.close();
      return dir;
    };
  }, template);
  await editor.goto(`${APP_URL}/create/edit`, { timeout: UI_TIMEOUT });
  await editor
    .getByText('Load Template Directory', { exact: true })
    .click({ timeout: UI_TIMEOUT });
  return editor;
}

test('"Enforce mTLS" for notification-svc in the template editor dry run: PeerAuthentication STRICT for comms', async () => {
  const editor = await openTemplateEditor(
    '../examples/templates/enforce-mtls/template.yaml',
  );
  try {
    const service = editor.getByLabel(/^Service/).first();
    await service.waitFor({ timeout: UI_TIMEOUT });
    await service.fill('notification-svc');
    await editor
      .getByRole('option', { name: /notification-svc/ })
      .first()
      .click({ timeout: UI_TIMEOUT });
    await editor.getByRole('button', { name: 'Review' }).click();
    await editor.getByRole('button', { name: 'Create' }).click();
    // the first file of the dry run's workspace opens in the results panel
    const manifest = editor
      .locator('.cm-content')
      .filter({ hasText: 'kind: PeerAuthentication' });
    await manifest.waitFor({ timeout: UI_TIMEOUT });
    const yaml = await manifest.innerText();
    assert.match(yaml, /namespace: comms/);
    assert.match(yaml, /mode: STRICT/);
    // the file is istio/comms/peer-authentication.yaml of the workspace
    await editor.getByRole('treeitem', { name: 'istio' }).click();
    await editor.getByRole('treeitem', { name: 'comms' }).click();
    await editor
      .getByRole('treeitem', { name: 'peer-authentication.yaml' })
      .waitFor();
    const shot = `${OUT}scaffolder-enforce-mtls-dry-run.png`;
    await editor.screenshot({ path: shot, fullPage: true });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await copyFile(shot, `${DOCS}scaffolder-enforce-mtls-dry-run.png`);
    }
  } finally {
    await editor.close();
  }
});

test('the mTLS tab of notification-svc opens "Enforce mTLS" with the service filled in', async () => {
  await openTab('notification-svc');
  await page
    .getByRole('button', {
      name: 'Open a pull request for STRICT for comms/notification-svc',
    })
    .click();
  const service = page.getByLabel(/^Service/).first();
  await service.waitFor({ timeout: UI_TIMEOUT });
  // the picker shows its value once the catalog has answered its entity list
  const expected = 'component:default/notification-svc';
  const deadline = Date.now() + UI_TIMEOUT;
  while ((await service.inputValue()) !== expected && Date.now() < deadline) {
    await page.waitForTimeout(250);
  }
  assert.equal(await service.inputValue(), expected);
});

// The demo's history is recorded once the catalog has ingested the entities:
// the refresh at startup usually runs before, and the catch-up task records
// it within a minute (mesh-security:history-catch-up).
test("comms-team's Group page charts its posture history: the demo's notification-svc moved off DISABLE", async () => {
  const trend = page.getByTestId('team-trend-group:default/comms-team');
  // the demo's made-up past: DISABLE (all plaintext) until 20 days ago, then PERMISSIVE with mTLS callers
  const chart = trend.getByRole('img', {
    name: /^STRICT coverage and mTLS traffic share over 30 days/,
  });
  // the page reads the history once: reload until it has been recorded (bounded)
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(`${APP_URL}/catalog/default/group/comms-team`);
    await trend.waitFor({ timeout: UI_TIMEOUT });
    try {
      await chart.waitFor({ timeout: 15_000 });
      break;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
  const changes = trend.getByRole('list', { name: 'Changes' });
  await changes
    .getByText('mTLS traffic 0% → 100% over 30 days (better)')
    .waitFor();
  await changes
    .getByText(/^Grade [A-F] → [A-F] over 30 days \(better\)$/)
    .waitFor();
  // the lines are told apart without colour
  await trend.getByText('STRICT coverage (solid line, circle)').waitFor();
  await trend.getByText('mTLS traffic (dashed line, square)').waitFor();
  assert.ok((await chart.locator('path').count()) >= 2, 'a line per series');
  await assertAccessible(await trend.elementHandle());
  await screenshot('group-trend');

  await trend.getByRole('button', { name: '90 days' }).click();
  await trend.getByRole('heading', { name: 'Trend, last 90 days' }).waitFor();
  await changes
    .getByText('mTLS traffic 0% → 100% over 90 days (better)')
    .waitFor({ timeout: UI_TIMEOUT });
  assert.equal(
    await trend
      .getByRole('button', { name: '90 days' })
      .getAttribute('aria-pressed'),
    'true',
  );
});
