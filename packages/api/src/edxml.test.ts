import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY, DEFAULT_REMINDER_POLICY, DIRECTIVE_1119, KG } from '@chidao/domain';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { domainCodeOf } from './error-shape';
import type { DirectiveDefinition } from './routers/issuance';
import { refusedWith } from './test-support';
import { signedInAs, signedInBrowser } from './testing';

/**
 * edXML (QCVN 102:2016/BTTTT) through the API, on the real engine: a package uploaded to intake.parse
 * gives the draft the pasted text gives, and an issued directive downloads as a package that reads
 * back into its own draft.
 */

const fixture = (name: string) => fileURLToPath(new URL(`../../intake/fixtures/${name}`, import.meta.url));
let harness: EngineHarness;
beforeAll(async () => {
  harness = await startEngineHarness('edxml-test');
});
afterAll(async () => {
  await harness?.stop();
});

const chairOf = (unitId: string) => signedInAs(harness.deps, `u.${unitId}`);
const upload = async (unitId: string, name: string, bytes: Buffer) => chairOf(unitId).intake.parse({ file: { name, base64: bytes.toString('base64') } });
const refusal = async (promise: Promise<unknown>) => domainCodeOf(await refusedWith(promise));

describe('intake.parse of an edXML package', () => {
  it('1119 as a package gives the draft the pasted seed text gives, with its envelope', async () => {
    const seed = await readFile(fixture('cong-van-1119-UBND-KGVX.txt'), 'utf8');
    const pasted = await chairOf(KG.province).intake.parse({ text: seed });
    const { exchange, ...draft } = (await upload(KG.province, '1119.edxml', await readFile(fixture('cong-van-1119-UBND-KGVX.edxml')))).draft;
    expect(draft).toEqual(pasted.draft);
    expect(exchange).toMatchObject({ reference: '1119/UBND-KGVX', from: { organName: 'Ủy ban nhân dân tỉnh Kiên Giang' }, signed: true, warnings: [] });
  });

  it('passes on the header’s disagreements, and refuses a hostile package typed', async () => {
    const { draft } = await upload(KG.province, '1205.edxml', await readFile(fixture('kien-giang-1205-UBND-KGVX-hoa-toc-header-mismatch.edxml')));
    expect(draft.reference).toBe('1205/UBND-KGVX');
    expect(draft.exchange?.warnings.map((w) => w.field)).toEqual(['reference', 'subject']);
    expect(await refusal(upload(KG.province, 'laughs.edxml', await readFile(fixture('hostile-billion-laughs.edxml'))))).toBe('DOCUMENT_TOO_COMPLEX');
    expect(await refusal(upload(KG.province, 'xxe.xml', await readFile(fixture('hostile-external-entity.edxml'))))).toBe('DOCUMENT_TOO_COMPLEX');
    expect(await refusal(upload(KG.province, 'broken.edxml', await readFile(fixture('hostile-malformed.edxml'))))).toBe('UNSUPPORTED_FILE');
  });
});

describe('files.edxml: an issued directive as a package', () => {
  it('the issuer downloads 1119, entered without a text, as a package whose written text reads back to its number, date, subject and tasks', async () => {
    const file = await signedInBrowser(harness.deps, `u.${KG.province}`).files.edxml({ directiveId: DIRECTIVE_1119.id });
    expect(file.filename).toBe('1119-ubnd-kgvx.edxml');
    expect(file.contentType).toBe('application/xml; charset=utf-8');
    const { draft } = await upload(KG.province, file.filename, file.bytes);
    expect(draft).toMatchObject({ reference: DIRECTIVE_1119.reference, date: DIRECTIVE_1119.date, subject: DIRECTIVE_1119.subject });
    expect(draft.tasks.map((t) => t.text)).toEqual(DIRECTIVE_1119.tasks.map((t) => t.text.replace(/\s+/g, ' ').trim()));
    expect(draft.exchange).toMatchObject({ documentId: DIRECTIVE_1119.id, from: { organName: expect.stringContaining('Kiên Giang') }, warnings: [] });
    expect(draft.exchange!.to.length).toBeGreaterThan(15);
  });

  it('a directive issued from a dispatch goes out with that dispatch’s text, and reads back into the same draft', async () => {
    const text = await readFile(fixture('kien-giang-1205-UBND-KGVX-hoa-toc.txt'), 'utf8');
    const pasted = await chairOf(KG.province).intake.parse({ text });
    const definition: DirectiveDefinition = {
      reference: '1205/UBND-KGVX',
      place: 'Kiên Giang',
      date: '2020-09-02',
      subject: pasted.draft.subject!,
      urgency: 'Hỏa tốc',
      recipients: [{ text: 'Chủ tịch UBND các huyện, thành phố.', group: { type: 'level', level: 'district', kinds: ['people_committee'] } }],
      tasks: [{ text: 'Rà soát người về từ vùng dịch.', assignees: [{ type: 'level', level: 'district', kinds: ['people_committee'] }] }],
      targets: [],
      deadlines: [],
      coordinatorUnitId: null,
      signer: { capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Lâm Minh Thành' },
      copiesTo: [],
      sourceText: text,
      keyTask: false,
      metrics: [],
      rates: [],
      tracking: {
        acknowledgeWithin: { type: 'workingDays', days: 1 },
        reportBy: { type: 'workingDays', days: 10 },
        reminders: { fractions: [...DEFAULT_REMINDER_POLICY.fractions], workingDaysBefore: [...DEFAULT_REMINDER_POLICY.workingDaysBefore] },
        escalation: { steps: DEFAULT_ESCALATION_POLICY.steps.map((s) => ({ ...s })) },
      },
    };
    const { directiveId } = await chairOf(KG.province).directives.issue(definition);
    const file = await signedInBrowser(harness.deps, `u.${KG.province}`).files.edxml({ directiveId });
    const { exchange, ...draft } = (await upload(KG.province, file.filename, file.bytes)).draft;
    expect(draft).toEqual(pasted.draft);
    expect(exchange).toMatchObject({ urgency: 'Hỏa tốc', body: 'attachment', warnings: [] });
  });

  it('is refused to anyone but the issuer’s leadership, as a directive that does not exist', async () => {
    for (const unit of [KG.soTTTT, 'kg.rach-gia']) {
      expect(await refusal(signedInBrowser(harness.deps, `u.${unit}`).files.edxml({ directiveId: DIRECTIVE_1119.id }))).toBe('DIRECTIVE_NOT_FOUND');
    }
    expect(await refusal(signedInBrowser(harness.deps, `u.${KG.province}`).files.edxml({ directiveId: 'kg.2020.9999-ubnd' }))).toBe('DIRECTIVE_NOT_FOUND');
  });
});
