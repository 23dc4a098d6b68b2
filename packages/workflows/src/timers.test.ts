import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, type Directive } from '@chidao/domain';
import { acknowledgeUpdate, assignmentWorkflowId, directiveWorkflowId, answerExplanationUpdate, decideExtensionUpdate, requestExplanationUpdate, requestExtensionUpdate } from './index';
import { endOfVnDay, nextCleanWeeks, nextFridayBeforeWorkingMonday, nextTetBreak, plusDays, vnAt, vnDateOf } from '@chidao/testing';
import { env, repos, directive, calendar, skipTo, now, dmy, c1, c2, actor, issue, useTimerServer } from './timers-harness';

/** Timer paths on the time-skipping server (timers-harness.ts): missed acknowledgements across a weekend and across Tết, an extension and an explanation. */
useTimerServer({
  runs: {
    'timers-directive': directiveWorkflowId('tp.2026.901'),
    'timers-district': assignmentWorkflowId('tp.2026.901', 'tp.d1'),
    'timers-escalated-commune': c1('tp.2026.901'),
    'timers-acknowledged-commune': c2('tp.2026.901'),
    'extension-explanation-commune': c1('tp.2026.903'),
    'extension-district': assignmentWorkflowId('tp.2026.903', 'tp.d1'),
    'tet-escalated-commune': c1('tp.2027.7'),
  },
});

describe('the test clock', () => {
  it('only moves forward: skipTo refuses an instant already passed, and leaves the clock where it was', async () => {
    const before = await now();
    await expect(skipTo(new Date(before - 60_000).toISOString())).rejects.toThrow('only moves forward');
    expect(await now()).toBeGreaterThanOrEqual(before);
    expect(await now()).toBeLessThan(before + 60_000);
  });
});

describe('a missed acknowledgement, across a weekend', () => {
  // Issued on a Friday at 10:00 (UTC+7) whose next working day is the Monday after it; one working
  // day to acknowledge: the end of that Monday.
  const id = 'tp.2026.901';
  let friday: string;
  let ackDay: string;
  let parentDay: string;
  let provinceDay: string;

  it('is due at the end of the next working day', async () => {
    friday = nextFridayBeforeWorkingMonday(calendar, await now());
    ackDay = addWorkingDays(calendar, friday, 1);
    parentDay = addWorkingDays(calendar, ackDay, 1);
    provinceDay = addWorkingDays(calendar, ackDay, 2);
    expect(ackDay).toBe(plusDays(friday, 3));
    await skipTo(vnAt(friday, '10:00'));
    await issue(directive(id, friday));
    expect(await repos.lifecycle.deadlinesOf(c1(id))).toMatchObject({ acknowledgeBy: endOfVnDay(ackDay) });
  });

  it('reminds before the deadline, on working time only', async () => {
    await skipTo(vnAt(ackDay, '23:00'));
    const reminders = (await repos.events.forAssignment(c1(id))).filter((e) => e.kind === 'reminder');
    expect(reminders.length).toBeGreaterThan(0);
    for (const reminder of reminders) {
      const at = Date.parse(reminder.at);
      const day = vnDateOf(at);
      expect(isWorkingDay(calendar, day)).toBe(true);
      expect(at).toBeGreaterThanOrEqual(Date.parse(vnAt(day, '08:00')));
      expect(at).toBeLessThan(Date.parse(vnAt(day, '17:00')));
      expect(at).toBeLessThanOrEqual(Date.parse(endOfVnDay(ackDay)));
    }
    expect(await repos.escalations.forAssignment(c1(id))).toEqual([]);
  });

  it('escalates to the district chair on the next working morning, then to the province', async () => {
    // c2 acknowledges in time and is never escalated.
    await env.client.workflow.getHandle(c2(id)).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: actor('tp.d1.c2') }] });

    await skipTo(vnAt(parentDay, '09:00'));
    const first = await repos.escalations.forAssignment(c1(id));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      recipientUnitId: 'tp.d1',
      level: 'parent',
      reason: 'acknowledge_overdue',
      state: 'open',
      raisedAt: vnAt(parentDay, '08:00'),
    });
    expect((await repos.escalations.inbox('tp.d1')).map((e) => e.unitId)).toEqual(['tp.d1.c1']);

    await skipTo(vnAt(provinceDay, '09:00'));
    const second = await repos.escalations.forAssignment(c1(id));
    expect(second.map((e) => [e.level, e.recipientUnitId, e.raisedAt])).toEqual([
      ['parent', 'tp.d1', vnAt(parentDay, '08:00')],
      ['province', 'tp', vnAt(provinceDay, '08:00')],
    ]);
    expect(await repos.escalations.forAssignment(c2(id))).toEqual([]);
  });

  it('stops the chain when the unit acknowledges, and resolves what it raised', async () => {
    await env.client.workflow.getHandle(c1(id)).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: actor('tp.d1.c1') }] });
    const escalations = await repos.escalations.forAssignment(c1(id));
    expect(escalations.every((e) => e.state === 'resolved' && e.resolvedBy === 'u.tp.d1.c1')).toBe(true);
    const before = (await repos.events.forAssignment(c1(id))).length;
    await skipTo(vnAt(plusDays(provinceDay, 7), '09:00'));
    expect((await repos.events.forAssignment(c1(id))).length).toBe(before);
  });
});

describe('an extension (gia hạn), then an explanation (giải trình)', () => {
  // Issued on a Thursday of two weeks without a holiday, with a report due the next working day
  // (Friday); the commune asks for three working days more (Wednesday).
  const id = 'tp.2026.903';
  let thursday: string;
  let reportDay: string;
  let proposed: string;
  const withReport = (): Directive => ({
    ...directive(id, thursday),
    targets: [{ text: `đến ngày ${dmy(reportDay)}, 60% …`, value: 60, unit: 'percent', metric: 'smartphoneUsers', due: reportDay }],
  });
  const district = () => env.client.workflow.getHandle(c1(id));

  it('moves the report deadline and its timers when the district approves', async () => {
    thursday = plusDays(nextCleanWeeks(calendar, await now(), 2), 3);
    reportDay = addWorkingDays(calendar, thursday, 1);
    proposed = addWorkingDays(calendar, reportDay, 3);
    const oldEscalationDay = addWorkingDays(calendar, reportDay, 1);
    const newEscalationDay = addWorkingDays(calendar, proposed, 1);

    await skipTo(vnAt(thursday, '09:00'));
    await issue(withReport());
    expect(await repos.lifecycle.deadlinesOf(c1(id))).toMatchObject({ reportBy: endOfVnDay(reportDay) });
    await district().executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: actor('tp.d1.c1') }] });
    const asked = await district().executeUpdate(requestExtensionUpdate, {
      args: [{ v: 1, actor: actor('tp.d1.c1'), reason: 'Chờ số liệu của các ấp', proposedDate: proposed }],
    });
    expect(asked.state).toBe('pending');
    const decided = await district().executeUpdate(decideExtensionUpdate, { args: [{ v: 1, actor: actor('tp.d1'), approve: true }] });
    expect(decided.state).toBe('approved');
    expect(await repos.lifecycle.deadlinesOf(c1(id))).toMatchObject({ reportBy: endOfVnDay(proposed) });

    // The next working morning: under the old deadline the district would have been told by now; it is not.
    await skipTo(vnAt(oldEscalationDay, '09:00'));
    expect(await repos.escalations.forAssignment(c1(id))).toEqual([]);

    // The morning after the new deadline: the district is told.
    await skipTo(vnAt(newEscalationDay, '09:00'));
    const escalations = await repos.escalations.forAssignment(c1(id));
    expect(escalations.map((e) => [e.reason, e.recipientUnitId, e.raisedAt, e.dueAt])).toEqual([
      ['report_overdue', 'tp.d1', vnAt(newEscalationDay, '08:00'), endOfVnDay(proposed)],
    ]);
    // The commune that did not ask keeps the original deadline and was escalated the morning after it.
    expect((await repos.escalations.forAssignment(c2(id))).map((e) => e.raisedAt)[0]).toBe(vnAt(oldEscalationDay, '08:00'));
  });
  it('refuses an extension asked after requests closed, three working days before the deadline (or its first day)', async () => {
    // The other commune asks only now, after its deadline: requests closed with the day it was issued.
    const late = env.client.workflow.getHandle(c2(id));
    const error = await late
      .executeUpdate(requestExtensionUpdate, { args: [{ v: 1, actor: actor('tp.d1.c2'), reason: 'Chờ số liệu', proposedDate: plusDays(proposed, 7) }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause as { type?: string; details?: Array<{ closedAt: string }> };
    expect(cause.type).toBe('EXTENSION_WINDOW_CLOSED');
    expect(Date.parse(cause.details![0]!.closedAt)).toBe(Date.parse(endOfVnDay(thursday)));
  });

  it('lets the district ask the late commune to explain, and keeps the answer on its timeline', async () => {
    const asked = await district().executeUpdate(requestExplanationUpdate, {
      args: [{ v: 1, actor: actor('tp.d1'), question: 'Vì sao chưa gửi báo cáo?' }],
    });
    expect(asked.number).toBe(1);
    const answered = await district().executeUpdate(answerExplanationUpdate, {
      args: [{ v: 1, actor: actor('tp.d1.c1'), answer: 'Mất điện hai ngày, sẽ gửi trong hôm nay.' }],
    });
    expect(answered.answer).toBe('Mất điện hai ngày, sẽ gửi trong hôm nay.');
    const kinds = (await repos.events.forAssignment(c1(id))).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['extension.request', 'extension.approved', 'explanation.request', 'explanation.answer']));
  });
});

describe('a missed acknowledgement across Tết', () => {
  // Issued on the last working day before the next Tết break (its days computed by the Labour Code
  // rule where the government's own list is not in the override table): due after the break.
  const id = 'tp.2027.7';

  it('falls due after the break, and escalates on the first working morning after that', async () => {
    const tet = nextTetBreak(calendar, await now());
    const ackDay = addWorkingDays(calendar, tet.eve, 1);
    expect(ackDay).toBe(tet.firstWorkingDay);
    expect(ackDay > plusDays(tet.tet, 3)).toBe(true);
    await skipTo(vnAt(tet.eve, '10:00'));
    await issue(directive(id, tet.eve));
    expect(await repos.lifecycle.deadlinesOf(c1(id))).toMatchObject({ acknowledgeBy: endOfVnDay(ackDay) });
    await env.client.workflow.getHandle(c2(id)).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: actor('tp.d1.c2') }] });

    // Nothing reaches the district during the holiday, nor the commune before the first working morning.
    await skipTo(vnAt(tet.lastDayOff, '12:00'));
    expect(await repos.escalations.forAssignment(c1(id))).toEqual([]);
    for (const event of await repos.events.forAssignment(c1(id))) {
      expect(Date.parse(event.at)).toBeGreaterThanOrEqual(Date.parse(vnAt(ackDay, '08:00')));
    }

    const escalationDay = addWorkingDays(calendar, ackDay, 1);
    await skipTo(vnAt(escalationDay, '09:00'));
    expect((await repos.escalations.forAssignment(c1(id))).map((e) => [e.recipientUnitId, e.raisedAt])).toEqual([
      ['tp.d1', vnAt(escalationDay, '08:00')],
    ]);
  });
});
