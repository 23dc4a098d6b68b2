import { chromium, type Browser } from 'playwright-core';

// Apart from browser.ts (which needs vitest) so that the web load benchmark, a plain command, launches it the same way.

/** Debian's Chromium, launched as this environment needs (no sandbox as root, no background network). */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  // Playwright gives every launch a fresh profile folder of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}
