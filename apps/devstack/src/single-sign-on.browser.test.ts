import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { createDb } from '@chidao/db';
import { startTestOidcProvider, type TestOidcProvider } from '@chidao/testing/oidc-provider';
import { browserTest as it } from './browser';

/**
 * Single sign-on in Chromium (issue 23), against a real OpenID Connect provider on the loopback: the
 * system administrator configures Kiên Giang's provider and links a new commune chair to their
 * subject; the chair signs in with "Đăng nhập bằng tài khoản của tỉnh" and works (a mutation with the
 * session's CSRF token: signing out); an unlinked person is told so; with local passwords off the
 * password form goes, and comes back for another province.
 */
const COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const chair = { subject: 'kg-0001', login: 'chutich.vinhthanh', password: 'mật khẩu tỉnh' };
const stranger = { subject: 'kg-0002', login: 'nguoi.la', password: 'mật khẩu tỉnh' };

let provider: TestOidcProvider | null = null;
const secrets = mkdtempSync(join(tmpdir(), 'chidao-oidc-'));
afterAll(async () => {
  await provider?.stop();
  rmSync(secrets, { recursive: true, force: true });
});

/** A mutation from the signed-in page, as the app sends one (CSRF header from the cookie, a fresh key). */
async function mutate(page: Page, path: string, input: unknown): Promise<unknown> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'chidao_csrf')?.value ?? '';
  return page.evaluate(
    async ([path, input, csrf]) => {
      const response = await fetch(`/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify(input),
      });
      const body = (await response.json()) as { result?: { data: unknown }; error?: unknown };
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body.error)}`);
      return body.result!.data;
    },
    [path, input, csrf] as const,
  );
}

/** The subjects an account is linked to, as the database keeps them. */
async function linkedSubjects(databaseUrl: string, userId: string): Promise<string[]> {
  const db = createDb(databaseUrl);
  try {
    return (await db.prisma.oidcLink.findMany({ where: { userId } })).map((l) => l.subject);
  } finally {
    await db.close();
  }
}

async function throughProvider(page: Page, webUrl: string, who: { login: string; password: string }): Promise<void> {
  await page.goto(webUrl);
  await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).click();
  await page.getByLabel('Tên đăng nhập').fill(who.login);
  await page.getByLabel('Mật khẩu').fill(who.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

describe('single sign-on', () => {
  it('signs a linked chair in through the province account, refuses a stranger, and hides passwords where they are off', async ({ stack, openPage, openContext, signIn }) => {
    provider = await startTestOidcProvider({ redirectUris: [`${stack.webUrl}/auth/oidc/callback`], identities: [chair, stranger] });
    const secretFile = join(secrets, 'kg-oidc');
    writeFileSync(secretFile, provider.clientSecret);

    // The system administrator (the demo province's chair) configures the province and links a new account.
    const admin = await openPage({ viewport: { width: 1280, height: 900 } });
    await signIn(admin, 'kg');
    const settings = { unitId: 'kg', issuer: provider.issuer, clientId: provider.clientId, clientSecretRef: `file:${secretFile}`, linkByVerifiedEmail: false };
    // Through its screen, reached from the accounts' page.
    await admin.goto(`${stack.webUrl}/#/admin`);
    await admin.getByTestId('admin-sso-link').click();
    await admin.getByTestId('sso-unit').selectOption('kg');
    await admin.getByTestId('sso-issuer').fill(settings.issuer);
    await admin.getByTestId('sso-client-id').fill(settings.clientId);
    await admin.getByTestId('sso-secret-ref').fill(settings.clientSecretRef);
    await admin.getByTestId('sso-save').click();
    await expect.poll(() => admin.getByTestId('sso-provider-kg').textContent()).toContain(settings.clientSecretRef);
    expect(await admin.getByTestId('sso-provider-kg').textContent()).not.toContain(provider.clientSecret);
    const { userId } = (await mutate(admin, 'admin.createAccount', {
      username: 'ct.sso.vinhthanh',
      displayName: 'Chủ tịch UBND phường Vĩnh Thanh',
      unitId: COMMUNE,
      grants: [{ role: 'chair', unitId: COMMUNE }],
    })) as { userId: string };
    // Linked on the account's form, found on the accounts' page.
    await admin.goto(`${stack.webUrl}/#/admin`);
    await admin.getByTestId('admin-search').fill('ct.sso.vinhthanh');
    await admin.getByTestId('admin-filter').click();
    const row = admin.locator(`[data-testid="admin-row"][data-username="ct.sso.vinhthanh"]`);
    await row.getByRole('button', { name: 'Sửa' }).click();
    await expect.poll(() => admin.getByTestId('admin-subject-state').textContent()).toContain('Chưa gắn');
    await admin.getByTestId('admin-subject').fill(chair.subject);
    await admin.getByTestId('admin-subject-save').click();
    await expect.poll(() => admin.getByTestId('admin-subject-state').textContent()).toContain(`Đã gắn với mã định danh ${chair.subject}`);
    expect(await linkedSubjects(stack.databaseUrl, userId)).toEqual([chair.subject]);

    // The chair, on a phone with nothing stored, signs in with the province account.
    const phone = await (await openContext({ viewport: { width: 390, height: 844 } })).newPage();
    await throughProvider(phone, stack.webUrl, chair);
    await expect.poll(() => phone.getByTestId('current-user').getAttribute('data-unit-id')).toBe(COMMUNE);
    // The session works for changes too (its CSRF token came with it): signing out.
    await phone.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect.poll(() => phone.getByRole('heading', { name: 'Đăng nhập', level: 1 }).count()).toBe(1);

    // Someone the province knows but nobody linked: told so on the sign-in page, nobody signed in.
    const other = await (await openContext({ viewport: { width: 390, height: 844 } })).newPage();
    await throughProvider(other, stack.webUrl, stranger);
    await expect.poll(() => other.getByTestId('sso-refused').textContent()).toContain('chưa được gắn với tài khoản nào');
    expect(await other.getByTestId('current-user').count()).toBe(0);

    // Local passwords off in Kiên Giang: only the province account is offered, unless another province is chosen.
    await mutate(admin, 'admin.setIdentityProvider', { ...settings, passwordSignIn: false });
    const fresh = await openPage({ viewport: { width: 390, height: 844 } });
    await fresh.goto(stack.webUrl);
    await expect.poll(() => fresh.getByTestId('password-off').count()).toBe(1);
    expect(await fresh.getByLabel('Mật khẩu', { exact: true }).count()).toBe(0);
    await fresh.getByTestId('sign-in-province').selectOption('');
    await expect.poll(() => fresh.getByLabel('Mật khẩu', { exact: true }).count()).toBe(1);
    await mutate(admin, 'admin.setIdentityProvider', { ...settings, passwordSignIn: true });
  });
});
