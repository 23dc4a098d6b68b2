import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { DEMO_PASSWORD } from '@chidao/domain';
import { createTestDatabase } from '@chidao/db/testing';
import { freePort, repoRoot } from '@chidao/testing';
import { launchChromium } from './chromium';
import { PREPARED_DATABASE } from './prepared-database';
import { startStack, type Stack } from './stack';

export { launchChromium };

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

/**
 * The whole system on free ports with the built web app, for one test file: its own Temporal server
 * (mutual TLS with a CA of its own, as npm start's), worker, API server and database (in the run's PostgreSQL cluster, with the demo accounts),
 * the worker running the run's workflow bundle when a globalSetup made one (src/test-setup.ts). The
 * database is a copy of the run's prepared one when there is one, else migrated and seeded here.
 */
export async function startTestStack(): Promise<Stack> {
  const template = process.env[PREPARED_DATABASE];
  const database = await createTestDatabase(template ? { template } : {});
  try {
    const stack = await startStack({
      port: await freePort(),
      temporalPort: await freePort(),
      postgresPort: 0,
      databaseUrl: database.url,
      demoAccountsOnThrowawayDatabase: true,
      databasePrepared: template !== undefined,
      ...(process.env.TEST_WORKFLOW_BUNDLE ? { workflowBundle: process.env.TEST_WORKFLOW_BUNDLE } : {}),
      webDist: join(repoRoot(), 'apps', 'web', 'dist'),
      quiet: true,
    });
    return {
      ...stack,
      async stop() {
        await stack.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/**
 * What every browser test gets, instead of hooks repeated in each file:
 * - `stack`: the system (startTestStack), once per file, stopped after its last test;
 * - `browser`: Chromium, once per file, launched while the stack starts and closed while it stops
 *   (neither needs the other: the file's `system` holds both);
 * - `openPage(options)`: a new page (Playwright's newPage options: a viewport), closed after the test;
 * - `consoleErrors()`: the console and page errors of every page the test opened, so far;
 * - `signIn(page, unitId, search?)`: that page signed in as the unit's chair (signIn below).
 */
export const browserTest = test
  .extend('system', { scope: 'file' }, async ({}, { onCleanup }) => {
    const [stack, chromium] = await Promise.allSettled([startTestStack(), launchChromium()]);
    const stop = async () => {
      await Promise.all([
        stack.status === 'fulfilled' ? stack.value.stop() : undefined,
        chromium.status === 'fulfilled' ? chromium.value.close() : undefined,
      ]);
    };
    if (stack.status === 'rejected' || chromium.status === 'rejected') {
      await stop();
      throw stack.status === 'rejected' ? stack.reason : (chromium as PromiseRejectedResult).reason;
    }
    onCleanup(stop);
    return { stack: stack.value, browser: chromium.value.browser };
  })
  .extend('stack', { scope: 'file' }, async ({ system }) => system.stack)
  .extend('browser', { scope: 'file' }, async ({ system }) => system.browser)
  .extend('pages', async ({ browser }, { onCleanup }) => {
    const pages: Array<{ page: Page; errors: string[] }> = [];
    onCleanup(async () => {
      await Promise.all(pages.map(({ page }) => page.close()));
    });
    return {
      async open(options: Parameters<Browser['newPage']>[0]): Promise<Page> {
        const page = await browser.newPage(options);
        pages.push({ page, errors: watchConsole(page) });
        return page;
      },
      errors: (): string[] => pages.flatMap(({ errors }) => errors),
    };
  })
  .extend('openPage', async ({ pages }) => pages.open)
  .extend('consoleErrors', async ({ pages }) => pages.errors)
  .extend('signIn', async ({ stack }) => (page: Page, unitId: string, search?: string) => signIn(page, stack.webUrl, unitId, search));

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
