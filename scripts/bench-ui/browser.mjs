// Debian's Chromium through playwright-core, never a downloaded browser, with
// a fresh profile. Playwright's own signal handlers are off: on Ctrl-C they
// close the browser and exit the process before the portal is stopped.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser() {
  const userDataDir = await mkdtemp(
    join(tmpdir(), 'mesh-security-bench-chromium-'),
  );
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      viewport: { width: 1440, height: 1000 },
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(userDataDir, { recursive: true, force: true });
    throw e;
  }
}
