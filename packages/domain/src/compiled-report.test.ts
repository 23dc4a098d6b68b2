import { describe, expect, it } from 'vitest';
import { compileReport, compileUnitReport, placeAndDateVi, standingTextVi, taskStandingTextVi, type CompiledReportInput, type RowTask } from './compiled-report';
import { buildHierarchy, childrenOf, committeeLevelBelow, getUnit } from './hierarchy';
import { rollUp, type UnitReportState } from './rollup';
import { DIRECTIVE_1119 } from './seed/directive-1119';
import { KG, KIEN_GIANG_ADULTS_15_TO_60, KIEN_GIANG_ID, KIEN_GIANG_SCHEME, kienGiangUnits } from './seed/kien-giang-2020';
import { codeOf } from './test-support';
import { unitFormalName } from './unit-names';

/** Splits `total` into parts proportional to `weights`, the rounding left on the last part. */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  parts[parts.length - 1]! += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

const h = buildHierarchy(KIEN_GIANG_SCHEME, kienGiangUnits());
const metrics = DIRECTIVE_1119.metrics!;
const rates = DIRECTIVE_1119.rates!;
const districts = childrenOf(h, KIEN_GIANG_ID).filter((u) => u.level === 'district');
// Large districts ahead, small ones behind; the last district has not reported yet.
const adults = split(KIEN_GIANG_ADULTS_15_TO_60, districts.map((_, i) => i + 1));
const installs = split(145_800, districts.map((_, i) => (i + 1) ** 2));
const smartphones = adults.map((a) => Math.round(a * 0.7));

function inputFor(latest: UnitReportState[], overrides: Partial<CompiledReportInput> = {}): CompiledReportInput {
  const agencyStates: UnitReportState[] = [
    { unitId: KG.soGDDT, figures: { installs: 9_000, adults15to60: 10_000, smartphoneUsers: 9_500 }, review: 'pending' },
    { unitId: KG.soGTVT, figures: null, review: 'none' },
  ];
  return {
    directive: DIRECTIVE_1119,
    issuer: getUnit(h, KIEN_GIANG_ID),
    compiler: getUnit(h, KG.soTTTT),
    compilerParent: getUnit(h, KIEN_GIANG_ID),
    metrics,
    rates,
    rollup: rollUp(h, KIEN_GIANG_ID, latest, metrics, rates),
    rowLevel: committeeLevelBelow(h, KIEN_GIANG_ID),
    agencies: rollUp(h, KIEN_GIANG_ID, agencyStates, metrics, rates),
    on: '2020-08-24',
    ...overrides,
  };
}

const everyDistrict: UnitReportState[] = districts.map((d, i) => ({
  unitId: d.id,
  figures: { installs: installs[i]!, adults15to60: adults[i]!, smartphoneUsers: smartphones[i]! },
  review: 'accepted',
}));

describe('the compiled report of 1119/UBND-KGVX by Sở TT&TT', () => {
  const report = compileReport(inputFor(everyDistrict));

  it('totals the seed’s 145,800 installs as 13% of adults 15–60, from the summed figures', () => {
    expect(report.total.figures).toEqual({
      installs: 145_800,
      adults15to60: KIEN_GIANG_ADULTS_15_TO_60,
      smartphoneUsers: smartphones.reduce((a, b) => a + b, 0),
    });
    const adultsRate = report.total.rates.installRateAdults!;
    expect(adultsRate).toMatchObject({ numerator: 145_800, denominator: 1_121_538, targetPercent: null, meetsTarget: null });
    expect(Math.round(adultsRate.percent!)).toBe(13);
    // The average of the district rows' percentages is about 10%: not what the total says.
    const average = report.rows.reduce((n, r) => n + r.rates.installRateAdults!.percent!, 0) / report.rows.length;
    expect(Math.round(average)).toBe(10);
  });

  it('measures every row and the total against the 60% smartphone target', () => {
    const total = report.total.rates.installRateSmartphone!;
    expect(total.targetPercent).toBe(60);
    expect(total.meetsTarget).toBe(false);
    expect(total.gapPoints!).toBeCloseTo(total.percent! - 60, 10);
    expect(report.rankedBy).toBe('installRateSmartphone');
    for (const r of report.rows) expect(r.rates.installRateSmartphone!.meetsTarget).toBe(r.rates.installRateSmartphone!.percent! >= 60);
  });

  it('lists the 15 districts best → worst with their own figures and ranks', () => {
    expect(report.rows).toHaveLength(15);
    expect(report.rows.map((r) => r.rank)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const percents = report.rows.map((r) => r.rates.installRateSmartphone!.percent!);
    expect([...percents].sort((a, b) => b - a)).toEqual(percents);
    const rachGia = report.rows.find((r) => r.unitId === 'kg.rach-gia')!;
    const i = districts.findIndex((d) => d.id === 'kg.rach-gia');
    expect(rachGia).toMatchObject({ name: 'UBND thành phố Rạch Giá', reported: 1, expected: 1, notReported: 0, pendingReview: false });
    expect(rachGia.figures).toEqual({ installs: installs[i], adults15to60: adults[i], smartphoneUsers: smartphones[i] });
    expect(report.statusCounts).toEqual({ accepted: 15, pending: 0, returned: 0, none: 0 });
  });

  it('is the coordinator’s document to the issuer: its body, place and date, subject, and its head’s signature', () => {
    expect(report.header).toEqual({
      parentBody: 'Ủy ban nhân dân tỉnh Kiên Giang',
      issuingBody: 'Sở Thông tin và Truyền thông',
      issuingUnitId: KG.soTTTT,
      place: 'Kiên Giang',
      date: '2020-08-24',
      subject: 'V/v báo cáo kết quả thực hiện Công văn số 1119/UBND-KGVX (đẩy mạnh triển khai ứng dụng, cài đặt ứng dụng Bluezone)',
      recipient: 'Ủy ban nhân dân tỉnh Kiên Giang',
    });
    expect(report.directive).toMatchObject({ reference: '1119/UBND-KGVX', date: '2020-08-19' });
    // Nobody's name is known for Sở TT&TT's director: the block leaves room to sign.
    expect(report.signer).toEqual({ capacity: ['GIÁM ĐỐC'], name: null });
  });

  it('shows agencies that reported apart, without adding them to the total', () => {
    expect(report.agencies.map((a) => a.unitId)).toEqual([KG.soGDDT]);
    expect(report.agencies[0]).toMatchObject({ figures: { installs: 9_000 }, pendingReview: true });
    expect(report.total.figures.installs).toBe(145_800);
  });
});

describe('compileReport', () => {
  it('marks districts that have not reported, with no figures and no rank, and counts them', () => {
    const latest = everyDistrict.map((s, i) => (i === 0 ? { unitId: s.unitId, figures: null, review: 'none' as const } : s));
    const report = compileReport(inputFor(latest));
    const last = report.rows.at(-1)!;
    expect(last).toMatchObject({ unitId: districts[0]!.id, rank: null, reported: 0, expected: 1, notReported: 1 });
    expect(last.figures).toEqual({ installs: null, adults15to60: null, smartphoneUsers: null });
    expect(report.total).toMatchObject({ reported: 14, expected: 15, notReported: 1 });
    expect(report.total.figures.installs).toBe(145_800 - installs[0]!);
    expect(report.statusCounts).toMatchObject({ accepted: 14, none: 1 });
  });

  it('names the level of its rows: the districts of a province of 2020', () => {
    const report = compileReport(inputFor(everyDistrict));
    expect(report.rowLevel).toBe('district');
    expect(report.rows.every((r) => getUnit(h, r.unitId).level === 'district')).toBe(true);
  });

  it('meets a target exactly at the target (60 of 100)', () => {
    const latest: UnitReportState[] = [{ unitId: 'kg.rach-gia', figures: { installs: 60, adults15to60: 200, smartphoneUsers: 100 }, review: 'accepted' }];
    const row = compileReport(inputFor(latest)).rows[0]!;
    expect(row.rates.installRateSmartphone).toMatchObject({ percent: 60, meetsTarget: true, gapPoints: 0 });
  });

  it('takes the directive’s own signer when the issuer compiles it itself', () => {
    const directive = { ...DIRECTIVE_1119, coordinatorUnitId: null };
    const report = compileReport(inputFor(everyDistrict, { directive, compiler: getUnit(h, KIEN_GIANG_ID), compilerParent: null }));
    expect(report.signer).toEqual({ capacity: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Lâm Minh Thành' });
    expect(report.header).toMatchObject({ parentBody: null, issuingBody: 'Ủy ban nhân dân tỉnh Kiên Giang' });
  });

  it('leaves room to sign when the issuer compiles a directive whose signer was left blank', () => {
    const directive = { ...DIRECTIVE_1119, coordinatorUnitId: null, signer: { capacity: ' ', name: '  ' } };
    const report = compileReport(inputFor(everyDistrict, { directive, compiler: getUnit(h, KIEN_GIANG_ID), compilerParent: null }));
    expect(report.signer).toEqual({ capacity: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], name: null });
  });

  it('refuses a unit that does not compile the directive, a rollup of another unit and a date that is not one', () => {
    expect(codeOf(() => compileReport(inputFor(everyDistrict, { compiler: getUnit(h, KG.soGDDT) })))).toBe('INVALID_INPUT');
    expect(codeOf(() => compileReport(inputFor(everyDistrict, { rollup: rollUp(h, 'kg.rach-gia', [], metrics, rates) })))).toBe('INVALID_INPUT');
    expect(codeOf(() => compileReport(inputFor(everyDistrict, { on: '24/08/2020' })))).toBe('INVALID_INPUT');
  });
});

describe('placeAndDateVi', () => {
  it('writes the date as Nghị định 30 does: a leading zero for days below 10 and for January and February only', () => {
    expect(placeAndDateVi('Kiên Giang', '2020-08-24')).toBe('Kiên Giang, ngày 24 tháng 8 năm 2020');
    expect(placeAndDateVi('Kiên Giang', '2021-02-05')).toBe('Kiên Giang, ngày 05 tháng 02 năm 2021');
    expect(placeAndDateVi('Hà Nội', '2020-12-01')).toBe('Hà Nội, ngày 01 tháng 12 năm 2020');
    expect(codeOf(() => placeAndDateVi('Kiên Giang', '2020-8-24'))).toBe('INVALID_INPUT');
  });
});

describe('compileUnitReport: a district on its communes', () => {
  const rachGia = getUnit(h, 'kg.rach-gia');
  const communes = childrenOf(h, rachGia.id);
  const [first, second, third] = communes;
  const latest: UnitReportState[] = [
    { unitId: first!.id, figures: { installs: 300, adults15to60: 1_000, smartphoneUsers: 600 }, review: 'accepted' },
    { unitId: second!.id, figures: { installs: 500, adults15to60: 1_000, smartphoneUsers: 600 }, review: 'pending' },
    ...communes.slice(2).map((c) => ({ unitId: c.id, figures: null, review: 'none' as const })),
  ];
  const tasks = new Map<string, RowTask>(
    communes.map((c, i) => [
      c.id,
      {
        state: i < 2 ? 'in_progress' : 'issued',
        acknowledgedAt: i < 2 ? '2020-08-20T02:00:00.000Z' : null,
        deadline: { kind: i < 2 ? 'report' : 'acknowledge', at: '2020-08-21T10:00:00.000Z' },
        standing: i === 2 ? { kind: 'overdue', daysOverdue: 2, counted: 'workingDays' } : { kind: 'within' },
      },
    ]),
  );
  const report = compileUnitReport({
    directive: DIRECTIVE_1119,
    issuer: getUnit(h, KIEN_GIANG_ID),
    unit: rachGia,
    unitParent: getUnit(h, KIEN_GIANG_ID),
    recipient: getUnit(h, KIEN_GIANG_ID),
    metrics,
    rates,
    rollup: rollUp(h, rachGia.id, latest, metrics, rates),
    rowLevel: committeeLevelBelow(h, rachGia.id),
    tasks,
    on: '2020-08-22',
  });

  it('has a row per commune holding the task, ranked ones first, each with its task', () => {
    expect(report.scope).toBe('unit');
    expect(report.rowLevel).toBe('commune');
    expect(report.rows).toHaveLength(communes.length);
    expect(report.rows.slice(0, 2).map((r) => [r.unitId, r.rank])).toEqual([
      [second!.id, 1],
      [first!.id, 2],
    ]);
    const late = report.rows.find((r) => r.unitId === third!.id)!;
    expect(late).toMatchObject({ rank: null, reported: 0, expected: 1, task: { acknowledgedAt: null, standing: { kind: 'overdue', daysOverdue: 2 } } });
  });

  it('totals the communes’ figures and counts their tasks', () => {
    expect(report.total.figures).toEqual({ installs: 800, adults15to60: 2_000, smartphoneUsers: 1_200 });
    expect(report.total).toMatchObject({ reported: 2, expected: communes.length });
    expect(report.taskTotals).toEqual({ units: communes.length, acknowledged: 2, overdue: 1 });
  });

  it('is the district’s document: its header, the province as recipient, its chair signs', () => {
    expect(report.header).toMatchObject({ parentBody: 'Ủy ban nhân dân tỉnh Kiên Giang', issuingBody: unitFormalName(rachGia.name), recipient: 'Ủy ban nhân dân tỉnh Kiên Giang', date: '2020-08-22' });
    expect(report.signer).toEqual({ capacity: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], name: null });
    expect(report.agencies).toEqual([]);
  });

  it('writes standings as officials do', () => {
    expect(standingTextVi({ kind: 'overdue', daysOverdue: 3, counted: 'workingDays' })).toBe('Quá hạn 3 ngày làm việc');
    expect(standingTextVi({ kind: 'doneLate', daysLate: 1, counted: 'days' })).toBe('Hoàn thành quá hạn 1 ngày');
    expect(standingTextVi({ kind: 'within' })).toBe('Trong hạn');
    expect(standingTextVi(null)).toBe('Không thời hạn');
    // A report awaiting review runs no deadline: its state says where it is.
    expect(taskStandingTextVi({ state: 'reported', standing: null })).toBe('Đã báo cáo');
    expect(taskStandingTextVi({ state: 'in_progress', standing: { kind: 'dueSoon' } })).toBe('Sắp đến hạn');
  });
});
