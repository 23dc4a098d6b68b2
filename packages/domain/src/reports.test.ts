import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { NARRATIVE_MAX_LENGTH, assertLatestReport, nextReport, reportFieldErrors, validateMetricDefs, validateReport, type Report, type ReportFieldCode, type ReportInput } from './reports';
import { BLUEZONE_METRICS as METRICS, BLUEZONE_RATES as RATES } from './seed/directive-1119';

const clerk = { userId: 'u-42', unitId: 'kg.rach-gia' };
const FIGURES = { installs: 12_000, adults15to60: 150_000, smartphoneUsers: 90_000 };
const input = (figures: Record<string, number>, extra: Partial<ReportInput> = {}): ReportInput => ({ figures, narrative: '', ...extra });
const first: Report = { ...input(FIGURES), version: 1, submittedAt: '2020-08-17T16:00:00+07:00', submittedBy: 'u-42' };

/** The `details.fields` of the INVALID_REPORT thrown, or null when the report passes. */
function fieldsOf(previous: Report | null, report: ReportInput): Record<string, string> | null {
  try {
    validateReport(METRICS, RATES, previous, report);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_REPORT');
    expect((error as DomainError).category).toBe('BAD_REQUEST');
    return (error as DomainError).details.fields as Record<string, string>;
  }
}

describe('validateReport', () => {
  it('accepts a complete report of whole numbers', () => {
    expect(fieldsOf(null, input(FIGURES, { narrative: 'Đã tổ chức đi từng ngõ, gõ từng nhà.' }))).toBeNull();
    expect(fieldsOf(first, input({ ...FIGURES, installs: 20_000 }))).toBeNull();
    expect(fieldsOf(null, input({ installs: 0, adults15to60: 0, smartphoneUsers: 0 }))).toBeNull();
  });

  it('UNKNOWN_METRIC for a figure the directive does not ask for', () => {
    expect(fieldsOf(null, input({ ...FIGURES, downloads: 5 }))).toEqual({ downloads: 'UNKNOWN_METRIC' });
    // A key that is special to JavaScript objects is still reported.
    const sneaky = JSON.parse('{"installs":1,"adults15to60":2,"smartphoneUsers":2,"__proto__":3}') as Record<string, number>;
    expect(fieldsOf(null, input(sneaky))).toEqual({ ['__proto__']: 'UNKNOWN_METRIC' });
  });

  it('MISSING for each metric left out', () => {
    expect(fieldsOf(null, input({ installs: 12_000 }))).toEqual({ adults15to60: 'MISSING', smartphoneUsers: 'MISSING' });
  });

  it('NOT_INTEGER for fractions, NaN, infinities and non-numbers', () => {
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, '12' as unknown as number, null as unknown as number]) {
      expect(fieldsOf(null, input({ ...FIGURES, smartphoneUsers: bad })), String(bad)).toEqual({ smartphoneUsers: 'NOT_INTEGER' });
    }
  });

  it('NEGATIVE below zero', () => {
    expect(fieldsOf(null, input({ ...FIGURES, installs: -1 }))).toEqual({ installs: 'NEGATIVE' });
  });

  it('TOO_LARGE above Number.MAX_SAFE_INTEGER', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(fieldsOf(null, input({ installs: max, adults15to60: max, smartphoneUsers: max }))).toBeNull();
    expect(fieldsOf(null, input({ ...FIGURES, adults15to60: max + 1 }))).toEqual({ adults15to60: 'TOO_LARGE' });
  });

  it('ABOVE_DENOMINATOR on the numerator when a rate would pass 100%', () => {
    expect(fieldsOf(null, input({ ...FIGURES, installs: 90_001 }))).toEqual({ installs: 'ABOVE_DENOMINATOR' });
    expect(fieldsOf(null, input({ ...FIGURES, installs: 90_000 }))).toBeNull();
    // Not checked against a denominator that is itself invalid.
    expect(fieldsOf(null, input({ ...FIGURES, smartphoneUsers: -5 }))).toEqual({ smartphoneUsers: 'NEGATIVE' });
  });

  it('DECREASED when a cumulative figure goes below the previous report, unless it is a correction with a reason', () => {
    const lower = { ...FIGURES, installs: 11_999 };
    expect(fieldsOf(first, input(lower))).toEqual({ installs: 'DECREASED' });
    expect(fieldsOf(first, input(lower, { correction: { reason: 'Nhập nhầm số liệu ngày 17/8' } }))).toBeNull();
    expect(fieldsOf(first, input(lower, { correction: { reason: '   ' } }))).toEqual({ installs: 'DECREASED', correction: 'REASON_REQUIRED' });
    // Population figures are not running totals: they may go down.
    expect(fieldsOf(first, input({ ...FIGURES, adults15to60: 140_000 }))).toBeNull();
    // Equal is not a decrease; the first report has nothing to compare with.
    expect(fieldsOf(first, input(FIGURES))).toBeNull();
    expect(fieldsOf(null, input(lower))).toBeNull();
  });

  it('REASON_REQUIRED for a correction without a reason, even when nothing went down', () => {
    expect(fieldsOf(first, input(FIGURES, { correction: { reason: '' } }))).toEqual({ correction: 'REASON_REQUIRED' });
  });

  it('TOO_LONG for a narrative over 10,000 characters, counting a Vietnamese letter once however it is typed', () => {
    expect(NARRATIVE_MAX_LENGTH).toBe(10_000);
    expect(fieldsOf(null, input(FIGURES, { narrative: 'a'.repeat(10_000) }))).toBeNull();
    expect(fieldsOf(null, input(FIGURES, { narrative: 'a'.repeat(10_001) }))).toEqual({ narrative: 'TOO_LONG' });
    const decomposed = 'ệ'.normalize('NFD').repeat(10_000);
    expect(decomposed.length).toBe(30_000);
    expect(fieldsOf(null, input(FIGURES, { narrative: decomposed }))).toBeNull();
  });

  it('lists every problem at once', () => {
    expect(fieldsOf(first, input({ installs: 1.5, smartphoneUsers: -2, extra: 1 }, { narrative: 'x'.repeat(10_001) }))).toEqual({
      installs: 'NOT_INTEGER',
      adults15to60: 'MISSING',
      smartphoneUsers: 'NEGATIVE',
      extra: 'UNKNOWN_METRIC',
      narrative: 'TOO_LONG',
    });
  });

  it('takes a directive without metrics: a narrative-only report', () => {
    expect(() => validateReport([], [], null, { figures: {}, narrative: 'Đã triển khai.' })).not.toThrow();
    expect(() => validateReport([], [], null, { figures: { installs: 1 }, narrative: '' })).toThrow(DomainError);
  });
});

describe('nextReport', () => {
  it('numbers versions from 1 and stamps time and user', () => {
    const r1 = nextReport(null, input(FIGURES), clerk, '2020-08-17T16:00:00+07:00');
    expect(r1).toEqual({ figures: FIGURES, narrative: '', version: 1, submittedAt: '2020-08-17T16:00:00+07:00', submittedBy: 'u-42' });
    const r2 = nextReport(r1, input({ ...FIGURES, installs: 20_000 }, { final: true }), { ...clerk, userId: 'u-43' }, '2020-08-20T16:00:00+07:00');
    expect(r2).toMatchObject({ version: 2, final: true, submittedBy: 'u-43', figures: { installs: 20_000 } });
  });

  it('gives a correction the next version too, and keeps its trimmed reason', () => {
    const r1 = nextReport(null, input(FIGURES), clerk, '2020-08-17T16:00:00+07:00');
    const r2 = nextReport(r1, input(FIGURES), clerk, '2020-08-18T16:00:00+07:00');
    const fix = nextReport(r2, input({ ...FIGURES, installs: 11_000 }, { correction: { reason: ' Trùng số liệu ' } }), clerk, '2020-08-18T17:00:00+07:00');
    expect(fix.version).toBe(3);
    expect(fix.correction).toEqual({ reason: 'Trùng số liệu' });
    expect(r2.version).toBe(2);
  });

  it('copies the figures and leaves its inputs alone', () => {
    const raw = input({ ...FIGURES });
    const frozen = Object.freeze({ ...raw, figures: Object.freeze({ ...raw.figures }) });
    const report = nextReport(Object.freeze(first), frozen, clerk, '2020-08-18T16:00:00+07:00');
    expect(report.figures).not.toBe(frozen.figures);
    expect(report.figures).toEqual(FIGURES);
    expect(first.version).toBe(1);
    expect('final' in report).toBe(false);
  });
});

describe('validateMetricDefs', () => {
  it('accepts the Bluezone metrics of 1119', () => {
    expect(() => validateMetricDefs(METRICS, RATES)).not.toThrow();
  });

  it('refuses repeated or reserved keys and rates over unknown metrics', () => {
    const m = { key: 'installs', label: 'x', cumulative: true };
    const codeOf = (fn: () => void): string | undefined => {
      try {
        fn();
      } catch (e) {
        return (e as DomainError).code;
      }
      return undefined;
    };
    expect(codeOf(() => validateMetricDefs([m, m], []))).toBe('INVALID_DIRECTIVE');
    expect(codeOf(() => validateMetricDefs([{ ...m, key: 'narrative' }], []))).toBe('INVALID_DIRECTIVE');
    expect(codeOf(() => validateMetricDefs([m], [{ key: 'r', label: 'r', numerator: 'installs', denominator: 'nope' }]))).toBe('INVALID_DIRECTIVE');
    expect(codeOf(() => validateMetricDefs(METRICS, [{ ...RATES[1]!, targetPercent: 160 }]))).toBe('INVALID_DIRECTIVE');
  });
});

describe('assertLatestReport', () => {
  it('passes the latest version, refuses an older one and any when there is none', () => {
    const reports = [{ version: 1 }, { version: 2 }];
    expect(() => assertLatestReport(reports, 2)).not.toThrow();
    expect(() => assertLatestReport(reports, 1)).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION', message: 'Report version 1 is not the latest' }));
    expect(() => assertLatestReport([], 1)).toThrow(DomainError);
  });
});

describe('reportFieldErrors', () => {
  it('names each wrong field by its path in the input a client sent', () => {
    const fields = fieldsOfAll(first, {
      figures: { installs: 11_000, adults15to60: -1, downloads: 5 },
      narrative: 'ô'.repeat(NARRATIVE_MAX_LENGTH + 1),
      correction: { reason: ' ' },
      tasks: { t1: { done: 'có' as unknown as boolean }, t2: { done: true, note: 'x'.repeat(4_001) }, t9: { done: true } },
    });
    expect(reportFieldErrors(fields)).toEqual(
      expect.arrayContaining([
        { path: ['figures', 'downloads'], code: 'UNKNOWN_METRIC' },
        { path: ['figures', 'adults15to60'], code: 'NEGATIVE' },
        { path: ['figures', 'smartphoneUsers'], code: 'MISSING' },
        { path: ['narrative'], code: 'TOO_LONG' },
        { path: ['correction', 'reason'], code: 'REASON_REQUIRED' },
        { path: ['tasks', 't1', 'done'], code: 'NOT_BOOLEAN' },
        { path: ['tasks', 't2', 'note'], code: 'TOO_LONG' },
        { path: ['tasks', 't9'], code: 'UNKNOWN_TASK' },
      ]),
    );
    expect(reportFieldErrors(fields)).toHaveLength(Object.keys(fields).length);
  });

  it('keeps a figure a figure, whatever its key looks like', () => {
    expect(reportFieldErrors({ 'task:t1': 'DECREASED', narrative: 'NOT_TEXT', installs: 'ABOVE_DENOMINATOR' })).toEqual([
      { path: ['figures', 'task:t1'], code: 'DECREASED' },
      { path: ['narrative'], code: 'NOT_TEXT' },
      { path: ['figures', 'installs'], code: 'ABOVE_DENOMINATOR' },
    ]);
  });
});

/** The `details.fields` of a report checked against tasks t1 and t2. */
function fieldsOfAll(previous: Report | null, report: ReportInput): Record<string, ReportFieldCode> {
  try {
    validateReport(METRICS, RATES, previous, report, ['t1', 't2']);
  } catch (error) {
    return (error as DomainError).details.fields as Record<string, ReportFieldCode>;
  }
  throw new Error('the report passed');
}
