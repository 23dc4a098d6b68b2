import { BLUEZONE_METRICS, BLUEZONE_RATES } from '@chidao/domain';
import { describe, expect, it } from 'vitest';
import { assignmentIdFor, checkReport, decreasedMetrics, defaultReportFor, initialDraft, parseFigure, refusedFields, reportForInput, typedWords, type PreviousReport, type ReportDraft } from './report';

const draft = (figures: Record<string, string>, more: Partial<ReportDraft> = {}): ReportDraft => ({
  figures,
  narrative: '',
  correction: false,
  correctionReason: '',
  ...more,
});

const previous: PreviousReport = {
  version: 1,
  figures: { installs: 500, adults15to60: 2_000, smartphoneUsers: 1_000 },
  narrative: '',
  submittedAt: '2020-08-19T03:00:00Z',
  submittedBy: 'u',
};

describe('parseFigure', () => {
  it('reads whole numbers, plain or grouped the Vietnamese way', () => {
    expect(parseFigure('0')).toBe(0);
    expect(parseFigure(' 1234 ')).toBe(1234);
    expect(parseFigure('12.345')).toBe(12_345);
    expect(parseFigure('1.234.567')).toBe(1_234_567);
    expect(parseFigure('12 345')).toBe(12_345);
  });

  it('gives the server’s codes for what it would refuse', () => {
    expect(parseFigure('')).toBe('MISSING');
    expect(parseFigure('  ')).toBe('MISSING');
    expect(parseFigure('-3')).toBe('NEGATIVE');
    expect(parseFigure('1,5')).toBe('NOT_INTEGER');
    expect(parseFigure('1.5')).toBe('NOT_INTEGER');
    expect(parseFigure('12.34')).toBe('NOT_INTEGER');
    expect(parseFigure('abc')).toBe('NOT_INTEGER');
    expect(parseFigure('99999999999999999999')).toBe('TOO_LARGE');
  });
});

describe('typedWords', () => {
  it('tells words from a number with a fraction or separators, so the message fits what was typed', () => {
    expect(typedWords('mười')).toBe(true);
    expect(typedWords('chưa có')).toBe(true);
    expect(typedWords('12 hộ')).toBe(true);
    expect(typedWords('1,5')).toBe(false);
    expect(typedWords('12.345')).toBe(false);
    expect(typedWords(' -3 ')).toBe(false);
  });
});

describe('checkReport', () => {
  it('accepts a complete, consistent report and sends numbers', () => {
    const result = checkReport(BLUEZONE_METRICS, BLUEZONE_RATES, null, draft({ installs: '600', adults15to60: '2.000', smartphoneUsers: '1000' }, { narrative: 'Đi từng ngõ' }));
    expect(result).toEqual({ ok: true, input: { figures: { installs: 600, adults15to60: 2000, smartphoneUsers: 1000 }, narrative: 'Đi từng ngõ' } });
  });

  it('flags every field at once, as the server would', () => {
    const result = checkReport(BLUEZONE_METRICS, BLUEZONE_RATES, null, draft({ installs: '-1', adults15to60: '', smartphoneUsers: '2,5' }));
    expect(result).toEqual({ ok: false, fields: { installs: 'NEGATIVE', adults15to60: 'MISSING', smartphoneUsers: 'NOT_INTEGER' } });
  });

  it('refuses a numerator above its denominator, on the numerator', () => {
    const result = checkReport(BLUEZONE_METRICS, BLUEZONE_RATES, null, draft({ installs: '1500', adults15to60: '2000', smartphoneUsers: '1000' }));
    expect(result).toEqual({ ok: false, fields: { installs: 'ABOVE_DENOMINATOR' } });
  });

  it('refuses a cumulative figure below the last report unless it is a correction with a reason', () => {
    const lower = { installs: '400', adults15to60: '2000', smartphoneUsers: '1000' };
    expect(decreasedMetrics(BLUEZONE_METRICS, previous, draft(lower))).toEqual(['installs']);
    expect(checkReport(BLUEZONE_METRICS, BLUEZONE_RATES, previous, draft(lower))).toEqual({ ok: false, fields: { installs: 'DECREASED' } });
    expect(checkReport(BLUEZONE_METRICS, BLUEZONE_RATES, previous, draft(lower, { correction: true, correctionReason: '  ' }))).toEqual({
      ok: false,
      // As on the server: a correction without a reason corrects nothing, so the drop is flagged too.
      fields: { installs: 'DECREASED', correction: 'REASON_REQUIRED' },
    });
    expect(checkReport(BLUEZONE_METRICS, BLUEZONE_RATES, previous, draft(lower, { correction: true, correctionReason: 'Đếm trùng' }))).toEqual({
      ok: true,
      input: { figures: { installs: 400, adults15to60: 2000, smartphoneUsers: 1000 }, narrative: '', correction: { reason: 'Đếm trùng' } },
    });
  });

  it('sends no correction when nothing went down, even if the box was ticked earlier', () => {
    const same = draft({ installs: '500', adults15to60: '2000', smartphoneUsers: '1000' }, { correction: true, correctionReason: 'x' });
    expect(decreasedMetrics(BLUEZONE_METRICS, previous, same)).toEqual([]);
    expect(checkReport(BLUEZONE_METRICS, BLUEZONE_RATES, previous, same)).toMatchObject({ ok: true, input: { figures: { installs: 500 } } });
    const result = checkReport(BLUEZONE_METRICS, BLUEZONE_RATES, previous, same);
    expect(result.ok && 'correction' in result.input).toBe(false);
  });

  it('refuses a narrative over 10,000 characters', () => {
    const result = checkReport(BLUEZONE_METRICS, BLUEZONE_RATES, null, draft({ installs: '1', adults15to60: '2', smartphoneUsers: '2' }, { narrative: 'ạ'.repeat(10_001) }));
    expect(result).toEqual({ ok: false, fields: { narrative: 'TOO_LONG' } });
  });
});

describe('initialDraft', () => {
  it('starts from the last report’s figures, or blank', () => {
    expect(initialDraft(BLUEZONE_METRICS, null).figures).toEqual({ installs: '', adults15to60: '', smartphoneUsers: '' });
    expect(initialDraft(BLUEZONE_METRICS, previous).figures).toEqual({ installs: '500', adults15to60: '2000', smartphoneUsers: '1000' });
  });
});

it('builds assignment ids from business keys', () => {
  expect(assignmentIdFor('d1', 'kg.rach-gia.p-an-hoa')).toBe('directive:d1/unit:kg.rach-gia.p-an-hoa');
});

describe('which progress period a report answers', () => {
  const periods = [
    { period: 1, dueBy: '2020-08-27T16:59:59.999Z', reportedVersion: 1 },
    { period: 2, dueBy: '2020-09-03T16:59:59.999Z', reportedVersion: null },
    { period: 3, dueBy: '2020-09-10T16:59:59.999Z', reportedVersion: null },
  ];

  it('is, unless the reporter says otherwise, the earliest one not yet answered, then the final report', () => {
    expect(defaultReportFor(periods)).toBe(2);
    expect(defaultReportFor(periods.map((p) => ({ ...p, reportedVersion: 4 })))).toBe('final');
    expect(defaultReportFor([])).toBeNull();
  });

  it('is sent as the period, as the final flag, or not at all without periods', () => {
    expect(reportForInput(2)).toEqual({ period: 2 });
    expect(reportForInput('final')).toEqual({ final: true });
    expect(reportForInput(null)).toEqual({});
  });
});

describe('refusedFields', () => {
  it('keys the server’s data.fields of a refused report as the form keys its own checks', () => {
    const error = {
      data: {
        domainCode: 'INVALID_REPORT',
        fields: [
          { path: ['figures', 'installs'], code: 'DECREASED' },
          { path: ['correction', 'reason'], code: 'REASON_REQUIRED' },
          { path: ['tasks', 't2', 'note'], code: 'TOO_LONG' },
          { path: ['narrative'], code: 'TOO_LONG' },
        ],
      },
    };
    expect(refusedFields(error)).toEqual({ installs: 'DECREASED', correction: 'REASON_REQUIRED', 'task:t2': 'TOO_LONG', narrative: 'TOO_LONG' });
  });

  it('is null for any other refusal, or one that names no field', () => {
    expect(refusedFields({ data: { domainCode: 'ILLEGAL_TRANSITION', fields: [{ path: ['figures', 'installs'], code: 'DECREASED' }] } })).toBeNull();
    expect(refusedFields({ data: { domainCode: 'INVALID_REPORT' } })).toBeNull();
    expect(refusedFields(new Error('offline'))).toBeNull();
    expect(refusedFields(null)).toBeNull();
  });
});
