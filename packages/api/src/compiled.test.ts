import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { TRPCError } from '@trpc/server';
import { DIRECTIVE_1119, KG, KIEN_GIANG_ADULTS_15_TO_60, KIEN_GIANG_ID, buildHierarchy, childrenOf, kienGiangUnits, localDateOf, SIGNER_NAME_LINE, THREE_LEVEL_SCHEME } from '@chidao/domain';
import { assignmentWorkflowId } from '@chidao/workflows';
import { domainCodeOf } from './index';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { signedInAs, signedInBrowser } from './testing';

/**
 * The coordinator's compiled report through the API: the 15 districts of Kiên Giang report the
 * dispatch's own situation (145,800 installs, 13% of adults 15–60), Sở GD&ĐT reports its staff, and
 * Sở TT&TT compiles it, as a model and as an XLSX file read back here.
 */

let harness: EngineHarness;
const chairOf = (unitId: string) => signedInAs(harness.deps, `u.${unitId}`);

/** Splits `total` into parts proportional to `weights`, the rounding left on the last part, so they sum exactly. */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  parts[parts.length - 1]! += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

const districts = childrenOf(buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits()), KIEN_GIANG_ID).filter((u) => u.level === 'district');
const adults = split(KIEN_GIANG_ADULTS_15_TO_60, districts.map((_, i) => i + 1));
const installs = split(145_800, districts.map((_, i) => (i + 1) ** 2));
const smartphones = adults.map((a) => Math.round(a * 0.7));
const smartphoneTotal = smartphones.reduce((a, b) => a + b, 0);

beforeAll(async () => {
  harness = await startEngineHarness('compiled-test');
  for (const [i, district] of districts.entries()) {
    await chairOf(district.id).reports.submit({
      assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, district.id),
      figures: { installs: installs[i]!, adults15to60: adults[i]!, smartphoneUsers: smartphones[i]! },
      narrative: 'Số liệu đến ngày 16/8/2020.',
    });
  }
  // The province accepts two districts' reports; the rest await review.
  for (const district of districts.slice(0, 2)) {
    await chairOf(KG.province).reports.review({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, district.id), version: 1, decision: 'accept' });
  }
  await chairOf(KG.soGDDT).reports.submit({
    assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, KG.soGDDT),
    figures: { installs: 4_100, adults15to60: 5_000, smartphoneUsers: 4_800 },
    narrative: 'Cán bộ, giáo viên của Sở.',
  });
  // Sixteen reports through the real workflows after the fan-out: minutes on a loaded machine.
}, 600_000);

afterAll(async () => {
  await harness?.stop();
});

describe('compiled.report', () => {
  it('totals the districts to 145,800 installs, 13% of adults 15–60, ranked, with Sở GD&ĐT apart', async () => {
    const report = await chairOf(KG.soTTTT).compiled.report({ directiveId: DIRECTIVE_1119.id });
    expect(report.total.figures).toEqual({ installs: 145_800, adults15to60: 1_121_538, smartphoneUsers: smartphoneTotal });
    expect(report.total.rates.installRateAdults).toMatchObject({ numerator: 145_800, denominator: 1_121_538 });
    expect(Math.round(report.total.rates.installRateAdults!.percent!)).toBe(13);
    expect(report.total).toMatchObject({ reported: 15, notReported: 145 });
    expect(report.rows).toHaveLength(15);
    expect(report.rows.map((r) => r.rank)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // The last district has the most installs per smartphone user.
    expect(report.rows[0]!.unitId).toBe(districts.at(-1)!.id);
    expect(report.agencies.map((a) => [a.unitId, a.figures.installs])).toEqual([[KG.soGDDT, 4_100]]);
    expect(report.statusCounts).toEqual({ accepted: 2, pending: 13, returned: 0, none: 145 });
    expect(report.header).toMatchObject({ issuingBody: 'Sở Thông tin và Truyền thông', place: 'Kiên Giang', date: localDateOf(new Date().toISOString()) });
    expect(report.signer).toEqual({ capacity: ['GIÁM ĐỐC'], name: null });
  });

  it('is the same for the issuer’s leadership, and refused to a district chair as if the directive did not exist', async () => {
    const fromProvince = await chairOf(KG.province).compiled.report({ directiveId: DIRECTIVE_1119.id });
    expect(fromProvince.total.figures.installs).toBe(145_800);
    const refused = await chairOf('kg.rach-gia')
      .compiled.report({ directiveId: DIRECTIVE_1119.id })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(refused).toBeInstanceOf(TRPCError);
    expect(domainCodeOf(refused as TRPCError)).toBe('DIRECTIVE_NOT_FOUND');
  });
});

describe('the compiled report as a file', () => {
  it('is a sheet in the official layout whose cells carry the model’s figures', async () => {
    const file = await signedInBrowser(harness.deps, `u.${KG.soTTTT}`).files.compiled({ directiveId: DIRECTIVE_1119.id });
    const today = localDateOf(new Date().toISOString());
    expect(file.filename).toBe(`bao-cao-tong-hop-1119-ubnd-kgvx-${today}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Báo cáo tổng hợp')!;
    expect(sheet).toBeDefined();
    const text = (row: number, col: number) => String(sheet.getCell(row, col).value ?? '');
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? '')))));
    const find = (text: string) => {
      let found: { row: number; col: number } | null = null;
      sheet.eachRow((row, r) =>
        row.eachCell((cell, c) => {
          if (found === null && String(cell.value) === text) found = { row: r, col: c };
        }),
      );
      if (!found) throw new Error(`no cell "${text}"`);
      return found as { row: number; col: number };
    };

    // Header: the issuing body left, the national motto right.
    expect(text(1, 1)).toBe('ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG');
    expect(text(2, 1)).toBe('SỞ THÔNG TIN VÀ TRUYỀN THÔNG');
    expect(sheet.getCell(2, 1).font.bold).toBe(true);
    expect(text(1, 4)).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text(2, 4)).toBe('Độc lập - Tự do - Hạnh phúc');
    const [y, m, d] = today.split('-');
    expect(text(4, 4)).toBe(`Kiên Giang, ngày ${d} tháng ${Number(m) <= 2 ? m : Number(m)} năm ${y}`);
    expect(text(5, 1)).toBe('V/v báo cáo kết quả thực hiện Công văn số 1119/UBND-KGVX (đẩy mạnh triển khai ứng dụng, cài đặt ứng dụng Bluezone)');
    expect(rows.flat()).toContain('Tổng hợp kết quả thực hiện Công văn số 1119/UBND-KGVX ngày 19/08/2020 của Ủy ban nhân dân tỉnh Kiên Giang');
    const asOf = find('Số liệu tính đến ngày:');
    const dateCell = sheet.getCell(asOf.row, 3);
    expect(dateCell.numFmt).toBe('dd/mm/yyyy');
    expect((dateCell.value as Date).toISOString().slice(0, 10)).toBe(today);

    // The table: Vietnamese headers, one row per district, best first, then the total from sums.
    const head = find('Xếp hạng');
    const headers = (sheet.getRow(head.row).values as unknown[]).slice(1).map(String);
    expect(headers).toEqual([
      'Xếp hạng',
      'Đơn vị',
      'Số lượt cài đặt Bluezone (lũy kế)',
      'Dân số từ 15 đến 60 tuổi',
      'Số người dùng điện thoại thông minh',
      'Tỷ lệ cài đặt trên dân số 15–60 tuổi',
      'Tỷ lệ cài đặt trên số người dùng điện thoại thông minh (chỉ tiêu 60%)',
      'So với chỉ tiêu 60%',
      'Số đơn vị đã báo cáo',
      'Số đơn vị chưa báo cáo',
    ]);
    const first = sheet.getRow(head.row + 1);
    const best = districts.length - 1;
    expect(first.getCell(1).value).toBe(1);
    expect(first.getCell(2).value).toBe(districts[best]!.name);
    expect(first.getCell(3).value).toBe(installs[best]);
    expect(first.getCell(3).numFmt).toBe('#,##0');
    expect(first.getCell(7).value).toBeCloseTo(installs[best]! / smartphones[best]!, 12);
    expect(first.getCell(7).numFmt).toBe('0.0%');
    const total = sheet.getRow(head.row + 16);
    expect(total.getCell(2).value).toBe('Tổng cộng (Ủy ban nhân dân tỉnh Kiên Giang)');
    expect(total.getCell(2).font.bold).toBe(true);
    expect(total.getCell(3).value).toBe(145_800);
    expect(total.getCell(4).value).toBe(1_121_538);
    // 145,800 / 1,121,538 = 13%: the ratio of the sums, not the mean of the rows above.
    expect(total.getCell(6).value).toBeCloseTo(145_800 / 1_121_538, 12);
    expect(Math.round((total.getCell(6).value as number) * 100)).toBe(13);
    expect(total.getCell(8).value).toBe('Chưa đạt');
    expect(total.getCell(9).value).toBe(15);

    // Sở GD&ĐT apart, status counts, and the signature block.
    const agency = find('Sở Giáo dục và Đào tạo');
    expect(agency.row).toBeGreaterThan(head.row + 16);
    expect(sheet.getRow(agency.row).getCell(3).value).toBe(4_100);
    expect(rows.flat()).toContain('Tình trạng báo cáo: 2 đã được chấp nhận, 13 chờ xem xét, 0 bị trả lại, 145 chưa báo cáo.');
    const sign = find('GIÁM ĐỐC');
    expect(sign.col).toBeGreaterThan(1);
    expect(sheet.getCell(sign.row, sign.col).font.bold).toBe(true);
    expect(text(sign.row, 1)).toBe('Nơi nhận:');
    // Nobody recorded the director's name: a line to write it on, below the room for the signature.
    const nameLine = find(SIGNER_NAME_LINE);
    expect(nameLine).toMatchObject({ col: sign.col });
    expect(nameLine.row).toBeGreaterThan(sign.row + 2);
  });
});

describe('trends.rate', () => {
  it('draws the province’s and each district’s goal rate on the day they reported', async () => {
    const trend = await chairOf(KG.province).trends.rate({ directiveId: DIRECTIVE_1119.id });
    expect(trend).toMatchObject({ unitId: KG.province, rateKey: 'installRateSmartphone', targetPercent: 60 });
    const today = localDateOf(new Date().toISOString());
    expect(trend.points.map((p) => p.date)).toEqual([today]);
    expect(trend.points[0]!.percent).toBeCloseTo((145_800 / smartphoneTotal) * 100, 10);
    expect(trend.points[0]!.children['kg.rach-gia']).toBeCloseTo((installs[0]! / smartphones[0]!) * 100, 10);
    expect(trend.children).toHaveLength(15);
    // A district sees its own communes, which have not reported.
    const rachGia = await chairOf('kg.rach-gia').trends.rate({ directiveId: DIRECTIVE_1119.id });
    expect(rachGia.points).toEqual([]);
  });
});
