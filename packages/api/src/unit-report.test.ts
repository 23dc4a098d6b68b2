import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { TRPCError } from '@trpc/server';
import { buildHierarchy, childrenOf, DIRECTIVE_1119, formatVnDateTime, KG, kienGiangUnits, localDateOf, THREE_LEVEL_SCHEME } from '@chidao/domain';
import { assignmentWorkflowId } from '@chidao/workflows';
import { domainCodeOf } from './index';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { signedInAs, signedInBrowser } from './testing';

/**
 * A district's report of its communes on 1119/UBND-KGVX (the 2020 three-level seed): Rạch Giá's
 * communes acknowledge and report through the real workflows, and the district reads each commune's
 * acknowledgement, figures and standing, with the totals, as a model and as an XLSX file; nobody
 * outside the district's line reads it.
 */

let harness: EngineHarness;
const RACH_GIA = 'kg.rach-gia';
const VINH_THANH = 'kg.rach-gia.p-vinh-thanh';
const VINH_BAO = 'kg.rach-gia.p-vinh-bao';
const communes = childrenOf(buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits()), RACH_GIA);
const chairOf = (unitId: string) => signedInAs(harness.deps, `u.${unitId}`);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof TRPCError ? domainCodeOf(e) : String(e)),
  );

let acknowledgedAt: string;

beforeAll(async () => {
  harness = await startEngineHarness('unit-report-test');
  const ack = await chairOf(VINH_THANH).assignments.acknowledge({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, VINH_THANH) });
  acknowledgedAt = ack.acknowledgedAt!;
  await chairOf(VINH_THANH).reports.submit({
    assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, VINH_THANH),
    figures: { installs: 1_200, adults15to60: 10_000, smartphoneUsers: 8_000 },
    narrative: 'Đã đi từng ngõ, gõ từng nhà.',
  });
  await chairOf(VINH_BAO).reports.submit({
    assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, VINH_BAO),
    figures: { installs: 3_000, adults15to60: 9_000, smartphoneUsers: 6_000 },
    narrative: 'Số liệu đến ngày 18/8/2020.',
  });
}, 600_000);

afterAll(async () => {
  await harness?.stop();
});

describe('compiled.unitReport', () => {
  it('gives the district a row per commune with its acknowledgement, figures and standing, and the totals', async () => {
    const report = await chairOf(RACH_GIA).compiled.unitReport({ directiveId: DIRECTIVE_1119.id, unitId: RACH_GIA });
    expect(report.scope).toBe('unit');
    expect(report.rowLevel).toBe('commune');
    expect(report.rows.map((r) => r.unitId).sort()).toEqual(communes.map((c) => c.id).sort());
    // Ranked by installs per smartphone user: Vĩnh Bảo (50%) ahead of Vĩnh Thanh (15%), the rest unranked.
    expect(report.rows.slice(0, 2).map((r) => [r.unitId, r.rank])).toEqual([
      [VINH_BAO, 1],
      [VINH_THANH, 2],
    ]);
    const vinhThanh = report.rows.find((r) => r.unitId === VINH_THANH)!;
    expect(vinhThanh.task).toMatchObject({ acknowledgedAt });
    expect(vinhThanh.figures).toEqual({ installs: 1_200, adults15to60: 10_000, smartphoneUsers: 8_000 });
    const unacknowledged = report.rows.filter((r) => r.task?.acknowledgedAt === null);
    expect(unacknowledged.length).toBe(communes.length - 2);
    expect(report.rows.every((r) => r.task?.standing !== undefined)).toBe(true);
    expect(report.total).toMatchObject({ reported: 2, expected: communes.length, notReported: communes.length - 2 });
    expect(report.total.figures.installs).toBe(4_200);
    expect(report.taskTotals).toMatchObject({ units: communes.length, acknowledged: 2 });
    expect(report.header).toMatchObject({ issuingBody: 'Ủy ban nhân dân thành phố Rạch Giá', parentBody: 'Ủy ban nhân dân tỉnh Kiên Giang', recipient: 'Ủy ban nhân dân tỉnh Kiên Giang' });
    expect(report.signer).toEqual({ capacity: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], name: null });
  });

  it('is refused to one of its communes, to another district and to a commune about itself', async () => {
    expect(await refusal(chairOf(VINH_THANH).compiled.unitReport({ directiveId: DIRECTIVE_1119.id, unitId: RACH_GIA }))).toBe('UNIT_NOT_FOUND');
    expect(await refusal(chairOf('kg.ha-tien').compiled.unitReport({ directiveId: DIRECTIVE_1119.id, unitId: RACH_GIA }))).toBe('UNIT_NOT_FOUND');
    expect(await refusal(chairOf(VINH_THANH).compiled.unitReport({ directiveId: DIRECTIVE_1119.id, unitId: VINH_THANH }))).toBe('UNIT_NOT_FOUND');
    // The province above reads it, as it reads the district's page.
    const fromProvince = await chairOf(KG.province).compiled.unitReport({ directiveId: DIRECTIVE_1119.id, unitId: RACH_GIA });
    expect(fromProvince.total.figures.installs).toBe(4_200);
  });
});

describe('the district’s report as a file', () => {
  it('is a sheet with a row per commune, when it acknowledged and how it stands, and the totals', async () => {
    const file = await signedInBrowser(harness.deps, `u.${RACH_GIA}`).files.progress({ directiveId: DIRECTIVE_1119.id, unitId: RACH_GIA });
    const today = localDateOf(new Date().toISOString());
    expect(file.filename).toBe(`bao-cao-tien-do-uy-ban-nhan-dan-thanh-pho-rach-gia-1119-ubnd-kgvx-${today}.xlsx`);
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? '')))));
    expect(rows[1]![0]).toBe('ỦY BAN NHÂN DÂN THÀNH PHỐ RẠCH GIÁ');
    const head = rows.find((r) => r[0] === 'Xếp hạng')!;
    expect(head.slice(-2)).toEqual(['Tiếp nhận lúc', 'Tình hình thực hiện']);
    const vinhThanh = rows.find((r) => r[1] === 'UBND phường Vĩnh Thanh')!;
    expect(vinhThanh[0]).toBe('2');
    expect(vinhThanh.at(-2)).toBe(formatVnDateTime(acknowledgedAt));
    expect(rows.filter((r) => r.at(-2) === 'Chưa tiếp nhận')).toHaveLength(communes.length - 2);
    const total = rows.find((r) => r[1]?.startsWith('Tổng cộng'))!;
    expect(total[2]).toBe('4200');
    expect(total.at(-2)).toBe(`2/${communes.length} đơn vị đã tiếp nhận`);
  });

  it('is refused to a commune and to another district, as the report is', async () => {
    for (const unit of [VINH_THANH, 'kg.ha-tien']) {
      expect(await refusal(signedInBrowser(harness.deps, `u.${unit}`).files.progress({ directiveId: DIRECTIVE_1119.id, unitId: RACH_GIA }))).toBe('UNIT_NOT_FOUND');
    }
  });
});
