import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { useTestStore } from '@chidao/db/test-store';
import { addressOf } from '@chidao/files';
import { DEFAULT_AUTH_POLICY, DIRECTIVE_1119, kienGiangUnits, type Directive } from '@chidao/domain';
import { createIntakePool } from '@chidao/intake';
import { domainCodeOf, type ContextDeps } from './index';
import { signedInBrowser, testFileStore } from './testing';
import { refusedWith } from './test-support';

// A directive's full text and original, in process: the issuer attaches its original once, every
// unit that sees the directive reads both, and a bad file changes nothing. No workflow runs here: the
// directive is stored as issuing stores it.

const store = useTestStore({ units: kienGiangUnits(), demoUsers: true });
const files = testFileStore();
const deps = (): ContextDeps => ({
  repos: store.repos,
  temporal: { client: undefined as unknown as Client, taskQueue: 'unused' },
  intake: createIntakePool({ threads: 1 }),
  files,
  devSignIn: true,
  auth: { policy: DEFAULT_AUTH_POLICY, now: () => new Date() },
});

const DISTRICT = 'kg.rach-gia';
const COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const ELSEWHERE = 'kg.ha-tien.p-dong-ho';
const TEXT = '**ỦY BAN NHÂN DÂN\nTHÀNH PHỐ RẠCH GIÁ**\n\nSố: 77/UBND-VX\n\nV/v cài đặt Bluezone';
/** A directive of the district to its communes, issued from a pasted dispatch (its full text). */
const directive: Directive = { ...DIRECTIVE_1119, id: 'kg.rach-gia.2020.77-ubnd-vx', reference: '77/UBND-VX', issuerUnitId: DISTRICT, sourceText: TEXT };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('một bản quét')]);
const upload = (name: string, bytes: Buffer) => ({ name, base64: bytes.toString('base64') });
const as = (unitId: string) => signedInBrowser(deps(), `u.${unitId}`);

describe("a directive's document", () => {
  it('keeps the full text it was issued with, apart from its body, and gives it back whole', async () => {
    await store.repos.directives.save(directive, `directive:${directive.id}`);
    expect((await store.repos.directives.get(directive.id))?.sourceText).toBe(TEXT);
    const row = await store.db.prisma.directive.findUniqueOrThrow({ where: { id: directive.id }, select: { body: true, fullText: true } });
    expect(row.fullText).toBe(TEXT);
    expect(row.body).not.toHaveProperty('sourceText');
    // Saving it again without its text (as a retried start does) keeps the text.
    const { sourceText: _dropped, ...withoutText } = directive;
    await store.repos.directives.save(withoutText, `directive:${directive.id}`);
    expect((await as(COMMUNE).caller.directives.document({ directiveId: directive.id })).fullText).toBe(TEXT);
  });

  it('takes an original from its issuer once, typed by its bytes, and shows it to the units it reached', async () => {
    const district = as(DISTRICT).caller;
    expect((await district.directives.document({ directiveId: directive.id })).mayAttach).toBe(true);
    // A page of HTML named .pdf is no original; a file past the limit neither: nothing is kept.
    const refused = await refusedWith(district.directives.attachOriginal({ directiveId: directive.id, file: upload('cv.pdf', Buffer.from('<html><script>alert(1)</script>')) }));
    expect(domainCodeOf(refused)).toBe('UNSUPPORTED_FILE');
    expect(await files.exists(addressOf(Buffer.from('<html><script>alert(1)</script>')))).toBe(false);
    expect((await district.directives.document({ directiveId: directive.id })).original).toBeNull();

    const attached = await district.directives.attachOriginal({ directiveId: directive.id, file: upload('C:\\scan\\77.pdf', PNG) });
    expect(attached).toEqual({
      attached: true,
      original: { filename: '77.pdf.png', contentType: 'image/png', size: PNG.length, url: `/files/original?directiveId=${encodeURIComponent(directive.id)}` },
    });
    // The same file again changes nothing; another one is refused, and the first stays.
    expect((await district.directives.attachOriginal({ directiveId: directive.id, file: upload('77.png', PNG) })).attached).toBe(false);
    const other = await refusedWith(district.directives.attachOriginal({ directiveId: directive.id, file: upload('khac.pdf', Buffer.from('%PDF-1.4\n%%EOF')) }));
    expect(domainCodeOf(other)).toBe('DIRECTIVE_CONFLICT');

    const commune = as(COMMUNE);
    const seen = await commune.caller.directives.document({ directiveId: directive.id });
    expect(seen).toMatchObject({ reference: '77/UBND-VX', fullText: TEXT, mayAttach: false, original: { filename: '77.pdf.png', contentType: 'image/png' } });
    const file = await commune.files.original({ directiveId: directive.id });
    expect(file).toMatchObject({ contentType: 'image/png', filename: '77.pdf.png', inline: true });
    expect(file.bytes.equals(PNG)).toBe(true);
    // A recipient attaches nothing; a commune of another district sees nothing, as for no directive.
    expect(domainCodeOf(await refusedWith(commune.caller.directives.attachOriginal({ directiveId: directive.id, file: upload('77.png', PNG) })))).toBe('DIRECTIVE_NOT_FOUND');
    expect(domainCodeOf(await refusedWith(as(ELSEWHERE).files.original({ directiveId: directive.id })))).toBe('DIRECTIVE_NOT_FOUND');
    const entries = await store.db.prisma.auditEntry.findMany({ where: { action: 'directive.attach_original', entityId: directive.id } });
    expect(entries).toHaveLength(1);
  });
});
