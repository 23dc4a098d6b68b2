import { allHandlersFinished, condition, continueAsNew, patched, setHandler } from '@temporalio/workflow';
import { alarmDeadlineAt, chainOf, isTerminal, nextAlarm, nextPeriodsFrom, partiesOf } from '@chidao/domain/workflow';
import { closeSignal, endProgressReportsSignal, escalationResolvedSignal } from '../messages';
import { activities, deliver, historyTooLong, local, now } from '../runtime';
import { carryReport } from './reporting';
import type { AssignmentWorkflow } from '../inputs';
import type { AssignmentRun } from './state';

/** The directive closes; an escalation chain is resolved, so its further steps no longer fire. */
export function registerAlarmSignals(run: AssignmentRun): void {
  setHandler(closeSignal, () => {
    run.closed = true;
  });
  setHandler(escalationResolvedSignal, ({ deadline, period, task }) => {
    run.stoppedChains.add(chainOf(deadline, period, task));
    run.changes += 1;
  });
}

/** A new assignment's first steps: record it, plan its deadlines and alarms, deliver to the units below. */
export async function setUp(run: AssignmentRun): Promise<void> {
  const { id, input } = run;
  const { terms } = input;
  const issued = {
    id,
    directiveId: input.directiveId,
    unitId: input.unitId,
    parentUnitId: input.parentUnitId,
    taskIds: input.taskIds,
    issuedAt: run.status.issuedAt,
    version: 1,
    ...(terms?.instructions ? { instructions: terms.instructions } : {}),
    ...(terms?.reassignedFrom ? { reassignedFromUnitId: terms.reassignedFrom } : {}),
    ...(terms?.succession ? { succeedsUnitIds: terms.succession.from, rollupParentUnitId: terms.succession.rollupParentUnitId } : {}),
  };
  const planning = run.planning({ ...(run.reportInForce ?? {}), ...(run.acknowledgementInForce ?? {}) });
  // One local activity before the children are delivered, instead of three activity tasks in a
  // row: at every level of a national fan-out this is the critical path.
  const setUpLocally = patched('set-up-locally') ? await local.setUpAssignment({ issued, plan: planning }) : null;
  if (!setUpLocally) await activities.recordIssued(issued);
  run.recorded = true;
  const plan = setUpLocally ? setUpLocally.plan : await activities.planAssignment(planning);
  run.plan = plan;
  run.status = { ...run.status, ...partiesOf(plan.issuerUnitId, input.parentUnitId) };
  if (terms?.succession) {
    const { from, basis, carried } = terms.succession;
    await run.remember('succeeds', 'assignment.succeeds', { from, basis, by: terms.by ?? null, figures: carried?.figures ?? null });
  } else if (terms) {
    await run.remember(terms.reassignedFrom ? 'reassigned-from' : 'forwarded', terms.reassignedFrom ? 'assignment.reassigned_from' : 'assignment.forwarded', {
      ...terms,
      from: input.parentUnitId,
    });
  }
  const deliveries = setUpLocally ? setUpLocally.deliveries : await activities.planChildren({ directiveId: input.directiveId, unitId: input.unitId });
  for (const delivery of deliveries) run.children[delivery.unitId] ??= 'issued';
  await deliver(input.directiveId, input.unitId, deliveries, input.historyLimit);
  if (terms?.succession?.carried) await carryReport(run, terms.succession, terms.by ?? '');
}

/**
 * The alarm loop: sleep until the next alarm that still matters, or until something changes; fire
 * it. Ends when the assignment closes; continues as new with the whole state when the history has
 * grown long.
 */
export async function runAlarms(run: AssignmentRun): Promise<void> {
  const { id, input } = run;
  while (!run.closed && !isTerminal(run.status.state)) {
    if (historyTooLong(input.historyLimit)) {
      // Reports, children's progress and amendments have grown the history: start afresh with the
      // whole state, once no handler is halfway through. Children are reached by workflow id, so
      // they keep signalling (and being signalled by) the new run.
      await condition(allHandlersFinished);
      if (run.closed || isTerminal(run.status.state)) break;
      await continueAsNew<AssignmentWorkflow>({ ...input, carried: run.carry() });
    }
    const next = nextAlarm(run.obligations(), run.needPlan().alarms, run);
    const seen = run.changes;
    const interrupted = () => run.closed || run.changes !== seen || historyTooLong(input.historyLimit);
    // A regime until ended has no last period: with nothing overdue to fire, ask for the next ones
    // once fewer than half of PERIODS_AHEAD lie ahead (only such plans check the patch).
    if ((!next || Date.parse(next.at) > Date.now()) && (await planMorePeriods(run))) continue;
    if (!next) {
      await condition(interrupted);
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(interrupted, wait))) continue;
    run.fired.add(next.key);
    const deadlineAt = alarmDeadlineAt(run.needPlan(), next);
    await activities.fireAlarm({ id, directiveId: input.directiveId, unitId: input.unitId, alarm: next, deadlineAt });
  }
  await condition(allHandlersFinished);
}

/**
 * The next progress periods of a regime until ended (báo cáo định kỳ … cho đến khi có chỉ đạo
 * khác), when the plan runs short of them; false when it does not (or is no such plan).
 */
async function planMorePeriods(run: AssignmentRun): Promise<boolean> {
  const plan = run.needPlan();
  if (!plan.periodsUntilEnded || run.progressEndedAt !== null) return false;
  const from = nextPeriodsFrom(plan, now());
  if (from === null || !patched('progress-until-ended')) return false;
  await run.serially(async () => {
    if (run.progressEndedAt !== null || isTerminal(run.status.state)) return;
    run.periodsFrom = Math.max(run.periodsFrom, from);
    run.plan = await activities.planAssignment(run.planning({ ...(run.reportInForce ?? {}), ...(run.acknowledgementInForce ?? {}) }));
  });
  return true;
}

/**
 * The issuer ends the periodic reports: the plan keeps the periods whose figures closed by then
 * (they are still owed) and drops the later ones with their alarms; the timeline records it, and
 * the units below are told. Told twice, it changes nothing.
 */
export function registerProgressEnd(run: AssignmentRun): void {
  setHandler(endProgressReportsSignal, async (end) => {
    await condition(() => run.plan !== null);
    await run.serially(async () => {
      if (isTerminal(run.status.state) || run.progressEndedAt !== null) return;
      run.progressEndedAt = end.at;
      if (run.needPlan().periods !== undefined) {
        run.plan = await activities.planAssignment(run.planning({ ...(run.reportInForce ?? {}), ...(run.acknowledgementInForce ?? {}) }));
        run.changes += 1;
        await run.remember('progress-ended', 'progress.ended', { at: end.at, by: end.by, reason: end.reason });
      }
      await run.signalBelow(endProgressReportsSignal, end);
    });
  });
}
