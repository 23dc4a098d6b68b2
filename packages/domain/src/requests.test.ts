import { describe, expect, it } from 'vitest';
import { newAssignment, partiesOf, type AssignmentStatus } from './assignment';
import { answerExplanation, decideAdjustment, decideExtension, droppedTasks, requestAdjustment, requestExplanation, requestExtension, type AdjustmentRequest, type ExtensionRequest } from './requests';
import { codeOf } from './test-support';

const status: AssignmentStatus = { ...newAssignment('d', 'x1', '2026-12-01T02:00:00.000Z'), ...partiesOf('p', 'h1') };
const assignee = { userId: 'u.x1', unitId: 'x1' };
const district = { userId: 'u.h1', unitId: 'h1' };
const province = { userId: 'u.p', unitId: 'p' };
const neighbour = { userId: 'u.x2', unitId: 'x2' };
const now = '2026-12-02T03:00:00.000Z';
const deadline = '2026-12-04T16:59:59.999Z';

const code = codeOf;

describe('extension requests (gia hạn)', () => {
  const ask = (history: readonly ExtensionRequest[] = [], proposedDate = '2026-12-09') =>
    requestExtension(status, history, assignee, { reason: 'Chờ số liệu của các ấp', proposedDate }, deadline, now);

  it('the assignee asks for a later day with a reason; the assigner approves or rejects with a reason', () => {
    const request = ask();
    expect(request).toMatchObject({ number: 1, state: 'pending', proposedDate: '2026-12-09', requestedBy: 'u.x1' });
    expect(decideExtension(status, [request], district, { approve: true }, now)).toMatchObject({ state: 'approved', decidedBy: 'u.h1' });
    expect(decideExtension(status, [request], province, { approve: false, note: 'Không đủ lý do' }, now)).toMatchObject({
      state: 'rejected',
      decisionNote: 'Không đủ lý do',
    });
  });

  it('refuses the wrong people, a second pending request, an earlier day, a blank reason, and a rejection without reason', () => {
    const pending = ask();
    expect(code(() => requestExtension(status, [], neighbour, { reason: 'x', proposedDate: '2026-12-09' }, deadline, now))).toBe('NOT_ASSIGNEE');
    expect(code(() => ask([pending]))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => ask([], '2026-12-04'))).toBe('INVALID_INPUT');
    expect(code(() => ask([], '9/12/2026'))).toBe('INVALID_INPUT');
    expect(code(() => requestExtension(status, [], assignee, { reason: '  ', proposedDate: '2026-12-09' }, deadline, now))).toBe('INVALID_INPUT');
    expect(code(() => decideExtension(status, [pending], assignee, { approve: true }, now))).toBe('OUT_OF_SCOPE');
    expect(code(() => decideExtension(status, [pending], district, { approve: false }, now))).toBe('INVALID_INPUT');
    expect(code(() => decideExtension(status, [], district, { approve: true }, now))).toBe('ILLEGAL_TRANSITION');
  });

  it('nothing is asked of a recalled assignment', () => {
    const recalled: AssignmentStatus = { ...status, state: 'recalled' };
    expect(code(() => requestExtension(recalled, [], assignee, { reason: 'x', proposedDate: '2026-12-09' }, deadline, now))).toBe('ILLEGAL_TRANSITION');
  });
});

describe('explanation requests (giải trình)', () => {
  it('the assigner asks a late unit, which answers once', () => {
    const request = requestExplanation(status, [], district, 'Vì sao chưa báo cáo?', true, now);
    expect(request).toMatchObject({ number: 1, question: 'Vì sao chưa báo cáo?' });
    const answered = answerExplanation(status, [request], assignee, 'Mất điện hai ngày.', now);
    expect(answered).toMatchObject({ answer: 'Mất điện hai ngày.', answeredBy: 'u.x1' });
    expect(code(() => answerExplanation(status, [answered], assignee, 'Lần nữa', now))).toBe('ILLEGAL_TRANSITION');
  });

  it('is not asked of a unit within its deadline, twice at once, or by someone else', () => {
    expect(code(() => requestExplanation(status, [], district, 'Vì sao?', false, now))).toBe('ILLEGAL_TRANSITION');
    const open = requestExplanation(status, [], province, 'Vì sao?', true, now);
    expect(code(() => requestExplanation(status, [open], district, 'Vì sao?', true, now))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => requestExplanation(status, [], neighbour, 'Vì sao?', true, now))).toBe('OUT_OF_SCOPE');
    expect(code(() => answerExplanation(status, [open], neighbour, 'x', now))).toBe('NOT_ASSIGNEE');
  });
});

describe('extension requests close before the deadline (quy chế: three working days)', () => {
  it('are taken until the close and refused after it, naming when they closed', () => {
    const closesAt = '2026-12-01T16:59:59.999Z';
    const before = '2026-12-01T09:00:00.000Z';
    const after = '2026-12-02T01:00:00.000Z';
    expect(requestExtension(status, [], assignee, { reason: 'Chờ số liệu', proposedDate: '2026-12-09' }, deadline, before, closesAt).state).toBe('pending');
    expect(code(() => requestExtension(status, [], assignee, { reason: 'Chờ số liệu', proposedDate: '2026-12-09' }, deadline, after, closesAt))).toBe('EXTENSION_WINDOW_CLOSED');
    // A plan made before requests closed has no closing time: open until the assignment ends.
    expect(requestExtension(status, [], assignee, { reason: 'Chờ số liệu', proposedDate: '2026-12-09' }, deadline, after).state).toBe('pending');
  });
});

describe('requests to adjust a task (đề nghị điều chỉnh)', () => {
  const issued = { ...status, issuerUnitId: 'p' };
  const ask = (history: readonly AdjustmentRequest[] = [], over: Partial<{ taskId: string; kind: 'change' | 'drop'; proposal: string }> = {}) =>
    requestAdjustment(issued, history, assignee, { taskId: 't1', kind: 'drop', reason: 'Không thuộc chức năng của xã', ...over }, ['t1', 't2'], now);

  it('the assignee asks to drop or change its own task; the issuer decides; an approved drop is no longer owed', () => {
    const drop = ask();
    expect(drop).toMatchObject({ number: 1, taskId: 't1', kind: 'drop', state: 'pending' });
    const approved = decideAdjustment(issued, [drop], province, { number: 1, approve: true }, now);
    expect(approved).toMatchObject({ state: 'approved', decidedBy: 'u.p' });
    expect(droppedTasks([approved])).toEqual(['t1']);
    const change = ask([approved], { taskId: 't2', kind: 'change', proposal: 'Lùi hạn 5 ngày' });
    expect(change).toMatchObject({ number: 2, proposal: 'Lùi hạn 5 ngày' });
    expect(decideAdjustment(issued, [approved, change], province, { number: 2, approve: false, note: 'Giữ nguyên' }, now)).toMatchObject({ state: 'rejected', decisionNote: 'Giữ nguyên' });
  });

  it('refuses another unit, a task not its own, a change without proposal, a second waiting request, and any decider but the issuer', () => {
    expect(code(() => requestAdjustment(issued, [], neighbour, { taskId: 't1', kind: 'drop', reason: 'x' }, ['t1'], now))).toBe('NOT_ASSIGNEE');
    expect(code(() => ask([], { taskId: 't9' }))).toBe('INVALID_INPUT');
    expect(code(() => ask([], { kind: 'change' }))).toBe('INVALID_INPUT');
    expect(code(() => ask([ask()]))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => decideAdjustment(issued, [ask()], district, { number: 1, approve: true }, now))).toBe('OUT_OF_SCOPE');
    expect(code(() => decideAdjustment(issued, [ask()], province, { number: 1, approve: false }, now))).toBe('INVALID_INPUT');
    expect(code(() => decideAdjustment(issued, [], province, { number: 1, approve: true }, now))).toBe('ILLEGAL_TRANSITION');
  });
});
