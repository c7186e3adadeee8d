// End-to-end: the demo portal (`yarn start`) in Debian's Chromium, checking
// what the reference scenario says a user should see. Screenshots land in
// test-output/e2e/; with UPDATE_SCREENSHOTS=1 they also refresh docs/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { APP_URL, BACKEND_URL, startPortal } from './lib/portal.mjs';
import { launchBrowser, signInAsGuest } from './lib/browser.mjs';

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
  const placeholder = page.getByRole('status').filter({ hasText: 'Drawing the traffic graph' });
  if (await placeholder.count()) await placeholder.first().scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => {}); // drawn meanwhile
  await page.locator('svg').filter({ hasText: node }).first().waitFor({ timeout: UI_TIMEOUT });
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
  const heading = page.getByRole('heading', { name: 'payment-service' }).first();
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
  await page.getByText(/1,000 rps/).first().waitFor();
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
  await page.getByText('Team scorecards').first().waitFor({ timeout: UI_TIMEOUT });
  await page.getByText('6 of 7').first().waitFor();
  for (const team of ['platform-team', 'identity-team', 'commerce-team', 'comms-team', 'internal-tools-team']) {
    const card = page.getByTestId(`team-scorecard-group:default/${team}`);
    await card.waitFor();
    assert.match(
      (await card.getByTestId('mesh-grade').getAttribute('aria-label')) ?? '',
      /^Grade [A-F], score/,
    );
  }
  await screenshot('mesh-overview');
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
    `${APP_URL}/?filters%5Bkind%5D=component&filters%5Buser%5D=all&filters%5Btags%5D=${encodeURIComponent(tag)}`;
  // the list may show every component for a moment before the tag filter applies
  const notListed = name =>
    page.getByRole('link', { name, exact: true }).first().waitFor({ state: 'detached', timeout: 30_000 });
  await waitForListed(list('mesh:none'), 'legacy-service');
  await notListed('payment-service');
  await screenshot('catalog-tag-filter');
  await waitForListed(list('mtls:permissive'), 'notification-svc');
  await notListed('legacy-service');
  assert.equal(await page.getByRole('link', { name: 'notification-svc', exact: true }).count(), 1);
});

test('the Group page scorecard grade equals the grade in Tech Insights facts', async () => {
  await page.goto(`${APP_URL}/catalog/default/group/commerce-team`);
  const badge = page.getByTestId('mesh-grade').first();
  await badge.waitFor({ timeout: UI_TIMEOUT });
  const shown = /^Grade ([A-F])/.exec((await badge.getAttribute('aria-label')) ?? '')?.[1];
  assert.ok(shown, 'the Group card shows a grade');
  await screenshot('group-scorecard');

  // The team retriever runs on its cron cadence; wait for its first facts.
  const token = await guestToken();
  const url = `${BACKEND_URL}/api/tech-insights/facts/latest?entity=group:default/commerce-team&ids%5B%5D=meshSecurityTeamFactRetriever`;
  let fact;
  for (let i = 0; i < 60 && !fact; i++) {
    const res = await page.request.get(url, { headers: { authorization: `Bearer ${token}` } });
    if (res.ok()) fact = (await res.json()).meshSecurityTeamFactRetriever?.facts;
    if (!fact) await new Promise(r => setTimeout(r, 5000));
  }
  assert.ok(fact, 'Tech Insights has team facts for commerce-team');
  assert.equal(fact.grade, shown);
});
