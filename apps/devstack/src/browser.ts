import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { DEMO_PASSWORD, ERROR_CODES } from '@chidao/domain';
import { createTestDatabase } from '@chidao/db/testing';
import { freePort, repoRoot } from '@chidao/testing';
import { launchChromium } from './chromium';
import { PREPARED_DATABASE } from './prepared-database';
import { startStack, type Stack } from './stack';
import { eicarDatabase } from '@chidao/files/testing';

export { launchChromium };

const DOMAIN_CODES = Object.keys(ERROR_CODES);

/**
 * What the app keeps on the phone (apps/web's device.ts: IndexedDB database `chidao`, store `device`),
 * read in the page: every key with its value, none when the app never wrote one.
 */
export function deviceStore(page: Page): Promise<Array<[string, unknown]>> {
  // A string: this package has no DOM types, and the page runs it as it is.
  return page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('chidao');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('device')) {
        db.close();
        resolve([]);
        return;
      }
      const store = db.transaction('device').objectStore('device');
      const keys = store.getAllKeys();
      const values = store.getAll();
      values.onerror = () => reject(values.error);
      values.onsuccess = () => {
        db.close();
        resolve(keys.result.map((key, i) => [String(key), values.result[i]]));
      };
    };
  })`);
}

/**
 * Null when nothing on the page reaches past the window's right edge; else the page's width against the
 * window's and the innermost elements that stick out (the ones to fix: their containers stick out only
 * because of them). A phone user must never have to scroll sideways, so every main page is measured.
 */
export async function tooWide(page: Page): Promise<string | null> {
  return page.locator('html').evaluate((root) => {
    const edge = root.clientWidth + 1;
    type Node = (typeof root)['firstElementChild'] & object;
    const view = root.ownerDocument.defaultView!;
    // What shows of an element ends at the first ancestor that clips it (a wide table scrolls inside
    // its own box, which a phone user expects); only what reaches past the window counts.
    const shownRight = (e: Node) => {
      let right = e.getBoundingClientRect().right;
      for (let up = e.parentElement; up && up !== root; up = up.parentElement)
        if (view.getComputedStyle(up).overflowX !== 'visible') right = Math.min(right, up.getBoundingClientRect().right);
      return right;
    };
    const out = (e: Node) => e.getClientRects().length > 0 && shownRight(e) > edge;
    const culprits = [...root.ownerDocument.body.querySelectorAll('*')].filter((e) => out(e) && ![...e.children].some(out)).slice(0, 5);
    if (root.scrollWidth <= root.clientWidth && culprits.length === 0) return null;
    const describe = (e: Node) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}` +
      `${e.getAttribute('data-testid') ? `[data-testid="${e.getAttribute('data-testid')}"]` : ''} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`;
    return `scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}: ${culprits.map(describe).join('; ')}`;
  });
}

/** Fails the test, naming the elements, when the page scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await tooWide(page)).toBeNull();
}

/**
 * Collects console errors and page errors, so a test can fail on any of them. A resource that failed
 * is named by its address and by the domain code the API answered, so a failure says which request it was.
 *
 * One answer is not a defect of the app: ENGINE_UNAVAILABLE (503), which the API gives when Temporal did
 * not answer within the request's deadline (a loaded machine: CI runs browser files side by side), and
 * which the app sends again by design (lib/errors isTransient, lib/idempotency). Those are written to
 * stderr instead; the test's own assertions show that the action took effect in the end.
 */
export function watchConsole(page: Page): () => string[] {
  const messages: Array<{ text: string; url: string }> = [];
  const answers = new Map<string, string[]>();
  page.on('console', (message) => {
    if (message.type() === 'error') messages.push({ text: message.text(), url: message.location().url });
  });
  page.on('pageerror', (error) => messages.push({ text: error.message, url: '' }));
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const codes = answers.get(response.url()) ?? [];
    answers.set(response.url(), codes);
    codes.push(`HTTP ${response.status()}`);
    const index = codes.length - 1;
    response
      .text()
      .then((body) => {
        const named = DOMAIN_CODES.find((candidate) => body.includes(`"domainCode":"${candidate}"`));
        codes[index] = named ? `HTTP ${response.status()} ${named}` : `HTTP ${response.status()} ${body.slice(0, 300)}`;
      })
      .catch(() => undefined);
  });
  return () => {
    const errors: string[] = [];
    const seen = new Map<string, number>();
    for (const { text, url } of messages) {
      if (!text.startsWith('Failed to load resource') || !answers.has(url)) {
        errors.push(text);
        continue;
      }
      const nth = seen.get(url) ?? 0;
      seen.set(url, nth + 1);
      const answer = answers.get(url)?.[nth] ?? 'no answer recorded';
      if (answer === 'HTTP 503 ENGINE_UNAVAILABLE') {
        process.stderr.write(`[browser] ${url} answered ${answer}; the app sends it again\n`);
        continue;
      }
      errors.push(`${text} (${url}: ${answer})`);
    }
    return errors;
  };
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
export interface TestStackOptions {
  /** A dev mailbox (a real SMTP server) the server and worker send e-mail to, read at `stack.mailboxUrl`. */
  readonly mailbox?: boolean;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<Stack> {
  const template = process.env[PREPARED_DATABASE];
  const database = await createTestDatabase(template ? { template } : {});
  // The server scans attachments with the real ClamAV and the tests' EICAR signature (no freshclam here).
  const clamav = eicarDatabase();
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
      clamavDatabaseDir: clamav.dir,
      ...(options.mailbox ? { mailbox: { smtpPort: 0, httpPort: 0 } } : {}),
      // STACK_LOGS=1 shows the stack's own output (server, worker, Temporal) while a test is being debugged.
      quiet: process.env.STACK_LOGS !== '1',
    });
    return {
      ...stack,
      async stop() {
        await stack.stop();
        await database.drop();
        clamav.remove();
      },
    };
  } catch (error) {
    await database.drop();
    clamav.remove();
    throw error;
  }
}

/**
 * What every browser test gets, instead of hooks repeated in each file:
 * - `stack`: the system (startTestStack), once per file, stopped after its last test;
 * - `browser`: Chromium, once per file, launched while the stack starts and closed while it stops
 *   (neither needs the other: the file's `system` holds both);
 * - `openPage(options)`: a new page (Playwright's newPage options: a viewport), closed after the test;
 * - `openContext(options)`: a browser profile of its own, for several tabs that share its storage
 *   (its pages' console errors are collected too), closed after the test;
 * - `consoleErrors()`: the console and page errors of every page the test opened, so far;
 * - `signIn(page, unitId, search?)`: that page signed in as the unit's chair (signIn below).
 */
export const browserTest = browserTestWith({});

/** browserTest on a stack started with `options` (a file that reads the e-mail it causes asks for a mailbox). */
export function browserTestWith(options: TestStackOptions) {
  return test
    .extend('system', { scope: 'file' }, async ({}, { onCleanup }) => {
      const [stack, chromium] = await Promise.allSettled([startTestStack(options), launchChromium()]);
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
      const pages: Array<{ page: Page; errors: () => string[] }> = [];
      const contexts: BrowserContext[] = [];
      onCleanup(async () => {
        await Promise.all(pages.map(({ page }) => page.close()));
        await Promise.all(contexts.map((context) => context.close()));
      });
      return {
        async open(options: Parameters<Browser['newPage']>[0]): Promise<Page> {
          const page = await browser.newPage(options);
          pages.push({ page, errors: watchConsole(page) });
          return page;
        },
        async openContext(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
          const context = await browser.newContext(options);
          contexts.push(context);
          context.on('page', (page) => pages.push({ page, errors: watchConsole(page) }));
          return context;
        },
        errors: (): string[] => pages.flatMap(({ errors }) => errors()),
      };
    })
    .extend('openPage', async ({ pages }) => pages.open)
    .extend('openContext', async ({ pages }) => pages.openContext)
    .extend('consoleErrors', async ({ pages }) => pages.errors)
    .extend('signIn', async ({ stack }) => (page: Page, unitId: string, search?: string) => signIn(page, stack.webUrl, unitId, search));
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
