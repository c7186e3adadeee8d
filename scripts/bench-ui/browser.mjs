// The end-to-end tests' Chromium launcher, without Playwright's signal
// handlers: on Ctrl-C they would close the browser and exit the process
// before the bench has stopped the portal.
import {
  CHROMIUM_PATH,
  launchBrowser as launch,
} from '../../e2e-tests/lib/browser.mjs';

export { CHROMIUM_PATH };

export const launchBrowser = () => launch({ handleSignals: false });
