// What a user of the fresh app sees: the mTLS tab of a demo entity with the
// workload and its Kiali link, the backend plugin's health route and a what-if
// simulation.
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

const STRICT_IN_COMMS = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: comms
spec:
  mtls:
    mode: STRICT
`;

/**
 * A what-if simulation through the backend, as the entity page's card asks
 * for one: it runs in a worker thread started from the packed plugin's dist/.
 * 503 until the first refresh has kept the demo's objects.
 */
export async function checkWhatIf(backendUrl) {
  const signIn = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(signIn.status, 200, `guest sign-in answered ${signIn.status}`);
  const token = (await signIn.json()).backstageIdentity.token;
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    const res = await fetch(`${backendUrl}/api/mesh-security/simulate`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ yaml: STRICT_IN_COMMS }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    if (res.status === 503 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 1000));
      continue;
    }
    assert.equal(
      res.status,
      200,
      `POST /simulate answered ${res.status}: ${text}`,
    );
    const [cluster] = JSON.parse(text).clusters;
    // notification-svc, PERMISSIVE today, would be STRICT
    assert.ok(
      cluster.workloads.some(w => w.workload === 'comms/notification-svc'),
      `the simulation did not change comms/notification-svc: ${text.slice(
        0,
        500,
      )}`,
    );
    return;
  }
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
