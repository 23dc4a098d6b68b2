import { describe, expect, it } from 'vitest';
import { checkChildDeadline, checkDirectiveAmendment, checkDirectiveRecall, checkEndProgressReports, checkReportDay } from './amendments';
import { chair, codeOf, COMMUNE, district, DISTRICT, NOW, REPORT_BY } from './test-support';

const issuer = { userId: 'u.kg', unitId: 'kg' };

describe('checkReportDay (the report days the workflows check)', () => {
  it('takes a day yyyy-MM-dd not past and not after the deadline above', () => {
    expect(codeOf(() => checkReportDay('2026-12-16', REPORT_BY, NOW))).toBeUndefined();
    expect(codeOf(() => checkReportDay('2026-12-07', null, NOW))).toBeUndefined();
    expect(codeOf(() => checkReportDay('16/12/2026', null, NOW))).toBe('INVALID_INPUT');
    expect(codeOf(() => checkReportDay('2026-12-06', null, NOW))).toBe('INVALID_INPUT');
    expect(codeOf(() => checkReportDay('2026-12-19', REPORT_BY, NOW))).toBe('INVALID_INPUT');
  });

  it('names the field, and stays as loose about the calendar as running workflows were', () => {
    expect(() => checkReportDay('x', null, NOW, 'acknowledgeDate')).toThrow(expect.objectContaining({ details: { field: 'acknowledgeDate' } }));
    expect(codeOf(() => checkReportDay('2027-02-30', null, NOW))).toBeUndefined();
  });
});

describe('checkDirectiveAmendment', () => {
  const amend = { day: '2026-12-16', reason: 'Lùi hạn', field: 'reportDate' as const };

  it('lets the issuer move a deadline of a directive not recalled, with a reason', () => {
    expect(codeOf(() => checkDirectiveAmendment({ recalled: false, issuerUnitId: 'kg' }, issuer, amend, NOW))).toBeUndefined();
    expect(codeOf(() => checkDirectiveAmendment({ recalled: false, issuerUnitId: null }, chair, amend, NOW))).toBeUndefined();
  });

  it('refuses a recalled directive, another unit, a bad day and an empty reason', () => {
    expect(codeOf(() => checkDirectiveAmendment({ recalled: true, issuerUnitId: 'kg' }, issuer, amend, NOW))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => checkDirectiveAmendment({ recalled: false, issuerUnitId: 'kg' }, chair, amend, NOW))).toBe('OUT_OF_SCOPE');
    expect(codeOf(() => checkDirectiveAmendment({ recalled: false, issuerUnitId: 'kg' }, issuer, { ...amend, day: '2026-12-01' }, NOW))).toBe('INVALID_INPUT');
    expect(() => checkDirectiveAmendment({ recalled: false, issuerUnitId: 'kg' }, issuer, { ...amend, reason: ' ' }, NOW)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'reason' } }),
    );
  });
});

describe('checkChildDeadline', () => {
  const below = { children: 2, plan: { reportBy: REPORT_BY } };

  it('lets the unit give the units below a day no later than its own', () => {
    expect(codeOf(() => checkChildDeadline(district, below, chair, '2026-12-16', NOW))).toBeUndefined();
    expect(codeOf(() => checkChildDeadline(district, below, chair, '2026-12-19', NOW))).toBe('INVALID_INPUT');
  });

  it('refuses another unit, a closed assignment, no units below, and waits for the plan', () => {
    expect(codeOf(() => checkChildDeadline(district, below, { userId: 'u', unitId: COMMUNE }, '2026-12-16', NOW))).toBe('NOT_ASSIGNEE');
    expect(codeOf(() => checkChildDeadline({ ...district, state: 'recalled' }, below, chair, '2026-12-16', NOW))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => checkChildDeadline(district, { ...below, children: 0 }, chair, '2026-12-16', NOW))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => checkChildDeadline(district, { ...below, plan: null }, chair, '2026-12-16', NOW))).toBe('UNAVAILABLE');
  });
});

describe('checkDirectiveRecall', () => {
  it('lets the issuer recall once, with a reason; any unit before the plan names the issuer', () => {
    expect(codeOf(() => checkDirectiveRecall({ recalled: false, issuerUnitId: 'kg' }, issuer, 'Ban hành nhầm'))).toBeUndefined();
    expect(codeOf(() => checkDirectiveRecall({ recalled: false, issuerUnitId: null }, chair, 'Ban hành nhầm'))).toBeUndefined();
  });

  it('refuses a second recall, another unit and an empty reason', () => {
    expect(codeOf(() => checkDirectiveRecall({ recalled: true, issuerUnitId: 'kg' }, issuer, 'x'))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => checkDirectiveRecall({ recalled: false, issuerUnitId: 'kg' }, chair, 'x'))).toBe('OUT_OF_SCOPE');
    expect(codeOf(() => checkDirectiveRecall({ recalled: false, issuerUnitId: 'kg' }, issuer, '  '))).toBe('INVALID_INPUT');
  });
});

describe('checkEndProgressReports (kết thúc báo cáo định kỳ)', () => {
  const running = { recalled: false, issuerUnitId: 'kg', progressEndedAt: null };
  it('is the issuer’s, once, with a reason, on a directive not recalled', () => {
    expect(codeOf(() => checkEndProgressReports(running, issuer, 'Đã hoàn thành mục tiêu.'))).toBeUndefined();
    expect(codeOf(() => checkEndProgressReports(running, { userId: 'u.d', unitId: 'kg.d1' }, 'x'))).toBe('OUT_OF_SCOPE');
    expect(codeOf(() => checkEndProgressReports(running, issuer, '  '))).toBe('INVALID_INPUT');
    expect(codeOf(() => checkEndProgressReports({ ...running, recalled: true }, issuer, 'x'))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => checkEndProgressReports({ ...running, progressEndedAt: NOW }, issuer, 'x'))).toBe('ILLEGAL_TRANSITION');
  });
});
