import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDb, createRepositories, type Db, type Repositories } from '@chidao/db';
import { createTestDatabase } from '@chidao/db/testing';
import { THREE_LEVEL_SCHEME, addWorkingDays, isWorkingDay, vietnamCalendar, type Directive, type Unit } from '@chidao/domain';
import {
  acknowledgeUpdate,
  amendAcknowledgementUpdate,
  amendDirectiveDeadlineUpdate,
  assignmentSnapshotQuery,
  assignmentWorkflowId,
  directiveSnapshotQuery,
  directiveWorkflowId,
  forwardUpdate,
  reassignUpdate,
  answerExplanationUpdate,
  decideExtensionUpdate,
  recallUpdate,
  requestExplanationUpdate,
  requestExtensionUpdate,
  setChildDeadlineUpdate,
  startDirective,
  submitReportUpdate,
} from './index';
import {
  endOfVnDay,
  eventually,
  nextCleanWeeks,
  nextFridayBeforeWorkingMonday,
  nextTetBreak,
  plusDays,
  repoRoot,
  skipTo as skipServerTo,
  startTimeSkippingTemporal,
  testNow,
  vnAt,
  vnDateOf,
} from '@chidao/testing';
import { createTestWorker } from './testing';

/**
 * Every timer path on Temporal's time-skipping server: a week of reminders and escalations runs
 * in seconds, against the working-day calendar, the real activities and a real database.
 *
 * No scenario is pinned to a date: the server starts at the wall clock (or TEST_CLOCK_AHEAD_DAYS
 * later) and only moves forward, so each scenario finds its days from the server's own "now" (the
 * next Friday before a working Monday, the next weeks without a holiday, the next Tết) and computes
 * what it expects with the domain's calendar. The scenarios run in file order on one clock.
 */
const taskQueue = 'timers-test';
const UNITS: Unit[] = [
  { id: 'tp', name: 'UBND tỉnh Thử nghiệm', level: 'province', kind: 'people_committee', parentId: null },
  { id: 'tp.d1', name: 'UBND huyện Một', level: 'district', kind: 'people_committee', parentId: 'tp' },
  { id: 'tp.d1.c1', name: 'UBND xã Một', level: 'commune', kind: 'people_committee', parentId: 'tp.d1' },
  { id: 'tp.d1.c2', name: 'UBND xã Hai', level: 'commune', kind: 'people_committee', parentId: 'tp.d1' },
];

function directive(id: string, date: string): Directive {
  return {
    id,
    reference: `${id}/UBND-VX`,
    issuerUnitId: 'tp',
    place: 'Thử nghiệm',
    date,
    subject: 'V/v thử nghiệm đôn đốc',
    urgency: null,
    recipients: [
      { text: 'Chủ tịch UBND các huyện;', group: { type: 'level', level: 'district', kinds: ['people_committee'] } },
      { text: 'Chủ tịch UBND các xã.', group: { type: 'level', level: 'commune', kinds: ['people_committee'] } },
    ],
    tasks: [{ id: 't1', text: 'Triển khai.', assignees: [{ type: 'level', level: 'commune', kinds: ['people_committee'] }] }],
    targets: [],
    deadlines: [],
    coordinatorUnitId: null,
    signer: { capacity: 'CHỦ TỊCH', name: 'Nguyễn Văn A' },
    copiesTo: [],
  };
}

let env: TestWorkflowEnvironment;
let db: Db;
let dropDb: () => Promise<void>;
let repos: Repositories;
let worker: Worker;
let running: Promise<void>;

const calendar = vietnamCalendar();
/** Moves the test server's clock forward to `iso` (timers due on the way fire in order); never back. */
const skipTo = (iso: string): Promise<void> => skipServerTo(env, iso);
/** The test server's "now", which every scenario finds its days from. */
const now = (): Promise<number> => testNow(env);
/** dd/MM/yyyy, as a dispatch writes a date. */
const dmy = (date: string): string => date.split('-').reverse().join('/');

const c1 = (id: string) => assignmentWorkflowId(id, 'tp.d1.c1');
const c2 = (id: string) => assignmentWorkflowId(id, 'tp.d1.c2');
const actor = (unitId: string) => ({ userId: `u.${unitId}`, unitId });

beforeAll(async () => {
  const [temporal, database] = await Promise.all([startTimeSkippingTemporal(), createTestDatabase()]);
  env = temporal;
  dropDb = database.drop;
  db = createDb(database.url);
  repos = createRepositories(db, { scheme: THREE_LEVEL_SCHEME });
  await repos.units.upsertMany(UNITS);
  worker = await createTestWorker({ connection: env.nativeConnection, taskQueue, repos });
  running = worker.run();
});

/** The run a workflow continued as new from (its latest run's first event names it), or null. */
async function previousRun(workflowId: string, runId?: string): Promise<string | null> {
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || null;
}

/**
 * With RECORD_HISTORIES=1, keeps these runs' histories for the replay test in packages/workflows,
 * which fails when a workflow code change would break directives already running. A file already
 * there is kept (it stands for directives running under older code); RECORD_HISTORIES=overwrite
 * records every one anew. Any other value is a tag: the runs are kept beside the older ones as
 * `<name>.<tag>.json` (histories of the code after a `patched()` change, next to those before it).
 */
async function recordHistories(): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const dir = join(repoRoot(), 'packages', 'workflows', 'histories');
  mkdirSync(dir, { recursive: true });
  const runs = {
    'timers-directive': directiveWorkflowId('tp.2026.901'),
    'timers-district': assignmentWorkflowId('tp.2026.901', 'tp.d1'),
    'timers-escalated-commune': c1('tp.2026.901'),
    'timers-acknowledged-commune': c2('tp.2026.901'),
    'recall-directive': directiveWorkflowId('tp.2026.902'),
    'recall-district': assignmentWorkflowId('tp.2026.902', 'tp.d1'),
    'recall-commune': c1('tp.2026.902'),
    'extension-explanation-commune': c1('tp.2026.903'),
    'extension-district': assignmentWorkflowId('tp.2026.903', 'tp.d1'),
    'tet-escalated-commune': c1('tp.2027.7'),
    'amended-district': assignmentWorkflowId('tp.2027.8', 'tp.d1'),
    'amended-commune': c1('tp.2027.8'),
    'progress-commune': c1('tp.2027.9'),
    'progress-late-commune': c2('tp.2027.9'),
    'ack-amended-directive': directiveWorkflowId('tp.2027.10'),
    'ack-amended-commune': c1('tp.2027.10'),
    'forward-district': assignmentWorkflowId('tp.2027.11', 'tp.d1'),
    'forward-commune-reassigned': c1('tp.2027.11'),
    'reassigned-to-commune': c2('tp.2027.11'),
  };
  const runIds: Record<string, string | undefined> = {};
  // The continue-as-new runs: the one that continued, and the one it continued as.
  for (const [name, workflowId] of [
    ['continued-district', assignmentWorkflowId('tp.2027.12', 'tp.d1')],
    ['continued-commune', c1('tp.2027.12')],
    ['continued-directive', directiveWorkflowId('tp.2027.12')],
  ] as const) {
    const first = await previousRun(workflowId);
    if (!first) continue;
    (runs as Record<string, string>)[`${name}-before`] = workflowId;
    runIds[`${name}-before`] = first;
    (runs as Record<string, string>)[`${name}-after`] = workflowId;
  }
  const tag = ['1', 'overwrite'].includes(process.env.RECORD_HISTORIES) ? null : process.env.RECORD_HISTORIES;
  for (const [name, workflowId] of Object.entries(runs)) {
    const file = join(dir, tag ? `${name}.${tag}.json` : `${name}.json`);
    if (existsSync(file) && process.env.RECORD_HISTORIES !== 'overwrite') continue;
    const history = await env.client.workflow.getHandle(workflowId, runIds[name]).fetchHistory();
    writeFileSync(file, JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) as unknown }, null, 1) + '\n');
  }
}

afterAll(async () => {
  await recordHistories();
  worker?.shutdown();
  await running;
  await db?.close();
  await dropDb?.();
  await env?.teardown();
});

async function issue(d: Directive): Promise<void> {
  await repos.directives.save(d, directiveWorkflowId(d.id));
  await startDirective(env.client, taskQueue, d.id);
  await eventually(async () => expect(await repos.assignments.statesForDirective(d.id)).toHaveLength(3));
  // Wait until each assignment has its plan (deadlines) before moving the clock.
  await eventually(async () => expect((await repos.lifecycle.deadlinesOf(c1(d.id)))?.acknowledgeBy).toBeTruthy());
  await eventually(async () => expect((await repos.lifecycle.deadlinesOf(c2(d.id)))?.acknowledgeBy).toBeTruthy());
}

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
    await eventually(async () => expect(await reportBy(c1(id))).toBe(endOfVnDay(communesDue)));
    expect(await reportBy(c2(id))).toBe(endOfVnDay(communesDue));
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

/** The domain code a rejected or failed update carries. */
const codeOf = (error: unknown): string | undefined => {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string') return type;
  }
  return undefined;
};
const exists = async (workflowId: string) =>
  env.client.workflow
    .getHandle(workflowId)
    .describe()
    .then(() => true)
    .catch(() => false);

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
    await env.client.workflow
      .getHandle(directiveWorkflowId(id))
      .executeUpdate(recallUpdate, { args: [{ v: 1, actor: actor('tp'), reason: 'Thay bằng văn bản khác.' }] });
    await eventually(async () =>
      expect((await repos.assignments.statesForDirective(id)).map((s) => s.state)).toEqual(['recalled', 'recalled', 'recalled']),
    );
    for (const workflowId of [directiveWorkflowId(id), assignmentWorkflowId(id, 'tp.d1'), c1(id), c2(id)]) {
      await eventually(async () => expect((await env.client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED'));
    }
  });
});

// Last: after a recall, the time-skipping server no longer skips time for later tests.
describe('a recall', () => {
  const id = 'tp.2026.902';

  it('stops every timer below the directive', async () => {
    await issue(directive(id, vnDateOf(await now())));
    await env.client.workflow
      .getHandle(directiveWorkflowId(id))
      .executeUpdate(recallUpdate, { args: [{ v: 1, actor: actor('tp'), reason: 'Ban hành nhầm' }] });
    await eventually(async () =>
      expect((await repos.assignments.statesForDirective(id)).map((s) => s.state)).toEqual(['recalled', 'recalled', 'recalled']),
    );
    // Every workflow of the directive has ended, so no timer of it can fire any more.
    for (const workflowId of [directiveWorkflowId(id), assignmentWorkflowId(id, 'tp.d1'), c1(id), c2(id)]) {
      await eventually(async () => expect((await env.client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED'));
    }
    expect(await repos.events.forAssignment(c1(id))).toEqual([]);
    expect(await repos.escalations.forAssignment(c1(id))).toEqual([]);
  });
});
