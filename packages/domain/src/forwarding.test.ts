import { describe, expect, it } from 'vitest';
import { assertDayWithin, checkForward, checkReassignTarget, forwardTargets, reassign, subordinatesOf, MAX_FORWARD_UNITS } from './forwarding';
import { newAssignment, partiesOf, type AssignmentStatus } from './assignment';
import { buildHierarchy, THREE_LEVEL_SCHEME } from './hierarchy';
import { kienGiangUnits } from './seed/kien-giang-2020';
import { chair, codeOf, COMMUNE, district, DISTRICT, NOW, REPORT_BY } from './test-support';

const h = buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits());
const OTHER_COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const ELSEWHERE = 'kg.ha-tien.p-dong-ho';
const terms = { reportDate: '2026-12-16', acknowledgeDate: '2026-12-08', instructions: '  Các phường báo cáo trước để thành phố tổng hợp.  ' };
const context = { reportBy: REPORT_BY, subordinates: subordinatesOf(h, DISTRICT), children: {} };
const forward = (over: Partial<Parameters<typeof checkForward>[3]> = {}, status = district, ctx: Parameters<typeof checkForward>[1] = context, actor = chair) =>
  checkForward(status, ctx, actor, { unitIds: [COMMUNE], terms, ...over }, NOW);

describe('forward (chuyển giao xuống cấp dưới)', () => {
  it('delivers to the named units directly below, with its own instructions and an earlier report day', () => {
    const plan = forward({ unitIds: [COMMUNE, OTHER_COMMUNE, COMMUNE] });
    expect(plan).toEqual({
      deliver: [COMMUNE, OTHER_COMMUNE],
      already: [],
      terms: { reportDate: '2026-12-16', acknowledgeDate: '2026-12-08', instructions: 'Các phường báo cáo trước để thành phố tổng hợp.' },
    });
  });

  it('is idempotent: a unit that already carries the task through this assignment is not delivered again', () => {
    expect(forward({ unitIds: [COMMUNE, OTHER_COMMUNE] }, district, { ...context, children: { [COMMUNE]: 'acknowledged' } })).toMatchObject({
      deliver: [OTHER_COMMUNE],
      already: [COMMUNE],
    });
  });

  it('"all" means every unit directly below: the twelve wards and communes of Rạch Giá', () => {
    const all = forwardTargets(h, DISTRICT, { type: 'all' });
    expect(all).toHaveLength(12);
    expect(all).toContain(COMMUNE);
    expect(codeOf(() => forwardTargets(h, COMMUNE, { type: 'all' }))).toBe('ILLEGAL_TRANSITION');
  });

  it('refuses a unit that is not directly below as missing (UNIT_NOT_FOUND), whatever else it names', () => {
    for (const unitId of [ELSEWHERE, 'kg.ha-tien', 'kg', DISTRICT, 'kg.nowhere', '']) {
      expect(codeOf(() => forward({ unitIds: [COMMUNE, unitId] })), unitId).toBe('UNIT_NOT_FOUND');
      expect(codeOf(() => forwardTargets(h, DISTRICT, { type: 'units', unitIds: [unitId] })), unitId).toBe('UNIT_NOT_FOUND');
    }
  });

  it('refuses no units and too many units as INVALID_INPUT', () => {
    expect(codeOf(() => forward({ unitIds: [] }))).toBe('INVALID_INPUT');
    expect(codeOf(() => forward({ unitIds: Array.from({ length: MAX_FORWARD_UNITS + 1 }, () => COMMUNE) }))).toBe('INVALID_INPUT');
  });

  it('only the unit itself forwards, and only while its assignment is open', () => {
    expect(codeOf(() => forward({}, district, context, { userId: 'u.kg', unitId: 'kg' }))).toBe('NOT_ASSIGNEE');
    for (const state of ['completed', 'recalled', 'reassigned'] as const) {
      expect(codeOf(() => forward({}, { ...district, state })), state).toBe('ILLEGAL_TRANSITION');
    }
  });

  it('the report day is real, not past and not after the deadline the forwarding unit owes', () => {
    expect(codeOf(() => forward({ terms: { ...terms, reportDate: '2026-12-21' } }))).toBe('INVALID_INPUT');
    expect(codeOf(() => forward({ terms: { ...terms, reportDate: '2026-12-04' } }))).toBe('INVALID_INPUT');
    expect(codeOf(() => forward({ terms: { ...terms, reportDate: '2026-02-30' } }))).toBe('INVALID_INPUT');
    // Its own deadline's very day is allowed.
    expect(forward({ terms: { ...terms, reportDate: '2026-12-18' } }).terms.reportDate).toBe('2026-12-18');
    // With no report deadline of its own, any day from today.
    expect(forward({ terms: { ...terms, reportDate: '2027-03-01' } }, district, { ...context, reportBy: null }).terms.reportDate).toBe('2027-03-01');
  });

  it('the acknowledgement day is optional, not past, and not after the report day', () => {
    const { acknowledgeDate: _, ...withoutAck } = terms;
    expect(forward({ terms: withoutAck }).terms).not.toHaveProperty('acknowledgeDate');
    expect(codeOf(() => forward({ terms: { ...terms, acknowledgeDate: '2026-12-17' } }))).toBe('INVALID_INPUT');
    expect(codeOf(() => forward({ terms: { ...terms, acknowledgeDate: '2026-12-06' } }))).toBe('INVALID_INPUT');
  });

  it('instructions are required and bounded', () => {
    for (const instructions of ['', '   ', 'x'.repeat(4_001)]) expect(codeOf(() => forward({ terms: { ...terms, instructions } }))).toBe('INVALID_INPUT');
  });

  it('does not deliver again to a unit whose task was moved elsewhere', () => {
    expect(codeOf(() => forward({}, district, { ...context, children: { [COMMUNE]: 'reassigned' } }))).toBe('ILLEGAL_TRANSITION');
  });

  it('without the list of subordinates (not known yet) the other rules still apply', () => {
    expect(forward({ unitIds: ['anything'] }, district, { ...context, subordinates: null }).deliver).toEqual(['anything']);
    expect(codeOf(() => forward({ terms: { ...terms, reportDate: '2026-12-21' } }, district, { ...context, subordinates: null }))).toBe('INVALID_INPUT');
  });
});

describe('assertDayWithin', () => {
  it('takes the end of the day in Asia/Ho_Chi_Minh', () => {
    // 23:00 on 7/12 in Hà Nội is still 7/12: the day is not past.
    expect(() => assertDayWithin('2026-12-07', null, '2026-12-07T23:00:00+07:00', 'd')).not.toThrow();
    expect(codeOf(() => assertDayWithin('2026-12-07', null, '2026-12-08T00:00:01+07:00', 'd'))).toBe('INVALID_INPUT');
    expect(codeOf(() => assertDayWithin('2026-12-19', REPORT_BY, NOW, 'd'))).toBe('INVALID_INPUT');
  });
});

describe('reassign (giao lại)', () => {
  const commune: AssignmentStatus = newAssignment('d', COMMUNE, '2026-12-04T10:00:00+07:00', partiesOf('kg', DISTRICT));
  const none = () => false;

  it('the assigner moves the task to a unit below it that has none: the old one ends, saying why and to whom', () => {
    expect(() => checkReassignTarget(h, { fromUnitId: COMMUNE, assignerUnitId: DISTRICT }, OTHER_COMMUNE, none)).not.toThrow();
    expect(reassign(commune, 0, chair, { toUnitId: OTHER_COMMUNE, reason: ' Phường đã sáp nhập ' }, NOW)).toMatchObject({
      state: 'reassigned',
      reassignedTo: OTHER_COMMUNE,
      reassignReason: 'Phường đã sáp nhập',
      reassignedAt: NOW,
    });
  });

  it('a unit outside the assigner, the assigner itself or an unknown id reads as missing', () => {
    for (const to of [ELSEWHERE, 'kg.ha-tien', DISTRICT, 'kg', 'kg.nowhere']) {
      expect(codeOf(() => checkReassignTarget(h, { fromUnitId: COMMUNE, assignerUnitId: DISTRICT }, to, none)), to).toBe('UNIT_NOT_FOUND');
    }
    // The issuer, for a top-level assignment, may move it anywhere in its province.
    expect(() => checkReassignTarget(h, { fromUnitId: COMMUNE, assignerUnitId: 'kg' }, ELSEWHERE, none)).not.toThrow();
  });

  it('refuses the same unit, a blank one, and a unit that already has an assignment of the directive', () => {
    expect(codeOf(() => checkReassignTarget(h, { fromUnitId: COMMUNE, assignerUnitId: DISTRICT }, COMMUNE, none))).toBe('INVALID_INPUT');
    expect(codeOf(() => checkReassignTarget(h, { fromUnitId: COMMUNE, assignerUnitId: DISTRICT }, '', none))).toBe('INVALID_INPUT');
    expect(codeOf(() => checkReassignTarget(h, { fromUnitId: COMMUNE, assignerUnitId: DISTRICT }, OTHER_COMMUNE, (u) => u === OTHER_COMMUNE))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('only the assigner, only an open assignment, with a reason, and not one with units below still running', () => {
    const input = { toUnitId: OTHER_COMMUNE, reason: 'Sáp nhập' };
    expect(codeOf(() => reassign(commune, 0, { userId: 'u', unitId: COMMUNE }, input, NOW))).toBe('OUT_OF_SCOPE');
    expect(codeOf(() => reassign(commune, 0, { userId: 'u', unitId: 'kg' }, input, NOW))).toBe('OUT_OF_SCOPE');
    expect(codeOf(() => reassign({ ...commune, state: 'completed' }, 0, chair, input, NOW))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => reassign({ ...commune, state: 'reassigned' }, 0, chair, input, NOW))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => reassign(commune, 0, chair, { ...input, reason: '  ' }, NOW))).toBe('INVALID_INPUT');
    expect(codeOf(() => reassign(commune, 2, chair, input, NOW))).toBe('ILLEGAL_TRANSITION');
  });
});
