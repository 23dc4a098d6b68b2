import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, localDateOf, PERIODS_AHEAD } from '@chidao/domain';
import { assignmentSnapshotQuery, assignmentWorkflowId, directiveWorkflowId, endProgressReportsUpdate, forwardUpdate, startDirective, submitReportUpdate } from './index';
import { endOfVnDay, eventually, nextDayWhere, nextTetBreak, plusDays, vnAt } from '@chidao/testing';
import { env, repos, directive, calendar, skipTo, now, dmy, c1, c2, actor, codeOf, issue, previousRun, taskQueue, useTimerServer } from './timers-harness';

/**
 * Periodic reports by the calendar (Nghị định 09/2019) on the time-skipping server
 * (timers-harness.ts): a monthly regime across a year end and Tết, and one that goes on past the
 * final deadline until the issuer ends it.
 */
useTimerServer({
  runs: {
    'monthly-tet-commune': c2('tp.2027.20'),
    'until-ended-directive': directiveWorkflowId('tp.2027.21'),
    'forwarded-after-end-district': assignmentWorkflowId('tp.2027.22', 'tp.d1'),
  },
  continued: [['until-ended-commune', c2('tp.2027.21')]],
});

/** A day of the month: yyyy-MM-dd → its day number. */
const dayOfMonth = (date: string): number => Number(date.slice(8));

describe('a monthly regime whose periods cross a year end and Tết', () => {
  // Issued on the first working day from 2 November before the next Tết: figures from the 15th to
  // the 14th, due on a day of the month that Tết's break holds, so one period falls due in it.
  const id = 'tp.2027.20';
  const progressEscalations = async (workflowId: string) =>
    (await repos.escalations.forAssignment(workflowId)).filter((e) => e.reason === 'progress_overdue').map((e) => [e.raisedAt, e.dueAt]);

  it('asks for each month’s figures by its due day, moved past Tết; reminds and escalates only on working days', async () => {
    const november = nextDayWhere(await now(), (d) => d.slice(5) === '11-02', '2 November');
    const tet = nextTetBreak(calendar, Date.parse(`${november}T00:00:00+07:00`));
    // A day of the break that every month has and that is not the cut-off day.
    let hit = tet.firstDayOff;
    while (dayOfMonth(hit) > 28 || dayOfMonth(hit) === 14) hit = plusDays(hit, 1);
    expect(hit <= tet.lastDayOff).toBe(true);
    const issued = addWorkingDays(calendar, november, 0);
    const year = Number(tet.tet.slice(0, 4));
    // The final report a month and a half after Tết.
    const finalDue = `${year}-03-31`;
    await skipTo(vnAt(issued, '09:00'));
    await issue({
      ...directive(id, issued),
      metrics: [{ key: 'smartphoneUsers', label: 'Người dùng điện thoại thông minh', cumulative: false }],
      targets: [{ text: `đến ngày ${dmy(finalDue)} …`, value: 60, unit: 'percent', metric: 'smartphoneUsers', due: finalDue }],
      tracking: { progressReports: { type: 'monthly', cutOffDay: 14, dueDay: dayOfMonth(hit) } },
    });

    const periods = await repos.lifecycle.periodsOf(c2(id));
    // The period across the year end covers 15/12 to 14/01.
    const yearEnd = periods.find((p) => p.window?.to === `${year}-01-14`);
    expect(yearEnd?.window).toEqual({ from: `${year - 1}-12-15`, to: `${year}-01-14` });
    // The one due in Tết's break falls due on the first working day after it.
    const dueInBreak = periods.filter((p) => p.dueBy === endOfVnDay(tet.firstWorkingDay));
    expect(dueInBreak).toHaveLength(1);
    // Every due day a working day, each window starting the day after the previous one ended.
    for (const [i, p] of periods.entries()) {
      expect(isWorkingDay(calendar, localDateOf(p.dueBy))).toBe(true);
      if (i > 0) expect(p.window?.from).toBe(plusDays(periods[i - 1]!.window!.to, 1));
    }

    // The first commune reports for that period on the eve of the break; the second says nothing.
    const tetPeriod = dueInBreak[0]!.period;
    await skipTo(vnAt(tet.eve, '10:00'));
    const report = await env.client.workflow.getHandle(c1(id)).executeUpdate(submitReportUpdate, {
      args: [{ v: 1, actor: actor('tp.d1.c1'), report: { figures: { smartphoneUsers: 1_000 }, narrative: 'Số liệu tháng.', period: tetPeriod } }],
    });
    expect(report.report.period).toBe(tetPeriod);

    // Through the break: nothing about that period until the morning after its moved due day.
    const escalated = addWorkingDays(calendar, tet.firstWorkingDay, 1);
    await skipTo(vnAt(tet.lastDayOff, '12:00'));
    expect((await progressEscalations(c2(id))).filter(([, due]) => due === endOfVnDay(tet.firstWorkingDay))).toEqual([]);
    await skipTo(vnAt(escalated, '09:00'));
    expect((await progressEscalations(c2(id))).filter(([, due]) => due === endOfVnDay(tet.firstWorkingDay))).toEqual([[vnAt(escalated, '08:00'), endOfVnDay(tet.firstWorkingDay)]]);
    expect((await progressEscalations(c1(id))).filter(([, due]) => due === endOfVnDay(tet.firstWorkingDay))).toEqual([]);

    // Every reminder and escalation of the silent commune, across the year end and Tết, on a working day.
    const alarms = (await repos.events.forAssignment(c2(id))).filter((e) => e.kind === 'reminder' || e.kind === 'escalation');
    expect(alarms.filter((e) => e.data.deadline === 'progress').length).toBeGreaterThan(periods.filter((p) => p.dueBy < vnAt(escalated, '09:00')).length);
    for (const e of alarms) expect([e.key, isWorkingDay(calendar, localDateOf(e.at))]).toEqual([e.key, true]);
  });
});

describe('a monthly regime until the issuer ends it (cho đến khi có chỉ đạo khác)', () => {
  // Issued on a working day, the final report due six weeks later; progress monthly (figures to the
  // 14th, due the 20th) for as long as the issuer wants them. One escalation step per period keeps
  // the months of alarms few; a short history limit makes the assignments continue as new.
  const id = 'tp.2027.21';
  const progressDue = async (workflowId: string) =>
    (await repos.escalations.forAssignment(workflowId)).filter((e) => e.reason === 'progress_overdue').map((e) => e.dueAt);
  let issued: string;
  let finalDue: string;

  it('goes on after the final report, past the periods first planned and across a continue-as-new', async () => {
    issued = addWorkingDays(calendar, nextDayWhere(await now(), () => true, 'tomorrow'), 0);
    finalDue = plusDays(issued, 42);
    await skipTo(vnAt(issued, '09:00'));
    const d = {
      ...directive(id, issued),
      metrics: [{ key: 'smartphoneUsers', label: 'Người dùng điện thoại thông minh', cumulative: false }],
      targets: [{ text: `đến ngày ${dmy(finalDue)} …`, value: 60, unit: 'percent' as const, metric: 'smartphoneUsers', due: finalDue }],
      tracking: {
        progressReports: { type: 'monthly' as const, cutOffDay: 14, dueDay: 20, untilEnded: true },
        reminders: { fractions: [], workingDaysBefore: [] },
        escalation: { steps: [{ afterWorkingDays: 1, action: 'escalate_parent' as const }] },
      },
    };
    await repos.directives.save(d, directiveWorkflowId(id));
    await startDirective(env.client, taskQueue, id, { historyLimit: 60 });
    await eventually(async () => expect((await repos.lifecycle.periodsOf(c2(id))).length).toBe(PERIODS_AHEAD));
    const first = await repos.lifecycle.periodsOf(c2(id));
    expect(first.some((p) => p.afterFinal)).toBe(true);

    // The first commune sends its final report on time and it stands; its monthly reports go on after it.
    const c1Handle = env.client.workflow.getHandle(c1(id));
    const send = (figures: number, extra: { final?: boolean; period?: number }) =>
      c1Handle.executeUpdate(submitReportUpdate, { args: [{ v: 1, actor: actor('tp.d1.c1'), report: { figures: { smartphoneUsers: figures }, narrative: 'Báo cáo.', ...extra } }] });
    await skipTo(vnAt(plusDays(finalDue, -1), '10:00'));
    expect((await send(900, { final: true })).report.period).toBeUndefined();

    // Fourteen months on: more than PERIODS_AHEAD / 2 periods have fallen due, so the plan went on.
    const later = plusDays(issued, 14 * 31);
    await skipTo(vnAt(later, '09:00'));
    await eventually(async () => expect((await repos.lifecycle.periodsOf(c2(id))).length).toBeGreaterThan(PERIODS_AHEAD));
    const periods = await repos.lifecycle.periodsOf(c2(id));
    // Numbered on without a gap, each window after the one before.
    expect(periods.map((p) => p.period)).toEqual(periods.map((_, i) => i + 1));
    for (const [i, p] of periods.entries()) if (i > 0) expect(p.window?.from).toBe(plusDays(periods[i - 1]!.window!.to, 1));

    // The silent commune is escalated for every period that fell due, those after the final deadline too.
    const owed = periods.filter((p) => addWorkingDays(calendar, localDateOf(p.dueBy), 1) <= later).map((p) => p.dueBy);
    expect(owed.length).toBeGreaterThan(12);
    await eventually(async () => expect((await progressDue(c2(id))).sort()).toEqual(owed));
    // The first commune's final report still answers the report deadline after its monthly reports.
    const afterFinal = periods.find((p) => p.afterFinal && p.dueBy > new Date(Date.parse(vnAt(later, '09:00'))).toISOString())!;
    expect((await send(950, { period: afterFinal.period })).report.period).toBe(afterFinal.period);
    expect((await repos.escalations.forAssignment(c1(id))).filter((e) => e.reason === 'report_overdue')).toEqual([]);

    // The history stayed short: the commune's workflow continued as new, carrying where it stood.
    expect(await previousRun(c2(id))).not.toBeNull();
    expect((await env.client.workflow.getHandle(c2(id)).query(assignmentSnapshotQuery)).run).toBeGreaterThan(1);
  });

  it('stops when the issuer ends it: no period after the end, no alarm for one', async () => {
    const directiveHandle = env.client.workflow.getHandle(directiveWorkflowId(id));
    // Not the issuer: refused.
    const foreign = await directiveHandle.executeUpdate(endProgressReportsUpdate, { args: [{ v: 1, actor: actor('tp.d1'), reason: 'x' }] }).catch((e: unknown) => e);
    expect(codeOf(foreign)).toBe('OUT_OF_SCOPE');
    const ended = await directiveHandle.executeUpdate(endProgressReportsUpdate, { args: [{ v: 1, actor: actor('tp'), reason: 'Đã đạt mục tiêu, dừng báo cáo định kỳ.' }] });
    expect(ended.assignments).toBeGreaterThan(0);
    const endDay = localDateOf(ended.endedAt);
    for (const workflowId of [assignmentWorkflowId(id, 'tp.d1'), c1(id), c2(id)]) {
      await eventually(async () => expect((await repos.events.forAssignment(workflowId)).map((e) => e.kind)).toContain('progress.ended'));
    }
    // Periods whose figures closed by the end are kept; none after.
    const periods = await repos.lifecycle.periodsOf(c2(id));
    expect(periods.every((p) => p.window!.to <= endDay)).toBe(true);
    const last = periods.at(-1)!;
    expect(plusDays(last.window!.to, 31) > endDay).toBe(true);
    // Ending twice: refused.
    const again = await directiveHandle.executeUpdate(endProgressReportsUpdate, { args: [{ v: 1, actor: actor('tp'), reason: 'x' }] }).catch((e: unknown) => e);
    expect(codeOf(again)).toBe('ILLEGAL_TRANSITION');

    // Three months on: escalations at most for the periods kept, none after.
    await skipTo(vnAt(plusDays(endDay, 92), '09:00'));
    const due = (await progressDue(c2(id))).sort();
    expect(due.at(-1)).toBe(last.dueBy);
    expect(due.every((d) => d <= last.dueBy)).toBe(true);
  });
});

describe('a unit forwards the task after the issuer ended the periodic reports', () => {
  // A directive to the district chairs only, monthly until ended; the issuer ends it, then the
  // district passes the task to a commune, which owes no period after the end.
  const id = 'tp.2027.22';
  const d1 = () => env.client.workflow.getHandle(assignmentWorkflowId(id, 'tp.d1'));

  it('the commune it forwards to inherits the end', async () => {
    const issued = addWorkingDays(calendar, nextDayWhere(await now(), () => true, 'tomorrow'), 0);
    const finalDue = plusDays(issued, 60);
    await skipTo(vnAt(issued, '09:00'));
    await repos.directives.save(
      {
        ...directive(id, issued),
        recipients: [{ text: 'Chủ tịch UBND các huyện.', group: { type: 'level', level: 'district', kinds: ['people_committee'] } }],
        tasks: [{ id: 't1', text: 'Chỉ đạo các xã báo cáo hằng tháng.', assignees: [{ type: 'level', level: 'district', kinds: ['people_committee'] }] }],
        targets: [{ text: `đến ngày ${dmy(finalDue)} …`, value: 60, unit: 'percent', metric: 'smartphoneUsers', due: finalDue }],
        tracking: { progressReports: { type: 'monthly', cutOffDay: 14, dueDay: 20, untilEnded: true } },
      },
      directiveWorkflowId(id),
    );
    await startDirective(env.client, taskQueue, id);
    await eventually(async () => expect((await repos.lifecycle.periodsOf(assignmentWorkflowId(id, 'tp.d1'))).length).toBe(PERIODS_AHEAD));

    const ended = await env.client.workflow
      .getHandle(directiveWorkflowId(id))
      .executeUpdate(endProgressReportsUpdate, { args: [{ v: 1, actor: actor('tp'), reason: 'Dừng báo cáo định kỳ.' }] });
    const endDay = localDateOf(ended.endedAt);
    await eventually(async () => expect((await repos.events.forAssignment(assignmentWorkflowId(id, 'tp.d1'))).map((e) => e.kind)).toContain('progress.ended'));
    const kept = (await repos.lifecycle.periodsOf(assignmentWorkflowId(id, 'tp.d1'))).map((p) => p.period);

    await d1().executeUpdate(forwardUpdate, { args: [{ v: 1, actor: actor('tp.d1'), unitIds: ['tp.d1.c1'], reportDate: plusDays(finalDue, -7), instructions: 'Xã báo cáo.' }] });
    await eventually(async () => expect((await repos.lifecycle.deadlinesOf(c1(id)))?.reportBy).toBeTruthy());
    const periods = await repos.lifecycle.periodsOf(c1(id));
    // The same periods as the district's: those whose figures closed by the end, none after.
    expect(periods.map((p) => p.period)).toEqual(kept);
    expect(periods.every((p) => p.window!.to <= endDay)).toBe(true);
  });
});
