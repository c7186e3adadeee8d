// End-to-end: the demo portal in real Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { APP_URL, startPortal } from './lib/portal.mjs';
import { launchBrowser, signInAsGuest } from './lib/browser.mjs';

const OUT = new URL('../test-output/e2e/', import.meta.url).pathname;
let portal;
let browser;
let page;

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
  await heading.waitFor({ timeout: 60_000 });
  assert.equal((await heading.textContent())?.trim(), 'payment-service');
  await page.screenshot({ path: `${OUT}/payment-service.png`, fullPage: true });
});
