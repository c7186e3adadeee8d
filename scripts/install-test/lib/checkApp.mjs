// What a user of the fresh app sees: the mTLS tab of a demo entity with the
// workload and its Kiali link, and the backend plugin's health route.
import assert from 'node:assert/strict';
import { launchBrowser } from '../../../e2e-tests/lib/browser.mjs';

const UI_TIMEOUT = 180_000;

export async function checkHealth(backendUrl) {
  const res = await fetch(`${backendUrl}/api/mesh-security/health`, {
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(
    res.status,
    200,
    `GET /api/mesh-security/health answered ${res.status}: ${await res.text()}`,
  );
}

/**
 * Signs in as guest when the app asks (create-app's sign-in page offers the
 * guest provider), then opens payment-service's mTLS tab.
 */
export async function checkMtlsTab(appUrl, { kialiBase }) {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(appUrl);
    const enter = page.getByRole('button', { name: 'Enter' });
    const signedIn = page.getByRole('navigation').first();
    await Promise.race([enter.waitFor(), signedIn.waitFor()]);
    if (await enter.isVisible()) {
      await enter.click();
      await enter.waitFor({ state: 'detached' });
    }

    await page.goto(`${appUrl}/catalog/default/component/payment-service/mtls`);
    await page.getByText('payments/payment-service').first().waitFor();
    await page.getByText('STRICT', { exact: true }).first().waitFor();
    const kiali = page.getByRole('link', {
      name: /^Open payments\/payment-service in Kiali/,
    });
    await kiali.first().waitFor();
    assert.equal(
      await kiali.first().getAttribute('href'),
      `${kialiBase}/namespaces/payments/workloads/payment-service`,
    );
  } finally {
    await browser.close();
  }
}
