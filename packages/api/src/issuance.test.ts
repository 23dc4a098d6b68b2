import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY, DEFAULT_REMINDER_POLICY, DIRECTIVE_1119, KG, planAssignments } from '@chidao/domain';
import { SCAN_FILE_MAX_BYTES } from '@chidao/intake';
import { textPdf } from '@chidao/intake/file-fixtures';
import { eventually } from '@chidao/testing';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import type { DirectiveDefinition } from './routers/issuance';
import { signedInAs } from './testing';
import { domainCodeOf, fieldsOf } from './error-shape';
import { refusedWith } from './test-support';

/** Every directive issued so far has an assignment for each unit the domain plans it for. */
async function everyDirectiveDelivered(): Promise<void> {
  const hierarchy = await harness.repos.units.hierarchy();
  for (const { id } of await harness.repos.directives.list()) {
    const directive = (await harness.repos.directives.get(id))!;
    expect(await harness.repos.assignments.statesForDirective(id), id).toHaveLength(planAssignments(hierarchy, directive).length);
  }
}

const fixture = (name: string) => fileURLToPath(new URL(`../../intake/fixtures/${name}`, import.meta.url));
const DISTRICT_CHAIRS = { type: 'level' as const, level: 'district', kinds: ['people_committee' as const] };
const RACH_GIA = 'kg.rach-gia';

let harness: EngineHarness;
beforeAll(async () => {
  harness = await startEngineHarness('issuance-test');
});
afterAll(async () => {
  await harness?.stop();
});

const chairOf = (unitId: string) => signedInAs(harness.deps, `u.${unitId}`);

/** The refusal as a client sees it: tRPC code, domain code and the fields it names. */
async function refusal(promise: Promise<unknown>) {
  const shape = await refusedWith(promise);
  return { code: shape.code, domainCode: domainCodeOf(shape), fields: fieldsOf(shape) };
}

/** Hỏa tốc 1205/UBND-KGVX as the form would send it after the reader corrected it. */
function definition(overrides: Partial<DirectiveDefinition> = {}): DirectiveDefinition {
  return {
    reference: '1205/UBND-KGVX',
    place: 'Kiên Giang',
    date: '2020-09-02',
    subject: 'V/v triển khai khẩn cấp các biện pháp phòng, chống dịch COVID-19',
    urgency: 'Hỏa tốc',
    recipients: [
      { text: 'Giám đốc Sở Y tế;', group: { type: 'units', unitIds: ['kg.so-y-te'] } },
      { text: 'Chủ tịch UBND các huyện, thành phố.', group: DISTRICT_CHAIRS },
    ],
    tasks: [
      { text: 'Sở Y tế: chỉ đạo phân luồng, sàng lọc người bệnh.', assignees: [{ type: 'units', unitIds: ['kg.so-y-te'] }] },
      { text: 'Chủ tịch UBND các huyện, thành phố: rà soát người về từ vùng dịch.', assignees: [DISTRICT_CHAIRS] },
    ],
    targets: [],
    deadlines: [{ text: 'báo cáo kết quả về Sở Y tế trước 16 giờ ngày 04/9/2020.', due: '2020-09-04T16:00:00+07:00', owers: DISTRICT_CHAIRS }],
    coordinatorUnitId: 'kg.so-y-te',
    signer: { capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Lâm Minh Thành' },
    copiesTo: ['Như trên'],
    keyTask: false,
    metrics: [],
    rates: [],
    tracking: {
      acknowledgeWithin: { type: 'workingDays', days: 1 },
      reportBy: { type: 'workingDays', days: 10 },
      reminders: { fractions: [...DEFAULT_REMINDER_POLICY.fractions], workingDaysBefore: [...DEFAULT_REMINDER_POLICY.workingDaysBefore] },
      escalation: { steps: DEFAULT_ESCALATION_POLICY.steps.map((s) => ({ ...s })) },
    },
    ...overrides,
  };
}

describe('intake.parse', () => {
  it('reads pasted text into a draft whose every field keeps its span, named units placed in the tree', async () => {
    const text = await readFile(fixture('kien-giang-1205-UBND-KGVX-hoa-toc.txt'), 'utf8');
    const { source, draft, units } = await chairOf(KG.province).intake.parse({ text });
    expect(draft.reference).toBe('1205/UBND-KGVX');
    expect(source.slice(draft.spans.reference!.start, draft.spans.reference!.end).replace(/\s/g, '')).toBe('1205/UBND-KGVX');
    expect(source.slice(draft.spans.subject!.start, draft.spans.subject!.end)).toContain('V/v triển khai khẩn cấp');
    // "Giám đốc Sở Y tế" → the Sở of the tree; provincial agencies and districts stay level groups.
    expect(draft.recipients.map((r) => r.group)).toEqual([
      { type: 'units', unitIds: ['kg.so-y-te'] },
      { type: 'level', level: 'province', kinds: ['department', 'mass_organisation'] },
      DISTRICT_CHAIRS,
    ]);
    expect(draft.coordinatorUnitId).toBe('kg.so-y-te');
    // Công an tỉnh and Bộ Chỉ huy Quân sự tỉnh are no units of the seed tree: kept, and listed.
    expect(draft.tasks[2]!.assignees).toEqual([
      { type: 'unresolved', text: 'Công an tỉnh' },
      { type: 'unresolved', text: 'Bộ Chỉ huy Quân sự tỉnh' },
    ]);
    const unplaced = draft.unrecognized.map((u) => source.slice(u.span.start, u.span.end));
    expect(unplaced).toEqual(expect.arrayContaining(['Công an tỉnh', 'Bộ Chỉ huy Quân sự tỉnh']));
    expect(units.some((u) => u.id === RACH_GIA)).toBe(true);
    expect(units.some((u) => u.id === KG.province)).toBe(false);
  });

  it('proposes the directive a district’s dispatch carries out when the district received it here, and none for a document not tracked here', async () => {
    const text = await readFile(fixture('huyen-chau-thanh-512-UBND-VP.txt'), 'utf8');
    const { draft } = await chairOf('kg.chau-thanh').intake.parse({ text });
    expect(draft.basis).toEqual([
      { name: 'Công văn', kind: 'cong_van', reference: '1119/UBND-KGVX', date: '2020-08-19', issuer: 'Ủy ban nhân dân tỉnh Kiên Giang', directiveId: DIRECTIVE_1119.id },
    ]);
    const seed = await readFile(fixture('cong-van-1119-UBND-KGVX.txt'), 'utf8');
    const cited = (await chairOf(KG.province).intake.parse({ text: seed })).draft.basis;
    expect(cited).toEqual([expect.objectContaining({ reference: '2841/BTTTT-THH', issuer: 'Bộ Thông tin và Truyền thông', directiveId: null })]);
  });

  it('reads a quyết định with its phụ lục: the kind, and a target per district placed in the tree with the cell it came from', async () => {
    const text = await readFile(fixture('kien-giang-2150-QD-UBND-phu-luc.md'), 'utf8');
    const { source, draft } = await chairOf(KG.province).intake.parse({ text });
    expect(draft.kind).toBe('quyet_dinh');
    expect(source.slice(draft.spans.kind!.start, draft.spans.kind!.end)).toBe('QUYẾT ĐỊNH');
    expect(draft.unitTargets).toHaveLength(30);
    expect(draft.unitTargets[0]).toEqual({
      unitName: 'Thành phố Rạch Giá',
      group: { type: 'units', unitIds: [RACH_GIA] },
      indicator: 'Tỷ lệ hồ sơ xử lý trực tuyến',
      value: 95,
      unit: 'percent',
      due: '2024-12-31',
    });
    const cell = draft.spans.unitTargets[1]!;
    expect([source.slice(cell.unitName.start, cell.unitName.end), source.slice(cell.value.start, cell.value.end)]).toEqual(['Thành phố Rạch Giá', '12.000']);
    expect(draft.unitTargets.every((t) => t.group.type === 'units')).toBe(true);
    expect(draft.beforeDate).toBe('inclusive');
    expect(draft.deadlines[0]).toMatchObject({ due: '2024-12-31', before: true });
    // A task's own deadline reaches the form too.
    expect(draft.tasks[1]!.due).toEqual({ type: 'date', date: '2024-01-31' });
  });

  it('reads "trước ngày X" as the issuer\'s province is configured to: by the end of X, or of the day before', async () => {
    const text = await readFile(fixture('kien-giang-2150-QD-UBND-phu-luc.md'), 'utf8');
    const exclusive = { ...harness.deps, intakeReading: { beforeDateExclusive: [KG.province] } };
    // A district of the province reads as its province does.
    for (const unit of [KG.province, RACH_GIA]) {
      const { draft } = await signedInAs(exclusive, `u.${unit}`).intake.parse({ text });
      expect(draft.beforeDate, unit).toBe('exclusive');
      expect(draft.deadlines[0], unit).toMatchObject({ due: '2024-12-30', before: true });
      expect(draft.unitTargets[0]!.due, unit).toBe('2024-12-30');
    }
    const other = { ...harness.deps, intakeReading: { beforeDateExclusive: ['ag'] } };
    expect((await signedInAs(other, `u.${KG.province}`).intake.parse({ text })).draft.deadlines[0]).toMatchObject({ due: '2024-12-31', before: true });
  });

  it('reads an uploaded .docx, and resolves the businesses of the area to their association', async () => {
    const bytes = await readFile(fixture('cong-van-1119-UBND-KGVX.docx'));
    const { draft } = await chairOf(KG.province).intake.parse({ file: { name: 'cong-van-1119.docx', base64: bytes.toString('base64') } });
    expect(draft.reference).toBe('1119/UBND-KGVX');
    expect(draft.recipients[1]!.group).toEqual({ type: 'units', unitIds: [KG.hiepHoiDN] });
    expect(draft.tasks[2]!.assignees).toEqual([
      { type: 'units', unitIds: [KG.tinhDoan] },
      { type: 'units', unitIds: [KG.ldld] },
      { type: 'units', unitIds: [KG.hoiLHPN] },
      { type: 'units', unitIds: [KG.hoiNongDan] },
    ]);
    expect(draft.coordinatorUnitId).toBe(KG.soTTTT);
  });

  it("is only for those who may issue: a commune's or a department's chair is refused, a district's or the province's served", async () => {
    const text = await readFile(fixture('kien-giang-1205-UBND-KGVX-hoa-toc.txt'), 'utf8');
    for (const unit of ['kg.rach-gia.p-vinh-thanh', KG.soTTTT]) {
      expect((await chairOf(unit).session.me())?.mayIssue).toBe(false);
      // The same refusal as for issuing in the name of a unit that is not one's own.
      expect(await refusal(chairOf(unit).intake.parse({ text }))).toMatchObject({ code: 'NOT_FOUND', domainCode: 'UNIT_NOT_FOUND' });
      expect(await refusal(chairOf(unit).intake.parse({ issuerUnitId: unit, text }))).toMatchObject({ domainCode: 'UNIT_NOT_FOUND' });
    }
    for (const unit of [RACH_GIA, KG.province]) {
      expect((await chairOf(unit).session.me())?.mayIssue).toBe(true);
      expect((await chairOf(unit).intake.parse({ text })).draft.reference).toBe('1205/UBND-KGVX');
    }
  });

  it("reads a PDF: the draft keeps each line's page, and pictures of the pages come with it", async () => {
    const pdf = await textPdf(await readFile(fixture('cong-van-1119-UBND-KGVX.txt'), 'utf8'));
    const { source, draft, pages } = await chairOf(KG.province).intake.parse({ file: { name: '1119.pdf', base64: pdf.toString('base64') } });
    expect(draft.reference).toBe('1119/UBND-KGVX');
    expect(draft.layout?.pages[0]).toEqual({ number: 1, origin: 'text', confidence: null });
    const line = draft.layout!.lines.find((l) => l.span.start <= draft.spans.reference!.start && draft.spans.reference!.start < l.span.end);
    expect(source.slice(line!.span.start, line!.span.end)).toBe('Số: 1119 /UBND-KGVX');
    expect(pages.length).toBe(draft.layout!.pages.length);
    expect(pages[0]!.image).toMatch(/^data:image\/jpeg;base64,/);
  });

  it('refuses what is not a dispatch, and files it does not read, with typed errors', async () => {
    const recipe = await readFile(fixture('not-a-dispatch.txt'), 'utf8');
    expect(await refusal(chairOf(KG.province).intake.parse({ text: recipe }))).toMatchObject({ code: 'BAD_REQUEST', domainCode: 'NOT_A_DISPATCH' });
    const pdf = { name: 'cong-van.pdf', base64: Buffer.from('%PDF-1.4').toString('base64') };
    expect(await refusal(chairOf(KG.province).intake.parse({ file: pdf }))).toMatchObject({ domainCode: 'UNSUPPORTED_FILE' });
    const broken = { name: 'cong-van.docx', base64: Buffer.from('not a zip').toString('base64') };
    expect(await refusal(chairOf(KG.province).intake.parse({ file: broken }))).toMatchObject({ domainCode: 'UNSUPPORTED_FILE' });
    // A .txt past its own 256 KiB is refused by intake; anything past a scan's 2 MiB by the input's schema.
    const bigText = { name: 'big.txt', base64: 'A'.repeat(400_000) };
    expect(await refusal(chairOf(KG.province).intake.parse({ file: bigText }))).toMatchObject({ domainCode: 'DOCUMENT_TOO_LARGE' });
    const tooBig = { name: 'big.pdf', base64: 'A'.repeat(Math.ceil(SCAN_FILE_MAX_BYTES / 3) * 4 + 4) };
    expect(await refusal(chairOf(KG.province).intake.parse({ file: tooBig }))).toMatchObject({ domainCode: 'INVALID_INPUT', fields: [{ path: ['file', 'base64'] }] });
  });
});

describe('directives.preview and directives.issue', () => {
  it('previews receivers and deadlines per level on the working-day calendar', async () => {
    const preview = await chairOf(KG.province).directives.preview(definition());
    expect(preview.problems).toEqual([]);
    expect(preview.existing).toBe('none');
    expect(preview.directiveId).toBe('kg.2020.1205-ubnd-kgvx');
    const [province, district] = preview.levels;
    expect(province).toMatchObject({ level: 'province', units: 1, kinds: { department: 1 }, sample: ['Sở Y tế'] });
    expect(district).toMatchObject({ level: 'district', units: 15, kinds: { people_committee: 15 } });
    // One working day to acknowledge, ten to report: both end at 23:59:59.999 local, on working days.
    for (const level of preview.levels) {
      expect(level.acknowledgeBy).toMatch(/T23:59:59\.999\+07:00$/);
      expect(Date.parse(level.reportBy!.earliest)).toBeGreaterThan(Date.parse(level.acknowledgeBy));
      expect([1, 2, 3, 4, 5]).toContain(new Date(level.acknowledgeBy.slice(0, 10)).getUTCDay());
    }
    expect(preview.notices).toEqual([]);
  });

  it('names every problem with its field path, and issuing it changes nothing', async () => {
    const bad = definition({
      reference: '1205 UBND',
      subject: '  ',
      tasks: [{ text: 'Các xã báo cáo.', assignees: [{ type: 'level', level: 'commune', kinds: ['people_committee'] }] }],
      coordinatorUnitId: 'kg.khong-co',
      rates: [{ key: 'rate', label: 'Tỷ lệ', numerator: 'installs', denominator: 'adults' }],
    });
    const preview = await chairOf(KG.province).directives.preview(bad);
    expect(preview.problems).toEqual([
      { path: ['reference'], code: 'BAD_REFERENCE' },
      { path: ['subject'], code: 'REQUIRED' },
      { path: ['tasks', 0, 'assignees', 0], code: 'NOT_A_RECIPIENT' },
      { path: ['coordinatorUnitId'], code: 'OUTSIDE_AREA' },
      { path: ['rates', 0, 'numerator'], code: 'UNKNOWN_METRIC' },
      { path: ['rates', 0, 'denominator'], code: 'UNKNOWN_METRIC' },
    ]);
    const before = await harness.repos.directives.list();
    expect(await refusal(chairOf(KG.province).directives.issue(bad))).toMatchObject({
      code: 'BAD_REQUEST',
      domainCode: 'INVALID_DIRECTIVE',
      fields: preview.problems,
    });
    // The schema refuses malformed input before any rule runs, naming the field.
    expect(await refusal(chairOf(KG.province).directives.issue({ ...definition(), date: '02/09/2020' }))).toMatchObject({
      domainCode: 'INVALID_INPUT',
      fields: [{ path: ['date'] }],
    });
    expect(await harness.repos.directives.list()).toEqual(before);
  });

  it('keeps the kind of document it was issued as, in the directive and in its row', async () => {
    const kind = definition({ reference: '18/CT-UBND', date: '2024-12-09', subject: 'Về việc tăng cường phòng, chống sốt xuất huyết', kind: 'chi_thi', deadlines: [] });
    const { directiveId } = await chairOf(KG.province).directives.issue(kind);
    expect((await harness.repos.directives.get(directiveId))?.kind).toBe('chi_thi');
    const row = await harness.db.prisma.directive.findUnique({ where: { id: directiveId }, select: { kind: true } });
    expect(row?.kind).toBe('chi_thi');
    // Lists and task cards name it by its kind.
    const listed = (await chairOf(KG.province).directives.list()).find((d) => d.id === directiveId);
    expect(listed?.kind).toBe('chi_thi');
    // Without a kind it is a công văn, as every directive issued before kinds were recorded.
    const plain = await chairOf(KG.province).directives.issue(definition({ reference: '1230/UBND-KGVX', deadlines: [] }));
    expect((await harness.repos.directives.get(plain.directiveId))?.kind).toBeUndefined();
    expect((await harness.db.prisma.directive.findUnique({ where: { id: plain.directiveId }, select: { kind: true } }))?.kind).toBe('cong_van');
    expect((await chairOf(KG.province).directives.list()).find((d) => d.id === plain.directiveId)?.kind).toBe('cong_van');
  });

  it('refuses a Kiên Giang directive dated after 30/6/2025, when its committees had ended, at the date; 2020 stays issuable', async () => {
    const late = definition({ reference: '1207/UBND-KGVX', date: '2025-07-02', deadlines: [] });
    const preview = await chairOf(KG.province).directives.preview(late);
    expect(preview.problems).toEqual([{ path: ['date'], code: 'ISSUER_NOT_IN_FORCE' }]);
    const before = await harness.repos.directives.list();
    const refused = await refusedWith(chairOf(KG.province).directives.issue(late));
    expect({ domainCode: domainCodeOf(refused), fields: fieldsOf(refused) }).toEqual({ domainCode: 'INVALID_DIRECTIVE', fields: preview.problems });
    // The log says why without the definition: which committee, and its last day.
    expect(refused.message).toContain('Ủy ban nhân dân tỉnh Kiên Giang ended with 2025-06-30');
    expect(await harness.repos.directives.list()).toEqual(before);
    // Its last day is still its own.
    expect((await chairOf(KG.province).directives.preview({ ...late, date: '2025-06-30' })).problems).toEqual([]);
  });

  it('issues once: the same again is a no-op, other content under the same number is refused', async () => {
    const province = chairOf(KG.province);
    const first = await province.directives.issue(definition());
    expect(first).toEqual({ directiveId: 'kg.2020.1205-ubnd-kgvx', workflowId: 'directive:kg.2020.1205-ubnd-kgvx', created: true });
    await eventually(async () => {
      expect((await harness.repos.assignments.statesForDirective(first.directiveId)).length).toBe(16);
    });
    expect(await province.directives.issue(definition())).toEqual({ ...first, created: false });
    expect((await province.directives.preview(definition())).existing).toBe('same');

    const changed = definition({ subject: 'V/v một nội dung khác' });
    expect((await province.directives.preview(changed)).existing).toBe('conflict');
    expect(await refusal(province.directives.issue(changed))).toMatchObject({ code: 'CONFLICT', domainCode: 'DIRECTIVE_CONFLICT' });
    expect((await harness.repos.directives.get(first.directiveId))?.subject).toBe(definition().subject);
    expect((await harness.repos.directives.list()).filter((d) => d.reference === '1205/UBND-KGVX')).toHaveLength(1);
    const audit = await harness.repos.audit.forEntity('directive', first.directiveId);
    expect(audit.filter((e) => e.action === 'directive.issue')).toHaveLength(1);

    // A district chair receives it in their inbox.
    await eventually(async () => {
      expect((await chairOf(RACH_GIA).assignments.mine()).some((a) => a.directiveId === first.directiveId)).toBe(true);
    });
  });

  it("a district's chair issues to its own communes, never in another unit's name", async () => {
    const communes = { type: 'level' as const, level: 'commune', kinds: ['people_committee' as const] };
    const own = definition({
      reference: '512/UBND-VP',
      recipients: [{ text: 'Chủ tịch UBND các phường, xã.', group: communes }],
      tasks: [{ text: 'Rà soát.', assignees: [communes] }],
      deadlines: [],
      coordinatorUnitId: null,
    });
    const preview = await chairOf(RACH_GIA).directives.preview(own);
    expect(preview.levels).toMatchObject([{ level: 'commune', units: 12 }]);
    expect(await refusal(chairOf(RACH_GIA).directives.preview({ ...own, issuerUnitId: KG.province }))).toMatchObject({ domainCode: 'UNIT_NOT_FOUND' });
  });

  it('a paper dispatch already in force: a past acknowledgement deadline escalates at once, through the real engine', async () => {
    const late = definition({
      reference: '1206/UBND-KGVX',
      date: '2020-09-03',
      tracking: { ...definition().tracking, acknowledgeWithin: { type: 'date', date: '2020-09-04' } },
    });
    const preview = await chairOf(KG.province).directives.preview(late);
    expect(preview.notices).toEqual([
      { code: 'ACKNOWLEDGE_DEADLINE_PASSED', level: 'province' },
      { code: 'ACKNOWLEDGE_DEADLINE_PASSED', level: 'district' },
    ]);
    const { directiveId } = await chairOf(KG.province).directives.issue(late);
    // Every district missed it: the workflow escalates each to its parent, the province.
    await eventually(async () => {
      const inbox = (await chairOf(KG.province).escalations.inbox()).filter((e) => e.directiveId === directiveId);
      expect(inbox.filter((e) => e.reason === 'acknowledge_overdue').length).toBe(16);
    });
    // A deadline given as a date counts calendar days past it; one given in working days, working days.
    const card = (await chairOf(RACH_GIA).assignments.mine()).find((a) => a.directiveId === directiveId)!;
    expect(card.standing).toMatchObject({ kind: 'overdue', counted: 'days' });
    const rows = await harness.repos.assignments.forUnit(RACH_GIA);
    expect(rows.find((a) => a.directiveId === directiveId)).toMatchObject({ acknowledgeCounted: 'days' });
    expect(rows.filter((a) => a.directiveId !== directiveId).every((a) => a.acknowledgeCounted === 'workingDays')).toBe(true);

    // The inbox page: pages of the province's escalations of this directive, filtered in the database.
    const province = chairOf(KG.province);
    const filter = { directiveId, reason: 'acknowledge_overdue' as const };
    const first = await province.escalations.list({ ...filter, state: 'open', limit: 5 });
    const rest = await province.escalations.list({ ...filter, state: 'open', offset: 5, limit: 50 });
    expect(first.total).toBe(16);
    expect(first.items).toHaveLength(5);
    expect(rest.items).toHaveLength(11);
    expect(new Set([...first.items, ...rest.items].map((e) => e.id)).size).toBe(16);
    const entered = (await harness.repos.directives.entries([directiveId]))[0]!.enteredAt;
    for (const e of [...first.items, ...rest.items]) {
      expect(e.directive).toMatchObject({ id: directiveId, reference: '1206/UBND-KGVX', subject: late.subject, enteredAt: entered });
      // Entered a day after its acknowledgement deadline: raised when it was entered, never before, and said so.
      expect(e.enteredAfterDeadline).toBe(true);
      expect(Date.parse(e.raisedAt)).toBeGreaterThanOrEqual(Date.parse(entered));
      expect(Date.parse(e.dueAt)).toBeLessThan(Date.parse(entered));
      // The province issued it: it may ask each unit to explain.
      expect(e.mayRequestExplanation).toBe(true);
      // Acknowledgement by a date: days past it are calendar days.
      expect(e.overdue).toMatchObject({ counted: 'days' });
      expect(e.overdue!.days).toBeGreaterThan(0);
      expect(e.unitName.startsWith('UBND ') || e.unitId === 'kg.so-y-te').toBe(true);
    }
    // Marked handled, one moves from the open filter to the handled one.
    await province.escalations.resolve({ id: first.items[0]!.id });
    expect((await province.escalations.list({ ...filter, state: 'open' })).total).toBe(15);
    const handled = await province.escalations.list({ ...filter, state: 'handled' });
    expect(handled.items.map((e) => [e.id, e.state, e.mayRequestExplanation, e.overdue])).toEqual([[first.items[0]!.id, 'resolved', false, null]]);
    // A level or a reason nothing was raised for, and a district's own inbox of the province's escalations: empty.
    expect((await province.escalations.list({ ...filter, level: 'province' })).total).toBe(0);
    expect((await province.escalations.list({ directiveId, reason: 'report_overdue' })).total).toBe(0);
    expect((await chairOf(RACH_GIA).escalations.list({ directiveId })).total).toBe(0);
    // Bounded: no page of more than 50, no negative offset.
    expect(await refusal(province.escalations.list({ limit: 51 }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusal(province.escalations.list({ offset: -1 }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('carries a progress-report schedule: the preview shows its first periods, each unit gets them', async () => {
    const periodic = definition({
      reference: '1207/UBND-KGVX',
      deadlines: [],
      tracking: { ...definition().tracking, progressReports: { type: 'everyWorkingDays', days: 3 } },
    });
    const province = chairOf(KG.province);
    const preview = await province.directives.preview(periodic);
    expect(preview.problems).toEqual([]);
    // Ten working days to report, a progress report every three: days 3, 6 and 9.
    for (const level of preview.levels) {
      expect(level.progress?.periods).toBe(3);
      expect(level.progress?.first).toHaveLength(3);
      expect(level.withoutReportDeadline).toBe(0);
    }
    const { directiveId } = await province.directives.issue(periodic);
    expect((await harness.repos.directives.get(directiveId))?.tracking?.progressReports).toEqual({ type: 'everyWorkingDays', days: 3 });
    const assignmentId = `directive:${directiveId}/unit:${RACH_GIA}`;
    await eventually(async () => {
      const periods = await chairOf(RACH_GIA).assignments.periods({ assignmentId });
      // The same instants (the read model writes them in UTC).
      expect(periods.map((p) => Date.parse(p.dueBy))).toEqual(preview.levels.find((l) => l.level === 'district')!.progress!.first.map((d) => Date.parse(d)));
    });
  });

  it('carries a monthly regime until ended, which only its issuer ends, once', async () => {
    const monthly = definition({
      reference: '1209/UBND-KGVX',
      deadlines: [],
      tracking: { ...definition().tracking, progressReports: { type: 'monthly', cutOffDay: 14, dueDay: 5, untilEnded: true } },
    });
    const province = chairOf(KG.province);
    expect((await province.directives.preview({ ...monthly, tracking: { ...monthly.tracking, progressReports: { type: 'monthly', cutOffDay: 31, dueDay: 5 } } })).problems).toEqual([
      { path: ['tracking', 'progressReports', 'cutOffDay'], code: 'BAD_POLICY' },
    ]);
    const { directiveId } = await province.directives.issue(monthly);
    const assignmentId = `directive:${directiveId}/unit:${RACH_GIA}`;
    // Each period with the days its figures cover, 15th to 14th.
    const periods = await eventually(async () => {
      const listed = await chairOf(RACH_GIA).assignments.periods({ assignmentId });
      expect(listed.length).toBeGreaterThan(0);
      return listed;
    });
    expect(periods.every((p) => p.window?.from.endsWith('-15') && p.window.to.endsWith('-14'))).toBe(true);
    // A unit it reached may not end it; the issuer does, once.
    expect((await refusal(chairOf(RACH_GIA).directives.endProgressReports({ directiveId, reason: 'Dừng.' }))).domainCode).toBe('DIRECTIVE_NOT_FOUND');
    const ended = await province.directives.endProgressReports({ directiveId, reason: 'Đã đạt mục tiêu.' });
    expect(ended.assignments).toBeGreaterThan(0);
    expect((await refusal(province.directives.endProgressReports({ directiveId, reason: 'Lần nữa.' }))).domainCode).toBe('ILLEGAL_TRANSITION');
    await eventually(async () => expect((await harness.repos.events.forAssignment(assignmentId)).map((e) => e.kind)).toContain('progress.ended'));
  });

  it('refuses a progress-report schedule out of bounds at its field, and one the calendar cannot hold', async () => {
    const province = chairOf(KG.province);
    const weekly = (weekday: number) => definition({ reference: '1208/UBND-KGVX', tracking: { ...definition().tracking, progressReports: { type: 'weekly', weekday } } });
    expect((await province.directives.preview(weekly(7))).problems).toEqual([{ path: ['tracking', 'progressReports', 'weekday'], code: 'BAD_POLICY' }]);
    // A report every working day for three years: more periods than an assignment holds.
    const daily = definition({
      reference: '1208/UBND-KGVX',
      tracking: { ...definition().tracking, reportBy: { type: 'workingDays', days: 365 }, progressReports: { type: 'everyWorkingDays', days: 1 } },
    });
    expect((await province.directives.preview(daily)).problems).toEqual([{ path: ['tracking', 'progressReports'], code: 'BAD_POLICY' }]);
    // The earlier tests' directives may still be reaching their units: the list is compared once they have.
    await eventually(everyDirectiveDelivered);
    const before = await harness.repos.directives.list();
    expect(await refusal(province.directives.issue(daily))).toMatchObject({ domainCode: 'INVALID_DIRECTIVE', fields: [{ path: ['tracking', 'progressReports'], code: 'BAD_POLICY' }] });
    expect(await harness.repos.directives.list()).toEqual(before);
  });
});

describe('directives.issueOptions', () => {
  it('gives the blank form its issuer, the place it dates from, and the units it may address', async () => {
    const options = await chairOf(KG.province).directives.issueOptions();
    expect(options.issuer).toMatchObject({ id: KG.province, level: 'province', validTo: '2025-06-30' });
    expect(options.issuer.validFrom).toBeUndefined();
    // Each unit with its last day, so the form can say which had ended by the directive's date.
    expect(options.units.find((u) => u.id === RACH_GIA)?.validTo).toBe('2025-06-30');
    expect(options.place).toBe('Kiên Giang');
    expect(options.units.some((u) => u.id === RACH_GIA && u.level === 'district')).toBe(true);
    expect(options.units.some((u) => u.id === KG.province)).toBe(false);
    const district = await chairOf(RACH_GIA).directives.issueOptions({ issuerUnitId: RACH_GIA });
    expect(district.place).toBe('Rạch Giá');
    expect(new Set(district.units.map((u) => u.level))).toEqual(new Set(['commune']));
    expect(await refusal(chairOf(RACH_GIA).directives.issueOptions({ issuerUnitId: KG.province }))).toMatchObject({ domainCode: 'UNIT_NOT_FOUND' });
  });
});

describe('the calendar as data', () => {
  const ackDateOf = async () => (await chairOf(KG.province).directives.preview(definition())).levels[0]!.acknowledgeBy.slice(0, 10);

  it('an administrator’s new day off moves the very next deadline; the change is audited; a chair may only read', async () => {
    const admin = chairOf(KG.province);
    const before = await ackDateOf();
    const year = Number(before.slice(0, 4));
    const view = await chairOf(RACH_GIA).calendar.year({ year });
    expect(view.daysOff).not.toContain(before);
    const announced = { year, workingWeekends: view.workingWeekends, source: { number: '999/TB-THU', date: null, issuer: 'Bộ Nội vụ' }, note: 'Thử: một ngày nghỉ thêm.' };

    // A district chair reads the calendar but may not change it.
    expect(await refusal(chairOf(RACH_GIA).calendar.setYear({ ...announced, daysOff: [...view.daysOff, before] }))).toMatchObject({ domainCode: 'NOT_ADMINISTRATOR' });
    // A weekday listed as a working weekend is refused whole: nothing changes.
    const weekday = (await admin.calendar.year({ year })).daysOff.length;
    expect(await refusal(admin.calendar.setYear({ ...announced, daysOff: view.daysOff, workingWeekends: [before] }))).toMatchObject({ domainCode: 'INVALID_INPUT' });
    expect((await admin.calendar.year({ year })).daysOff).toHaveLength(weekday);

    try {
      await admin.calendar.setYear({ ...announced, daysOff: [...view.daysOff, before] });
      const changed = await admin.calendar.year({ year });
      expect(changed).toMatchObject({ status: 'announced', source: announced.source, note: announced.note });
      expect(changed.daysOff).toContain(before);
      // The deadline the preview proposes now skips that day: a later working day.
      const after = await ackDateOf();
      expect(after > before).toBe(true);
      const audit = await harness.repos.audit.forEntity('calendar_year', String(year));
      expect(audit.at(-1)).toMatchObject({ action: 'calendar.set_year', actorUserId: `u.${KG.province}`, actorRole: 'system_admin' });
      expect((audit.at(-1)!.after as { daysOff: string[] }).daysOff).toContain(before);
    } finally {
      await admin.calendar.setYear({ year, daysOff: view.daysOff, workingWeekends: view.workingWeekends, source: view.source, note: view.note });
    }
    expect(await ackDateOf()).toBe(before);
  });
});
