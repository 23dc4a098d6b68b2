import { describe, expect, it } from 'vitest';
import { planReorganisation, type Directive } from '@chidao/domain';
import { acknowledgeUpdate, amendDirectiveDeadlineUpdate, assignmentSnapshotQuery, assignmentWorkflowId, directiveSnapshotQuery, directiveWorkflowId, forwardUpdate, reassignUpdate, recallUpdate, reorganiseSignal, startDirective, submitReportUpdate } from './index';
import { endOfVnDay, eventually, nextCleanWeeks, plusDays, vnAt, vnDateOf } from '@chidao/testing';
import { env, repos, directive, calendar, skipTo, now, dmy, c1, c2, actor, issue, useTimerServer, codeOf, exists, previousRun, taskQueue } from './timers-harness';

/** Timer paths on the time-skipping server (timers-harness.ts): forwarding and reassigning, a reorganisation, continue-as-new, a recall. */
useTimerServer({
  runs: {
    'recall-directive': directiveWorkflowId('tp.2026.902'),
    'recall-district': assignmentWorkflowId('tp.2026.902', 'tp.d1'),
    'recall-commune': c1('tp.2026.902'),
    'forward-district': assignmentWorkflowId('tp.2027.11', 'tp.d1'),
    'forward-commune-reassigned': c1('tp.2027.11'),
    'reassigned-to-commune': c2('tp.2027.11'),
    'reorganised-directive': directiveWorkflowId('tp.2027.14'),
    'reorganised-district': assignmentWorkflowId('tp.2027.14', 'tp.d1'),
    'reorganised-escalated-commune': c1('tp.2027.14'),
    'reorganised-successor': assignmentWorkflowId('tp.2027.14', 'tpn.x1'),
  },
  continued: [
    ['continued-district', assignmentWorkflowId('tp.2027.12', 'tp.d1')],
    ['continued-commune', c1('tp.2027.12')],
    ['continued-directive', directiveWorkflowId('tp.2027.12')],
  ],
});

describe('forwarding to units the directive did not address, then reassigning one', () => {
  // A directive to the district chairs only, issued on a Monday of two weeks without a holiday; the
  // district reports by the Friday after next, and asks its communes for the Wednesday before.
  const id = 'tp.2027.11';
  let monday: string;
  /** The scenario's days, counted from its Monday. */
  const day = (n: number): string => plusDays(monday, n);
  const d1 = () => env.client.workflow.getHandle(assignmentWorkflowId(id, 'tp.d1'));
  const toDistricts = (): Directive => ({
    ...directive(id, day(0)),
    recipients: [{ text: 'Chủ tịch UBND các huyện.', group: { type: 'level', level: 'district', kinds: ['people_committee'] } }],
    tasks: [{ id: 't1', text: 'Chỉ đạo các xã triển khai.', assignees: [{ type: 'level', level: 'district', kinds: ['people_committee'] }] }],
    targets: [{ text: `đến ngày ${dmy(day(11))} …`, value: 60, unit: 'percent', metric: 'smartphoneUsers', due: day(11) }],
  });
  const forward = (unitIds: string[], extra: { reportDate?: string; acknowledgeDate?: string } = {}) =>
    d1().executeUpdate(forwardUpdate, {
      args: [{ v: 1, actor: actor('tp.d1'), unitIds, reportDate: day(9), acknowledgeDate: day(2), instructions: `Các xã báo cáo trước ngày ${dmy(day(9)).slice(0, 5)} để huyện tổng hợp.`, ...extra }],
    });
  const escalations = async (workflowId: string) =>
    (await repos.escalations.forAssignment(workflowId)).map((e) => [e.reason, e.recipientUnitId, e.raisedAt, e.state]);

  it('the district forwards to a commune: a real assignment with its terms, in the read model and the rollup', async () => {
    monday = nextCleanWeeks(calendar, await now(), 2);
    await skipTo(vnAt(day(0), '09:00'));
    await repos.directives.save(toDistricts(), directiveWorkflowId(id));
    await startDirective(env.client, taskQueue, id);
    await eventually(async () => expect((await repos.lifecycle.deadlinesOf(assignmentWorkflowId(id, 'tp.d1')))?.reportBy).toBe(endOfVnDay(day(11))));
    expect(await repos.assignments.statesForDirective(id)).toEqual([{ unitId: 'tp.d1', state: 'issued' }]);
    await d1().executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: actor('tp.d1') }] });

    expect(await forward(['tp.d1.c1'])).toEqual({ forwarded: ['tp.d1.c1'], already: [], reportDate: day(9) });
    await eventually(async () => expect((await repos.lifecycle.deadlinesOf(c1(id)))?.reportBy).toBe(endOfVnDay(day(9))));
    expect(await repos.assignments.get(c1(id))).toMatchObject({
      parentUnitId: 'tp.d1',
      state: 'issued',
      instructions: `Các xã báo cáo trước ngày ${dmy(day(9)).slice(0, 5)} để huyện tổng hợp.`,
      acknowledgeBy: endOfVnDay(day(2)),
      reportBy: endOfVnDay(day(9)),
    });
    expect((await repos.assignments.get(c1(id)))?.tasks.map((t) => t.id)).toEqual(['t1']);
    // Written by an activity after the set-up that recorded the deadlines.
    await eventually(async () => expect((await repos.events.forAssignment(c1(id))).map((e) => e.kind)).toContain('assignment.forwarded'));
    expect((await repos.assignments.forUnit('tp.d1.c1')).map((a) => a.id)).toContain(c1(id));
    expect((await d1().query(assignmentSnapshotQuery)).children).toEqual({ 'tp.d1.c1': 'issued' });
    // The district's rollup expects the commune now.
    expect((await repos.rollups.childrenOf(id, 'tp.d1')).map((c) => [c.unitId, c.totals.expected])).toEqual([['tp.d1.c1', 1]]);
  });

  it('refuses what it may not do, changing nothing; forwarding the same commune again is a no-op', async () => {
    // Not a unit directly below the district.
    expect(codeOf(await forward(['tp']).catch((e: unknown) => e))).toBe('UNIT_NOT_FOUND');
    expect(codeOf(await forward(['tp.d1.c2', 'tp.d2']).catch((e: unknown) => e))).toBe('UNIT_NOT_FOUND');
    // Later than the district's own deadline, or an acknowledgement day after the report day.
    expect(codeOf(await forward(['tp.d1.c2'], { reportDate: day(14) }).catch((e: unknown) => e))).toBe('INVALID_INPUT');
    expect(codeOf(await forward(['tp.d1.c2'], { acknowledgeDate: day(10) }).catch((e: unknown) => e))).toBe('INVALID_INPUT');
    // Another unit cannot forward the district's task.
    const outsider = await d1()
      .executeUpdate(forwardUpdate, { args: [{ v: 1, actor: actor('tp'), unitIds: ['tp.d1.c2'], reportDate: day(9), instructions: 'x' }] })
      .catch((e: unknown) => e);
    expect(codeOf(outsider)).toBe('NOT_ASSIGNEE');
    expect(await exists(c2(id))).toBe(false);
    expect(await forward(['tp.d1.c1'])).toEqual({ forwarded: [], already: ['tp.d1.c1'], reportDate: day(9) });
    expect(await repos.assignments.statesForDirective(id)).toHaveLength(2);
  });

  it("the forwarded commune's timers fire on its own terms and escalate to the district", async () => {
    // Wednesday was its last day to acknowledge: Thursday morning the district is told.
    await skipTo(vnAt(day(3), '09:00'));
    expect(await escalations(c1(id))).toEqual([['acknowledge_overdue', 'tp.d1', vnAt(day(3), '08:00'), 'open']]);
    expect((await repos.escalations.inbox('tp.d1')).filter((e) => e.directiveId === id).map((e) => e.unitId)).toEqual(['tp.d1.c1']);
  });

  it('the district reassigns the task to another commune: the old one ends, the new one runs on the same deadline', async () => {
    await skipTo(vnAt(day(4), '10:00'));
    // Only the assigning unit reassigns; not to a unit outside it, nor to the commune itself.
    const byIssuer = await env.client.workflow
      .getHandle(c1(id))
      .executeUpdate(reassignUpdate, { args: [{ v: 1, actor: actor('tp'), toUnitId: 'tp.d1.c2', reason: 'x' }] })
      .catch((e: unknown) => e);
    expect(codeOf(byIssuer)).toBe('OUT_OF_SCOPE');
    const outside = await env.client.workflow
      .getHandle(c1(id))
      .executeUpdate(reassignUpdate, { args: [{ v: 1, actor: actor('tp.d1'), toUnitId: 'tp', reason: 'x' }] })
      .catch((e: unknown) => e);
    expect(codeOf(outside)).toBe('UNIT_NOT_FOUND');
    expect((await repos.assignments.get(c1(id)))?.state).toBe('issued');

    const moved = await env.client.workflow
      .getHandle(c1(id))
      .executeUpdate(reassignUpdate, { args: [{ v: 1, actor: actor('tp.d1'), toUnitId: 'tp.d1.c2', reason: 'Xã Một sáp nhập vào xã Hai.' }] });
    expect(moved).toEqual({ fromUnitId: 'tp.d1.c1', toUnitId: 'tp.d1.c2', assignmentId: c2(id) });
    expect(await repos.assignments.get(c1(id))).toMatchObject({ state: 'reassigned', reassignedToUnitId: 'tp.d1.c2', reassignReason: 'Xã Một sáp nhập vào xã Hai.' });
    expect((await repos.assignments.get(c1(id)))?.closedAt).not.toBeNull();
    // What it had raised (the district on Thursday, the province this morning) is resolved; its workflow has ended.
    expect((await escalations(c1(id))).map((e) => [e[1], e[3]])).toEqual([
      ['tp.d1', 'resolved'],
      ['tp', 'resolved'],
    ]);
    await eventually(async () => expect((await env.client.workflow.getHandle(c1(id)).describe()).status.name).toBe('COMPLETED'));

    await eventually(async () => expect((await repos.lifecycle.deadlinesOf(c2(id)))?.reportBy).toBe(endOfVnDay(day(9))));
    expect(await repos.assignments.get(c2(id))).toMatchObject({
      parentUnitId: 'tp.d1',
      state: 'issued',
      reassignedFromUnitId: 'tp.d1.c1',
      instructions: `Các xã báo cáo trước ngày ${dmy(day(9)).slice(0, 5)} để huyện tổng hợp.`,
      // A fresh acknowledgement window from its own delivery: one working day, the end of the Monday after.
      acknowledgeBy: endOfVnDay(day(7)),
    });
    expect((await repos.assignments.get(c2(id)))?.tasks.map((t) => t.id)).toEqual(['t1']);
    await eventually(async () => expect((await d1().query(assignmentSnapshotQuery)).children).toEqual({ 'tp.d1.c1': 'reassigned', 'tp.d1.c2': 'issued' }));
    // The rollup counts the new commune, not the old one.
    expect((await repos.rollups.childrenOf(id, 'tp.d1')).map((c) => [c.unitId, c.totals.expected])).toEqual([
      ['tp.d1.c1', 0],
      ['tp.d1.c2', 1],
    ]);

    // Refused now: reassigning to a unit that holds an assignment already, forwarding to the old one again.
    const back = await env.client.workflow
      .getHandle(c2(id))
      .executeUpdate(reassignUpdate, { args: [{ v: 1, actor: actor('tp.d1'), toUnitId: 'tp.d1.c1', reason: 'x' }] })
      .catch((e: unknown) => e);
    expect(codeOf(back)).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(await forward(['tp.d1.c1'], { acknowledgeDate: day(7) }).catch((e: unknown) => e))).toBe('ILLEGAL_TRANSITION');
    expect(await forward(['tp.d1.c2'], { acknowledgeDate: day(7) })).toEqual({ forwarded: [], already: ['tp.d1.c2'], reportDate: day(9) });
  });

  it("the new commune's timers run and escalate to the district; the old one's stay silent", async () => {
    const before = (await repos.events.forAssignment(c1(id))).length;
    await skipTo(vnAt(day(10), '09:00'));
    expect(await escalations(c2(id))).toEqual([
      ['acknowledge_overdue', 'tp.d1', vnAt(day(8), '08:00'), 'open'],
      ['acknowledge_overdue', 'tp', vnAt(day(9), '08:00'), 'open'],
      ['report_overdue', 'tp.d1', vnAt(day(10), '08:00'), 'open'],
    ]);
    expect((await repos.events.forAssignment(c1(id))).length).toBe(before);
  });
});

describe('a reorganisation while the directive runs: both communes merged into one of a new province, the district gone', () => {
  // Issued on a Monday of two weeks without a holiday; c2 acknowledges, c1 does not and is escalated
  // to its district on Wednesday morning; at 10:00 that Wednesday the merge takes effect.
  const id = 'tp.2027.14';
  const SUCCESSOR = 'tpn.x1';
  const successor = () => assignmentWorkflowId(id, SUCCESSOR);
  const d1 = () => assignmentWorkflowId(id, 'tp.d1');
  const BASIS = 'Nghị quyết số 9/NQ-UBTVQH15 (thử nghiệm) về sắp xếp đơn vị hành chính cấp xã';
  let monday: string;
  const day = (n: number): string => plusDays(monday, n);
  const alarmsSince = async (workflowId: string, since: string) =>
    (await repos.events.forAssignment(workflowId)).filter((e) => (e.kind === 'reminder' || e.kind === 'escalation') && Date.parse(e.at) >= Date.parse(since));

  it('moves the task to the new commune as soon as the merge is applied, and closes what the old units owed', async () => {
    monday = nextCleanWeeks(calendar, await now(), 2);
    await repos.units.upsertMany([
      { id: 'tpn', name: 'UBND tỉnh Mới', level: 'province', kind: 'people_committee', parentId: null },
      { id: SUCCESSOR, name: 'UBND xã Mới', level: 'commune', kind: 'people_committee', parentId: 'tpn' },
    ]);
    await skipTo(vnAt(day(0), '09:00'));
    await issue(directive(id, day(0)));
    await env.client.workflow.getHandle(c2(id)).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: actor('tp.d1.c2') }] });
    await skipTo(vnAt(day(2), '10:00'));
    expect((await repos.escalations.forAssignment(c1(id))).map((e) => [e.reason, e.recipientUnitId, e.state])).toEqual([['acknowledge_overdue', 'tp.d1', 'open']]);

    // As the API applies it (applyReorganisation): the plan from the read model, handed to the directive.
    const tree = await repos.assignments.treeOf(id);
    const plan = planReorganisation(
      [
        { kind: 'moves', oldUnitId: 'tp.d1.c1', oldCode: '00001', to: SUCCESSOR },
        { kind: 'moves', oldUnitId: 'tp.d1.c2', oldCode: '00002', to: SUCCESSOR },
        { kind: 'ceases', oldUnitId: 'tp.d1' },
      ],
      tree.map((a) => ({ ...a, latest: null })),
    );
    expect(plan).toEqual({
      successors: [{ unitId: SUCCESSOR, from: ['tp.d1.c1', 'tp.d1.c2'], parentUnitId: null, figures: null, review: 'none' }],
      joins: [],
      decisions: [],
      ending: ['tp.d1'],
      waiting: [],
    });
    await env.client.workflow.getHandle(directiveWorkflowId(id)).signal(reorganiseSignal, {
      v: 1,
      basis: BASIS,
      by: 'u.tp',
      successors: plan.successors.map((s) => ({ unitId: s.unitId, parentUnitId: s.parentUnitId, taskIds: ['t1'], from: s.from, carried: null })),
      ending: plan.ending,
    });
    await eventually(async () => {
      expect(await repos.assignments.get(c1(id))).toMatchObject({ state: 'reassigned', reassignedToUnitId: SUCCESSOR, reassignReason: BASIS });
      expect(await repos.assignments.get(c2(id))).toMatchObject({ state: 'reassigned', reassignedToUnitId: SUCCESSOR });
      expect((await repos.assignments.get(d1()))?.state).toBe('recalled');
      // A fresh window to acknowledge, from the move: the end of the next working day.
      expect(await repos.lifecycle.deadlinesOf(successor())).toMatchObject({ acknowledgeBy: endOfVnDay(day(3)) });
    });
    expect(await repos.assignments.get(successor())).toMatchObject({ parentUnitId: null, state: 'issued', succeedsUnitIds: ['tp.d1.c1', 'tp.d1.c2'] });
    // What c1 owed closed with it.
    expect((await repos.escalations.forAssignment(c1(id))).map((e) => e.state)).toEqual(['resolved']);
    expect((await env.client.workflow.getHandle(directiveWorkflowId(id)).query(directiveSnapshotQuery)).delivered).toEqual([SUCCESSOR]);
  });

  it('reminds and escalates the new commune on its own deadline, once, and the old units no more', async () => {
    const moved = vnAt(day(2), '10:00');
    // Past the day its province step would fire (the parent's, a day after the first): no second escalation.
    await skipTo(vnAt(day(5), '10:00'));
    expect((await alarmsSince(successor(), moved)).filter((e) => e.kind === 'reminder').length).toBeGreaterThan(0);
    // Its parent in today's map is its province, so the province step is the parent step: one escalation.
    expect((await repos.escalations.forAssignment(successor())).map((e) => [e.reason, e.recipientUnitId, e.raisedAt])).toEqual([
      ['acknowledge_overdue', 'tpn', vnAt(day(4), '08:00')],
    ]);
    for (const old of [c1(id), c2(id), d1()]) expect(await alarmsSince(old, moved)).toEqual([]);
  });

  it('rolls up under the issuer: the province expects the new commune in place of the district', async () => {
    await env.client.workflow.getHandle(successor()).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: actor(SUCCESSOR) }] });
    expect(Object.fromEntries((await repos.rollups.childrenOf(id, 'tp')).map((c) => [c.unitId, c.totals.expected]))).toEqual({ 'tp.d1': 0, [SUCCESSOR]: 1 });
  });
});

describe('continue-as-new when a history grows long', () => {
  // Every workflow of this directive continues as new past 40 history events (the default is 8,000).
  const id = 'tp.2027.12';
  // Issued on a Monday of four weeks without a holiday.
  let monday: string;
  /** The scenario's days, counted from its Monday. */
  const day = (n: number): string => plusDays(monday, n);
  const d1 = () => env.client.workflow.getHandle(assignmentWorkflowId(id, 'tp.d1'));
  const report = (unitId: string, installs: number) =>
    env.client.workflow.getHandle(assignmentWorkflowId(id, unitId)).executeUpdate(submitReportUpdate, {
      args: [{ v: 1, actor: actor(unitId), report: { figures: { installs, smartphoneUsers: 1_000 }, narrative: `Đã cài ${installs}.` } }],
    });

  it('carries the state over: reports and children progress keep arriving, in the new run', async () => {
    monday = nextCleanWeeks(calendar, await now(), 4);
    await skipTo(vnAt(day(0), '09:00'));
    const d = directive(id, day(0));
    await repos.directives.save(
      {
        ...d,
        metrics: [
          { key: 'installs', label: 'Lượt cài đặt', cumulative: true },
          { key: 'smartphoneUsers', label: 'Người dùng điện thoại thông minh', cumulative: false },
        ],
        rates: [{ key: 'rate', label: 'Tỷ lệ', numerator: 'installs', denominator: 'smartphoneUsers' }],
        targets: [{ text: `đến ngày ${dmy(day(18))} …`, value: 60, unit: 'percent', metric: 'smartphoneUsers', due: day(18) }],
      },
      directiveWorkflowId(id),
    );
    await startDirective(env.client, taskQueue, id, { historyLimit: 40 });
    await eventually(async () => expect(await repos.assignments.statesForDirective(id)).toHaveLength(3));
    await eventually(async () => expect((await repos.lifecycle.deadlinesOf(c2(id)))?.acknowledgeBy).toBeTruthy());

    // The commune reports again and again: each report grows its history and signals the district,
    // until both have continued as new (how many reports that takes depends on the events a report
    // writes, which the engine may change).
    let n = 0;
    const continued = async () => (await previousRun(c1(id))) !== null && (await previousRun(d1().workflowId)) !== null;
    while (n < 40 && !(await continued())) {
      n += 1;
      await report('tp.d1.c1', 100 * n);
    }
    await eventually(async () => expect(await continued()).toBe(true));
    const versions = Array.from({ length: n }, (_, i) => i + 1);
    const commune = await env.client.workflow.getHandle(c1(id)).query(assignmentSnapshotQuery);
    expect(commune.run).toBeGreaterThan(1);
    expect(commune.reports.map((r) => r.version)).toEqual(versions);
    expect(commune.status.state).toBe('reported');
    // Its next report is checked against the carried history: a cumulative figure may not fall.
    expect(codeOf(await report('tp.d1.c1', 50).catch((e: unknown) => e))).toBe('INVALID_REPORT');
    expect((await report('tp.d1.c1', 100 * (n + 1))).report.version).toBe(n + 1);

    // A child's progress signal reaches the district's new run.
    const runBefore = (await d1().query(assignmentSnapshotQuery)).run;
    expect(runBefore).toBeGreaterThan(1);
    await report('tp.d1.c2', 10);
    await eventually(async () => expect((await d1().query(assignmentSnapshotQuery)).children).toEqual({ 'tp.d1.c1': 'reported', 'tp.d1.c2': 'reported' }));
    expect((await repos.assignments.get(c1(id)))?.state).toBe('reported');
    expect((await repos.reports.history(c1(id))).map((r) => r.version)).toEqual([...versions, n + 1]);
  });

  it('the directive continues as new too, and its amendments still reach every assignment', async () => {
    const directive = env.client.workflow.getHandle(directiveWorkflowId(id));
    for (const date of [day(21), day(22), day(23), day(24)]) {
      await directive.executeUpdate(amendDirectiveDeadlineUpdate, { args: [{ v: 1, actor: actor('tp'), reportDate: date, reason: `Gia hạn đến ${dmy(date)}.` }] });
    }
    await eventually(async () => expect(await previousRun(directiveWorkflowId(id))).not.toBeNull());
    expect((await directive.query(directiveSnapshotQuery)).run).toBeGreaterThan(1);
    await directive.executeUpdate(amendDirectiveDeadlineUpdate, { args: [{ v: 1, actor: actor('tp'), reportDate: day(25), reason: 'Gia hạn lần cuối.' }] });
    // Amendments in quick succession are applied in the order they were sent: the last one is in force.
    for (const workflowId of [assignmentWorkflowId(id, 'tp.d1'), c1(id), c2(id)]) {
      await eventually(async () => expect((await repos.lifecycle.deadlinesOf(workflowId))?.reportBy).toBe(endOfVnDay(day(25))));
    }
  });

  it('timers still fire after it: the district that never acknowledged is escalated to the province', async () => {
    expect(await repos.escalations.forAssignment(assignmentWorkflowId(id, 'tp.d1'))).toEqual([]);
    await skipTo(vnAt(day(2), '09:00'));
    expect((await repos.escalations.forAssignment(assignmentWorkflowId(id, 'tp.d1'))).map((e) => [e.reason, e.recipientUnitId, e.raisedAt])).toEqual([
      ['acknowledge_overdue', 'tp', vnAt(day(2), '08:00')],
    ]);
    // The communes acted in time: nothing about them.
    expect(await repos.escalations.forAssignment(c1(id))).toEqual([]);
    expect(await repos.escalations.forAssignment(c2(id))).toEqual([]);
  });

  it('a recall after it still reaches every assignment', async () => {
    await recallAndAwaitTheEnd(id, 'Thay bằng văn bản khác.');
  });
});

/** The issuer recalls the directive: every assignment of it is recalled, and every workflow of it ends. */
async function recallAndAwaitTheEnd(id: string, reason: string): Promise<void> {
  await env.client.workflow.getHandle(directiveWorkflowId(id)).executeUpdate(recallUpdate, { args: [{ v: 1, actor: actor('tp'), reason }] });
  await eventually(async () =>
    expect((await repos.assignments.statesForDirective(id)).map((s) => s.state)).toEqual(['recalled', 'recalled', 'recalled']),
  );
  for (const workflowId of [directiveWorkflowId(id), assignmentWorkflowId(id, 'tp.d1'), c1(id), c2(id)]) {
    await eventually(async () => expect((await env.client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED'));
  }
}

// Last: after a recall, the time-skipping server no longer skips time for later tests.
describe('a recall', () => {
  const id = 'tp.2026.902';

  it('stops every timer below the directive', async () => {
    await issue(directive(id, vnDateOf(await now())));
    // Every workflow of the directive ends, so no timer of it can fire any more.
    await recallAndAwaitTheEnd(id, 'Ban hành nhầm');
    expect(await repos.events.forAssignment(c1(id))).toEqual([]);
    expect(await repos.escalations.forAssignment(c1(id))).toEqual([]);
  });
});
