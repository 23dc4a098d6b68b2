import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anGiang2025Units } from '@chidao/admin-units';
import { seedDirectiveDocument } from '@chidao/api';
import { testFileStore } from '@chidao/api/testing';
import { DISPATCH_1119_TEXT_PATH } from '@chidao/db';
import { useTestStore } from '@chidao/db/test-store';
import { DIRECTIVE_1119, kienGiangUnits } from '@chidao/domain';
import { createIntakePool } from '@chidao/intake';
import { FILE_CSP } from './files';
import { useFileServer } from './test-server';

// A directive's original file and full text as a recipient's browser gets them: 1119 seeded as
// `npm start` seeds it (its text, and a PDF of it as its original), read by a commune it reached and
// refused to a commune of another province, which it never reached.

const store = useTestStore({ units: [...kienGiangUnits(), ...anGiang2025Units()], demoUsers: true });
const intake = createIntakePool();
const files = testFileStore();
const server = useFileServer(() => store.repos, {
  intake,
  files,
  // The directive's row as issuing stores it; its workflow plays no part in reading its document.
  prepare: async () => {
    await store.repos.directives.save(DIRECTIVE_1119, `directive:${DIRECTIVE_1119.id}`);
    await seedDirectiveDocument(store.repos, files, DIRECTIVE_1119, await readFile(DISPATCH_1119_TEXT_PATH, 'utf8'));
  },
});
const signedIn = (username: string) => server.signedIn(username);
let base: string;
beforeAll(() => {
  base = server.base;
});

afterAll(async () => {
  await intake.close();
});

const COMMUNE = 'ct.kg.rach-gia.p-vinh-thanh';
const OTHER_PROVINCE = 'ct.an-giang.p-rach-gia';
/** Where the web app links the original (directives.document's `url`). */
const original = `/files/original?directiveId=${encodeURIComponent(DIRECTIVE_1119.id)}`;

describe('the original of 1119', () => {
  it('is served to a commune it reached, inline, sandboxed, as a PDF whose text layer reads "Bluezone"', async () => {
    const cookie = await signedIn(COMMUNE);
    const response = await fetch(`${base}${original}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="cong-van-1119-UBND-KGVX.pdf"; filename*=UTF-8''cong-van-1119-UBND-KGVX.pdf`);
    expect(response.headers.get('content-security-policy')).toBe(FILE_CSP);
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    // Read back as intake reads an uploaded PDF: through its text layer, with its Vietnamese letters.
    const { text } = await intake.read({ file: { name: 'ban-goc.pdf', bytes } });
    expect(text).toContain('Bluezone');
    expect(text).toContain('đẩy mạnh triển khai ứng');
  });

  it('is listed with the full text in directives.document for that commune', async () => {
    const cookie = await signedIn(COMMUNE);
    const input = encodeURIComponent(JSON.stringify({ directiveId: DIRECTIVE_1119.id }));
    const response = await fetch(`${base}/trpc/directives.document?input=${input}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { data: { fullText: string; original: { filename: string; contentType: string; url: string } } } };
    expect(result.data.fullText).toContain('đi từng ngõ, gõ từng nhà');
    expect(result.data.original).toMatchObject({ filename: 'cong-van-1119-UBND-KGVX.pdf', contentType: 'application/pdf', url: original });
  });

  it('is refused to a unit the directive never reached as if it did not exist (404), and to a visitor (401)', async () => {
    const cookie = await signedIn(OTHER_PROVINCE);
    const outside = await fetch(`${base}${original}`, { headers: { cookie } });
    expect(outside.status).toBe(404);
    expect(outside.headers.get('x-domain-code')).toBe('DIRECTIVE_NOT_FOUND');
    expect(outside.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const input = encodeURIComponent(JSON.stringify({ directiveId: DIRECTIVE_1119.id }));
    expect((await fetch(`${base}/trpc/directives.document?input=${input}`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}${original}`)).status).toBe(401);
  });
});
