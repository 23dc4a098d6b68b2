import { describe, expect, it } from 'vitest';
import { addWorkingDays, holidaysOf, vietnamCalendar } from '@chidao/domain';
import { acknowledgeUpdate, amendAcknowledgementUpdate, amendDirectiveDeadlineUpdate, assignmentWorkflowId, directiveWorkflowId, setChildDeadlineUpdate, startCalendarChange, submitReportUpdate } from './index';
import { endOfVnDay, eventually, nextCleanWeeks, plusDays, vnAt } from '@chidao/testing';
import { env, repos, directive, calendar, skipTo, now, dmy, c1, c2, actor, issue, taskQueue, useTimerServer } from './timers-harness';

/** Timer paths on the time-skipping server (timers-harness.ts): deadlines moved from above while running, weekly progress reports. */
useTimerServer({
  runs: {
    'amended-district': assignmentWorkflowId('tp.2027.8', 'tp.d1'),
    'amended-commune': c1('tp.2027.8'),
    'progress-commune': c1('tp.2027.9'),
    'progress-late-commune': c2('tp.2027.9'),
    'ack-amended-directive': directiveWorkflowId('tp.2027.10'),
    'ack-amended-commune': c1('tp.2027.10'),
    'calendar-replanned-commune': c1('tp.2027.11'),
    'partial-report-commune': c1('tp.2027.12'),
    'early-task-commune': c1('tp.2027.13'),
  },
});

describe('deadlines set from above while running', () => {
  // Issued on a Monday of four weeks without a holiday, reports due nine working days later (the
  // Friday after next); the district asks its communes for two working days earlier; the issuer then
  // gives everyone five working days more.
  const id = 'tp.2027.8';
  const d1 = () => env.client.workflow.getHandle(assignmentWorkflowId(id, 'tp.d1'));
  const reportBy = async (workflowId: string) => (await repos.lifecycle.deadlinesOf(workflowId))?.reportBy;

  it('a district gives its communes an earlier internal deadline; the issuer then moves everyone', async () => {
    const monday = nextCleanWeeks(calendar, await now(), 4);
    const due = addWorkingDays(calendar, monday, 9);
    const communesDue = plusDays(due, -2);
    const amended = addWorkingDays(calendar, due, 5);
    await skipTo(vnAt(monday, '09:00'));
    await issue({
      ...directive(id, monday),
      targets: [{ text: `đến ngày ${dmy(due)} …`, value: 60, unit: 'percent', metric: 'smartphoneUsers', due }],
    });
    expect(await reportBy(c1(id))).toBe(endOfVnDay(due));

    const set = await d1().executeUpdate(setChildDeadlineUpdate, {
      args: [{ v: 1, actor: actor('tp.d1'), reportDate: communesDue, instructions: 'Các xã báo cáo trước để huyện tổng hợp.' }],
    });
    expect(set.assignments).toBe(2);
    // Each commune's workflow records its new deadline in its own time: wait for both.
    for (const commune of [c1(id), c2(id)]) await eventually(async () => expect(await reportBy(commune)).toBe(endOfVnDay(communesDue)));
    expect(await reportBy(assignmentWorkflowId(id, 'tp.d1'))).toBe(endOfVnDay(due));

    // Later than what the district itself owes: refused.
    const late = await d1()
      .executeUpdate(setChildDeadlineUpdate, { args: [{ v: 1, actor: actor('tp.d1'), reportDate: addWorkingDays(calendar, due, 1), instructions: 'x' }] })
      .catch((e: unknown) => e);
    expect((late as { cause?: { type?: string } }).cause?.type).toBe('INVALID_INPUT');

    await env.client.workflow
      .getHandle(directiveWorkflowId(id))
      .executeUpdate(amendDirectiveDeadlineUpdate, { args: [{ v: 1, actor: actor('tp'), reportDate: amended, reason: 'Gia hạn chung theo chỉ đạo của tỉnh.' }] });
    for (const workflowId of [assignmentWorkflowId(id, 'tp.d1'), c1(id), c2(id)]) {
      await eventually(async () => expect(await reportBy(workflowId)).toBe(endOfVnDay(amended)));
    }

    // No report escalation under the deadlines that no longer apply (both would have fired by now)…
    await skipTo(vnAt(addWorkingDays(calendar, due, 2), '09:00'));
    expect((await repos.escalations.forAssignment(c1(id))).filter((e) => e.reason === 'report_overdue')).toEqual([]);
    // …and one the morning after the amended one.
    const escalationDay = addWorkingDays(calendar, amended, 1);
    await skipTo(vnAt(escalationDay, '09:00'));
    expect((await repos.escalations.forAssignment(c1(id))).filter((e) => e.reason === 'report_overdue').map((e) => e.raisedAt)).toEqual([
      vnAt(escalationDay, '08:00'),
    ]);
  });
});

describe('progress reports every week until the final report', () => {
  // Issued on a Monday of four weeks without a holiday, the target on the third Friday after:
  // progress reports on the two Fridays before it.
  const id = 'tp.2027.9';
  let monday: string;
  /** The scenario's days, counted from its Monday. */
  const day = (n: number): string => plusDays(monday, n);
  const report = (unitId: string, installs: number, extra: { period?: number; final?: boolean } = {}) =>
    env.client.workflow.getHandle(assignmentWorkflowId(id, unitId)).executeUpdate(submitReportUpdate, {
      args: [{ v: 1, actor: actor(unitId), report: { figures: { installs, smartphoneUsers: 1_000 }, narrative: 'Tiến độ tuần.', ...extra } }],
    });
  const progressEscalations = async (workflowId: string) =>
    (await repos.escalations.forAssignment(workflowId)).filter((e) => e.reason === 'progress_overdue').map((e) => [e.raisedAt, e.dueAt, e.state]);

  it('asks for each period by its Friday, and escalates a missed one like any deadline', async () => {
    monday = nextCleanWeeks(calendar, await now(), 4);
    await skipTo(vnAt(day(0), '09:00'));
    await issue({
      ...directive(id, day(0)),
      metrics: [
        { key: 'installs', label: 'Lượt cài đặt', cumulative: true },
        { key: 'smartphoneUsers', label: 'Người dùng điện thoại thông minh', cumulative: false },
      ],
      rates: [{ key: 'rate', label: 'Tỷ lệ', numerator: 'installs', denominator: 'smartphoneUsers', targetPercent: 60 }],
      targets: [{ text: `đến ngày ${dmy(day(18))}, 60% …`, value: 60, unit: 'percent', metric: 'smartphoneUsers', due: day(18) }],
      tracking: { progressReports: { type: 'weekly', weekday: 5 } },
    });
    expect((await repos.lifecycle.periodsOf(c1(id))).map((p) => [p.period, p.dueBy, p.reportedVersion])).toEqual([
      [1, endOfVnDay(day(4)), null],
      [2, endOfVnDay(day(11)), null],
    ]);

    // The first commune reports on Thursday: its report answers period 1.
    await skipTo(vnAt(day(3), '10:00'));
    const first = await report('tp.d1.c1', 300);
    expect(first.report.period).toBe(1);
    await env.client.workflow.getHandle(c2(id)).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: actor('tp.d1.c2') }] });

    // Monday morning: the district hears about the commune that sent nothing for Friday, not the other.
    await skipTo(vnAt(day(7), '09:00'));
    expect(await progressEscalations(c1(id))).toEqual([]);
    expect(await progressEscalations(c2(id))).toEqual([[vnAt(day(7), '08:00'), endOfVnDay(day(4)), 'open']]);
    expect((await repos.escalations.forAssignment(c2(id)))[0]).toMatchObject({ recipientUnitId: 'tp.d1', level: 'parent' });

    // Its late report answers period 1 and resolves what it raised; period 2 is still owed.
    const late = await report('tp.d1.c2', 200);
    expect(late.report.period).toBe(1);
    expect((await progressEscalations(c2(id))).map((e) => e[2])).toEqual(['resolved']);
    expect((await repos.lifecycle.periodsOf(c2(id))).map((p) => p.reportedVersion)).toEqual([1, null]);
  });

  it('keeps the final report separate: progress reports do not answer it', async () => {
    // The first commune reports for period 2 on time and names it.
    await skipTo(vnAt(day(11), '10:00'));
    expect((await report('tp.d1.c1', 500, { period: 2 })).report.period).toBe(2);

    await skipTo(vnAt(day(14), '09:00'));
    expect(await progressEscalations(c1(id))).toEqual([]);
    expect((await progressEscalations(c2(id))).map((e) => e.slice(0, 2))).toEqual([
      [vnAt(day(7), '08:00'), endOfVnDay(day(4))],
      [vnAt(day(14), '08:00'), endOfVnDay(day(11))],
    ]);

    // After the target date, the first commune that only sent progress reports still owes the final one…
    await skipTo(vnAt(day(21), '09:00'));
    const overdue = (await repos.escalations.forAssignment(c1(id))).filter((e) => e.reason === 'report_overdue');
    expect(overdue.map((e) => [e.raisedAt, e.dueAt])).toEqual([[vnAt(day(21), '08:00'), endOfVnDay(day(18))]]);
    // …and its final report answers it.
    expect((await report('tp.d1.c1', 650, { final: true })).report.period).toBeUndefined();
    expect((await repos.escalations.forAssignment(c1(id))).filter((e) => e.state !== 'resolved').map((e) => [e.reason, e.id])).toEqual([]);
  });
});

describe('the issuer moves the acknowledgement window', () => {
  // Issued on a Monday of a week without a holiday: acknowledge by the end of Tuesday; the issuer
  // gives until Thursday.
  const id = 'tp.2027.10';
  let monday: string;
  /** The scenario's days, counted from its Monday. */
  const day = (n: number): string => plusDays(monday, n);

  it('moves the running acknowledgement timers of the units that have not acknowledged', async () => {
    monday = nextCleanWeeks(calendar, await now(), 1);
    await skipTo(vnAt(day(0), '09:00'));
    await issue(directive(id, day(0)));
    expect(await repos.lifecycle.deadlinesOf(c1(id))).toMatchObject({ acknowledgeBy: endOfVnDay(day(1)) });
    await env.client.workflow.getHandle(c2(id)).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: actor('tp.d1.c2') }] });

    const bad = await env.client.workflow
      .getHandle(directiveWorkflowId(id))
      .executeUpdate(amendAcknowledgementUpdate, { args: [{ v: 1, actor: actor('tp'), acknowledgeDate: day(-6), reason: 'x' }] })
      .catch((e: unknown) => e);
    expect((bad as { cause?: { type?: string } }).cause?.type).toBe('INVALID_INPUT');
    const amended = await env.client.workflow
      .getHandle(directiveWorkflowId(id))
      .executeUpdate(amendAcknowledgementUpdate, { args: [{ v: 1, actor: actor('tp'), acknowledgeDate: day(3), reason: 'Văn bản đến chậm.' }] });
    expect(amended.assignments).toBe(1);
    for (const workflowId of [assignmentWorkflowId(id, 'tp.d1'), c1(id)]) {
      await eventually(async () => expect((await repos.lifecycle.deadlinesOf(workflowId))?.acknowledgeBy).toBe(endOfVnDay(day(3))));
    }
    // The unit that had acknowledged keeps its window.
    expect((await repos.lifecycle.deadlinesOf(c2(id)))?.acknowledgeBy).toBe(endOfVnDay(day(1)));

    // Wednesday morning: the old window would have escalated; the new one does not.
    await skipTo(vnAt(day(2), '09:00'));
    expect(await repos.escalations.forAssignment(c1(id))).toEqual([]);
    // Friday morning, after the new window: the district is told.
    await skipTo(vnAt(day(4), '09:00'));
    expect((await repos.escalations.forAssignment(c1(id))).map((e) => [e.reason, e.recipientUnitId, e.raisedAt, e.dueAt])).toEqual([
      ['acknowledge_overdue', 'tp.d1', vnAt(day(4), '08:00'), endOfVnDay(day(3))],
    ]);
    expect((await repos.events.forAssignment(c1(id))).map((e) => e.kind)).toContain('acknowledgement.amended');
  });
});

describe('a year of the calendar changed while running', () => {
  // Issued on a Monday of four weeks without a holiday: one working day to acknowledge (Tuesday), five
  // to report (the next Monday). At 10:00 an administrator declares that week's Tuesday and Thursday
  // days off, as a late announcement would.
  const id = 'tp.2027.11';

  it('re-plans the running deadlines by the new days off: the acknowledgement moves to Wednesday, the escalation to Friday', async () => {
    const monday = nextCleanWeeks(calendar, await now(), 4);
    const [tuesday, thursday] = [plusDays(monday, 1), plusDays(monday, 3)];
    await skipTo(vnAt(monday, '09:00'));
    await issue({ ...directive(id, monday), tracking: { reportBy: { type: 'workingDays', days: 5 } } });
    expect(await repos.lifecycle.deadlinesOf(c1(id))).toMatchObject({ acknowledgeBy: endOfVnDay(tuesday), reportBy: endOfVnDay(addWorkingDays(calendar, monday, 5)) });

    await skipTo(vnAt(monday, '10:00'));
    const years = [...new Set([tuesday, thursday].map((d) => Number(d.slice(0, 4))))];
    const changed = vietnamCalendar(years.map((year) => ({ year, daysOff: [...holidaysOf(calendar, year), ...[tuesday, thursday].filter((d) => d.startsWith(`${year}-`))] })));
    const audit = (year: number) => () => ({ actor: null, action: 'calendar.set_year', entityType: 'calendar_year', entityId: String(year) });
    try {
      for (const year of years) {
        await repos.calendar.setYear(changed.overrides.get(year)!, audit(year));
        await startCalendarChange(env.client, taskQueue, year, `${id}-test`);
      }
      // Every assignment of the directive re-plans by the new calendar, from the same issue instant.
      const ackBy = endOfVnDay(addWorkingDays(changed, monday, 1));
      const reportBy = endOfVnDay(addWorkingDays(changed, monday, 5));
      expect(ackBy).toBe(endOfVnDay(plusDays(monday, 2)));
      for (const workflowId of [assignmentWorkflowId(id, 'tp.d1'), c1(id), c2(id)]) {
        await eventually(async () => expect(await repos.lifecycle.deadlinesOf(workflowId)).toMatchObject({ acknowledgeBy: ackBy, reportBy }));
      }
      // The new deadlines and the timeline's event are written by two activities that run side by side.
      await eventually(async () => expect((await repos.events.forAssignment(c1(id))).filter((e) => e.kind === 'deadline.replanned')).toHaveLength(1));

      // Wednesday 09:00, when the old calendar escalated the missing acknowledgement: nothing now…
      await skipTo(vnAt(plusDays(monday, 2), '09:00'));
      const ackEscalations = async () => (await repos.escalations.forAssignment(c1(id))).filter((e) => e.reason === 'acknowledge_overdue').map((e) => e.raisedAt);
      expect(await ackEscalations()).toEqual([]);
      // …but the next working morning after the new deadline (Thursday is off): Friday 08:00, once.
      const friday = addWorkingDays(changed, plusDays(monday, 2), 1);
      expect(friday).toBe(plusDays(monday, 4));
      await skipTo(vnAt(friday, '09:00'));
      await eventually(async () => expect(await ackEscalations()).toEqual([vnAt(friday, '08:00')]));

      // Telling the same change again re-plans nothing and records nothing more.
      for (const year of years) await startCalendarChange(env.client, taskQueue, year, `${id}-test`);
      await skipTo(vnAt(friday, '10:00'));
      expect((await repos.events.forAssignment(c1(id))).filter((e) => e.kind === 'deadline.replanned')).toHaveLength(1);
    } finally {
      for (const year of years) await repos.calendar.setYear({ year, daysOff: holidaysOf(calendar, year), workingWeekends: calendar.overrides.get(year)?.workingWeekends ?? [] }, audit(year));
    }
  });
});

/** Every commune of the test province, as a task's assignees. */
const COMMUNES = { type: 'level' as const, level: 'commune', kinds: ['people_committee' as const] };

/** A commune's report on its tasks alone (the scenarios below ask for no figures). */
const reportTasks = (id: string, unitId: string, tasks: Record<string, { done: boolean }>) =>
  env.client.workflow.getHandle(assignmentWorkflowId(id, unitId)).executeUpdate(submitReportUpdate, {
    args: [{ v: 1, actor: actor(unitId), report: { figures: {}, narrative: 'Kết quả.', tasks } }],
  });

describe('a report that leaves one of its tasks open', () => {
  // Issued on a Monday of two weeks without a holiday with two tasks, the report due on Wednesday. One
  // commune reports on Tuesday with task 2 still open, the other with both done.
  const id = 'tp.2027.12';
  const report = (unitId: string, tasks: Record<string, { done: boolean }>) => reportTasks(id, unitId, tasks);
  const reportEscalations = async (workflowId: string) =>
    (await repos.escalations.forAssignment(workflowId)).filter((e) => e.reason === 'report_overdue').map((e) => [e.raisedAt, e.state]);

  it('keeps the unit chased for it after the deadline, and stops once it is done', async () => {
    const monday = nextCleanWeeks(calendar, await now(), 2);
    const due = plusDays(monday, 2);
    await skipTo(vnAt(monday, '09:00'));
    await issue({
      ...directive(id, monday),
      tasks: [
        { id: 't1', text: 'Triển khai.', assignees: [COMMUNES] },
        { id: 't2', text: 'Tuyên truyền.', assignees: [COMMUNES] },
      ],
      targets: [{ text: `đến ngày ${dmy(due)}`, value: 60, unit: 'percent', metric: 'smartphoneUsers', due }],
    });
    await skipTo(vnAt(plusDays(monday, 1), '10:00'));
    await report('tp.d1.c1', { t1: { done: true }, t2: { done: false } });
    await report('tp.d1.c2', { t1: { done: true }, t2: { done: true } });

    // The morning after the deadline: the district hears of the commune whose task 2 is still open, not of the other.
    const escalationDay = addWorkingDays(calendar, due, 1);
    await skipTo(vnAt(escalationDay, '09:00'));
    expect(await reportEscalations(c1(id))).toEqual([[vnAt(escalationDay, '08:00'), 'open']]);
    expect(await reportEscalations(c2(id))).toEqual([]);

    // Task 2 done: the escalation about it is resolved.
    await report('tp.d1.c1', { t2: { done: true } });
    await eventually(async () => expect((await reportEscalations(c1(id))).map((e) => e[1])).toEqual(['resolved']));
  });
});

describe('a task due before the report', () => {
  // Issued on a Monday of two weeks without a holiday: task 2 due the next day (Tuesday), the report
  // due on Friday of the following week. One commune marks task 2 done on Tuesday; the other does not.
  const id = 'tp.2027.13';
  const report = (unitId: string, tasks: Record<string, { done: boolean }>) => reportTasks(id, unitId, tasks);
  const taskEscalations = async (workflowId: string) =>
    (await repos.escalations.forAssignment(workflowId)).filter((e) => e.reason === 'task_overdue').map((e) => [e.raisedAt, e.dueAt, e.state]);

  it('escalates the unit that missed the task’s own deadline, and resolves it when the task is done', async () => {
    const monday = nextCleanWeeks(calendar, await now(), 2);
    const taskDue = plusDays(monday, 1);
    const reportDue = plusDays(monday, 11);
    await skipTo(vnAt(monday, '09:00'));
    await issue({
      ...directive(id, monday),
      tasks: [
        { id: 't1', text: 'Triển khai.', assignees: [COMMUNES] },
        { id: 't2', text: 'Báo cáo nhanh danh sách.', assignees: [COMMUNES], due: { type: 'date', date: taskDue } },
      ],
      targets: [{ text: `đến ngày ${dmy(reportDue)}`, value: 60, unit: 'percent', metric: 'smartphoneUsers', due: reportDue }],
    });
    await skipTo(vnAt(taskDue, '10:00'));
    await report('tp.d1.c2', { t1: { done: false }, t2: { done: true } });

    // The morning after task 2's day: the district hears of the commune that has not done it.
    const escalationDay = addWorkingDays(calendar, taskDue, 1);
    await skipTo(vnAt(escalationDay, '09:00'));
    expect(await taskEscalations(c1(id))).toEqual([[vnAt(escalationDay, '08:00'), endOfVnDay(taskDue), 'open']]);
    expect(await taskEscalations(c2(id))).toEqual([]);
    // Nothing about the report yet: its day is next week.
    expect((await repos.escalations.forAssignment(c1(id))).filter((e) => e.reason === 'report_overdue')).toEqual([]);

    // Task 2 done: its escalation is resolved; task 1 stays open until the report's day.
    await report('tp.d1.c1', { t1: { done: false }, t2: { done: true } });
    await eventually(async () => expect((await taskEscalations(c1(id))).map((e) => e[2])).toEqual(['resolved']));
  });
});
