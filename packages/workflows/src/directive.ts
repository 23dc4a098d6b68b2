import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { checkDirectiveAmendment, checkDirectiveRecall, checkEndProgressReports } from '@chidao/domain/workflow';
import type { DeliveryTerms } from './activities';
import { asFailure } from './failures';
import { assignmentWorkflowId } from './ids';
import type { DirectiveInput } from './inputs';
import {
  amendAcknowledgementSignal,
  amendAcknowledgementUpdate,
  amendDeadlineSignal,
  amendDirectiveDeadlineUpdate,
  calendarChangedSignal,
  childReassignedSignal,
  closeSignal,
  directiveSnapshotQuery,
  endProgressReportsSignal,
  endProgressReportsUpdate,
  recallUpdate,
  predecessorsJoinedSignal,
  reorganiseSignal,
  succeededSignal,
  unitCeasedSignal,
  type Predecessor,
  type Reorganisation,
} from './messages';
import { activities, deliver, historyTooLong, now, recallAll, signalUnits, startAssignment } from './runtime';

/** One workflow per directive: delivers the top of the assignment tree, then tracks until recalled or closed. */
export async function directiveWorkflow(input: DirectiveInput): Promise<void> {
  const run = (input.carried?.run ?? 0) + 1;
  let delivered: string[] = input.carried ? [...input.carried.delivered] : [];
  let issuerUnitId: string | null = input.carried?.issuerUnitId ?? null;
  let recalled = false;
  let closed = false;
  let progressEndedAt: string | null = input.carried?.progressEndedAt ?? null;
  const snapshot = () => ({ directiveId: input.directiveId, delivered, recalled, ...(run > 1 ? { run } : {}) });
  // Every top-level assignment started: a message for them all (a recall, an amendment, the end of the
  // periodic reports, a calendar change, a reorganisation) waits for it. Histories recorded before waited for the plan only, so one that came
  // while the units were still being started reached none of them (seen: ending periodic reports just
  // after issue).
  let deliveredAll = input.carried !== undefined;
  const reachable = async (): Promise<void> => {
    await condition(() => issuerUnitId !== null);
    if (patched('messages-wait-for-delivery')) await condition(() => deliveredAll);
  };
  setHandler(directiveSnapshotQuery, snapshot);
  setHandler(closeSignal, () => {
    closed = true;
  });
  // A top-level assignment moved to another unit: recalls and amendments now go to that one.
  setHandler(childReassignedSignal, ({ fromUnitId, toUnitId }) => {
    delivered = [...delivered.filter((u) => u !== fromUnitId && u !== toUnitId), toUnitId];
  });
  setHandler(
    recallUpdate,
    async (recall) => {
      recalled = true;
      await reachable();
      await recallAll(input.directiveId, delivered, recall);
      return snapshot();
    },
    {
      validator: ({ actor, reason }) => asFailure(() => checkDirectiveRecall({ recalled, issuerUnitId }, actor, reason)),
    },
  );

  setHandler(
    amendDirectiveDeadlineUpdate,
    async ({ actor, reportDate, reason }) => {
      await reachable();
      await signalUnits(input.directiveId, delivered, amendDeadlineSignal, { v: 1, reportDate, by: actor.userId, reason, forward: true });
      return { reportDate, assignments: delivered.length };
    },
    {
      validator: ({ actor, reportDate, reason }) =>
        asFailure(() => checkDirectiveAmendment({ recalled, issuerUnitId }, actor, { day: reportDate, reason, field: 'reportDate' }, now())),
    },
  );

  setHandler(
    amendAcknowledgementUpdate,
    async ({ actor, acknowledgeDate, reason }) => {
      await reachable();
      await signalUnits(input.directiveId, delivered, amendAcknowledgementSignal, { v: 1, acknowledgeDate, by: actor.userId, reason });
      return { acknowledgeDate, assignments: delivered.length };
    },
    {
      validator: ({ actor, acknowledgeDate, reason }) =>
        asFailure(() => checkDirectiveAmendment({ recalled, issuerUnitId }, actor, { day: acknowledgeDate, reason, field: 'acknowledgeDate' }, now())),
    },
  );

  // The issuer ends the periodic reports, at one instant for every unit: each assignment keeps the
  // periods whose figures closed by then and passes it on below. A message of its own, which no
  // recorded history holds.
  setHandler(
    endProgressReportsUpdate,
    async ({ actor, reason }) => {
      const at = now();
      progressEndedAt = at;
      await reachable();
      await signalUnits(input.directiveId, delivered, endProgressReportsSignal, { v: 1, at, by: actor.userId, reason });
      return { endedAt: at, assignments: delivered.length };
    },
    { validator: ({ actor, reason }) => asFailure(() => checkEndProgressReports({ recalled, issuerUnitId, progressEndedAt }, actor, reason)) },
  );

  // A changed calendar year passes down to the top of the tree, which passes it on.
  setHandler(calendarChangedSignal, async (change) => {
    await reachable();
    await signalUnits(input.directiveId, delivered, calendarChangedSignal, change);
  });

  // A reorganisation of the units it reached (a resolution merging communes, ending districts): each
  // successor starts with its predecessors' summed figures before they end as moved to it, so the
  // task is never without a holder; the assignments of units that ceased end last. One at a time, in
  // the order they came: a decision taken while the first step is still going waits for it. Running
  // one twice changes nothing: a successor already running takes in only predecessors it has not yet,
  // and an assignment that ended ignores the signals.
  let reorganising: Promise<void> = Promise.resolve();
  const reorganise = async (r: Reorganisation) => {
    await reachable();
    const join = (unitId: string, predecessors: readonly Predecessor[]) =>
      signalUnits(input.directiveId, [unitId], predecessorsJoinedSignal, { v: 1, predecessors, basis: r.basis, by: r.by });
    for (const s of r.successors) {
      const terms: DeliveryTerms = {
        by: r.by,
        succession: { from: s.from, basis: r.basis, carried: s.carried, rollupParentUnitId: s.parentUnitId ?? issuerUnitId! },
        ...(progressEndedAt !== null ? { progressEndedAt } : {}),
      };
      try {
        await startAssignment(input.directiveId, s.parentUnitId, { unitId: s.unitId, taskIds: s.taskIds, terms }, input.historyLimit);
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        if (s.predecessors) await join(s.unitId, s.predecessors);
      }
      await signalUnits(input.directiveId, s.from, succeededSignal, { v: 1, toUnitId: s.unitId, reason: r.basis, by: r.by });
      if (s.parentUnitId === null) {
        delivered = [...delivered.filter((u) => !s.from.includes(u) && u !== s.unitId), s.unitId];
      } else {
        // The assignment it answers to passes recalls and amendments to it from now on.
        const parent = getExternalWorkflowHandle(assignmentWorkflowId(input.directiveId, s.parentUnitId));
        for (const fromUnitId of s.from) await parent.signal(childReassignedSignal, { v: 1, fromUnitId, toUnitId: s.unitId }).catch(() => undefined);
      }
    }
    for (const j of r.joins ?? []) {
      const from = j.predecessors.map((p) => p.unitId);
      await join(j.unitId, j.predecessors);
      await signalUnits(input.directiveId, from, succeededSignal, { v: 1, toUnitId: j.unitId, reason: r.basis, by: r.by });
      delivered = delivered.filter((u) => !from.includes(u));
    }
    await signalUnits(input.directiveId, r.ending, unitCeasedSignal, { v: 1, reason: r.basis, by: r.by });
    delivered = delivered.filter((u) => !r.ending.includes(u));
  };
  setHandler(reorganiseSignal, async (r) => {
    const mine = reorganising.then(() => reorganise(r));
    reorganising = mine.catch(() => undefined);
    await mine;
  });

  if (!input.carried) {
    const plan = await activities.planDirective({ directiveId: input.directiveId });
    issuerUnitId = plan.issuerUnitId;
    delivered = await deliver(input.directiveId, null, plan.deliveries, input.historyLimit);
    deliveredAll = true;
  }

  // Tracks until recalled or closed; a history grown long (amendments, reassignments) starts afresh
  // with its state, once no handler is running.
  for (;;) {
    await condition(() => closed || recalled || historyTooLong(input.historyLimit));
    if (closed || recalled) break;
    await condition(allHandlersFinished);
    if (closed || recalled) break;
    await continueAsNew<typeof directiveWorkflow>({ ...input, carried: { delivered, issuerUnitId, run, ...(progressEndedAt !== null ? { progressEndedAt } : {}) } });
  }
  await condition(allHandlersFinished);
}
