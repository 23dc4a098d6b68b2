import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '@chidao/domain';
import { repoRoot } from '@chidao/testing';
import { freePort } from './processes';
import { startStack, type Stack } from './stack';

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

/** Collects console errors and page errors, so a test can fail on any of them. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export function screenshotPath(name: string): string {
  const dir = join(repoRoot(), 'test-output', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/** The whole system on free ports with the built web app, and Chromium beside it, for one test file. */
export async function startBrowserStack(): Promise<{ stack: Stack; browser: Browser; stop(): Promise<void> }> {
  const [stack, chromium] = await Promise.all([
    (async () =>
      startStack({
        port: await freePort(),
        temporalPort: await freePort(),
        temporalUiPort: null,
        postgresPort: await freePort(),
        webDist: join(repoRoot(), 'apps', 'web', 'dist'),
        quiet: true,
      }))(),
    launchChromium(),
  ]);
  return {
    stack,
    browser: chromium.browser,
    async stop() {
      await chromium.close();
      await stack.stop();
    },
  };
}

/**
 * Sign-in through the real form with the demo password. With `search`, the demo account list fills
 * the username (as a person in demo mode would use it); without, the username is typed.
 */
export async function signIn(page: Page, webUrl: string, unitId: string, search?: string): Promise<void> {
  await page.goto(webUrl);
  const username = page.getByLabel('Tên đăng nhập');
  if (search) {
    await page.getByLabel('Tìm theo tên người hoặc tên đơn vị').fill(search);
    await page.getByTestId(`account-u.${unitId}`).click();
    await expect.poll(() => username.inputValue()).toBe(`ct.${unitId}`);
  } else {
    await username.fill(`ct.${unitId}`);
  }
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect.poll(() => page.getByTestId('current-user').getAttribute('data-unit-id')).toBe(unitId);
}
