import { allHandlersFinished, condition, continueAsNew, setHandler } from '@temporalio/workflow';
import { checkDirectiveAmendment, checkDirectiveRecall } from '@chidao/domain/workflow';
import { asFailure } from './failures';
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
  recallUpdate,
} from './messages';
import { activities, deliver, historyTooLong, now, recallAll, signalUnits } from './runtime';

/** One workflow per directive: delivers the top of the assignment tree, then tracks until recalled or closed. */
export async function directiveWorkflow(input: DirectiveInput): Promise<void> {
  const run = (input.carried?.run ?? 0) + 1;
  let delivered: string[] = input.carried ? [...input.carried.delivered] : [];
  let issuerUnitId: string | null = input.carried?.issuerUnitId ?? null;
  let recalled = false;
  let closed = false;
  const snapshot = () => ({ directiveId: input.directiveId, delivered, recalled, ...(run > 1 ? { run } : {}) });
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
      await condition(() => issuerUnitId !== null);
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
      await condition(() => issuerUnitId !== null);
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
      await condition(() => issuerUnitId !== null);
      await signalUnits(input.directiveId, delivered, amendAcknowledgementSignal, { v: 1, acknowledgeDate, by: actor.userId, reason });
      return { acknowledgeDate, assignments: delivered.length };
    },
    {
      validator: ({ actor, acknowledgeDate, reason }) =>
        asFailure(() => checkDirectiveAmendment({ recalled, issuerUnitId }, actor, { day: acknowledgeDate, reason, field: 'acknowledgeDate' }, now())),
    },
  );

  // A changed calendar year passes down to the top of the tree, which passes it on.
  setHandler(calendarChangedSignal, async (change) => {
    await condition(() => issuerUnitId !== null);
    await signalUnits(input.directiveId, delivered, calendarChangedSignal, change);
  });

  if (!input.carried) {
    const plan = await activities.planDirective({ directiveId: input.directiveId });
    issuerUnitId = plan.issuerUnitId;
    delivered = await deliver(input.directiveId, null, plan.deliveries, input.historyLimit);
  }

  // Tracks until recalled or closed; a history grown long (amendments, reassignments) starts afresh
  // with its state, once no handler is running.
  for (;;) {
    await condition(() => closed || recalled || historyTooLong(input.historyLimit));
    if (closed || recalled) break;
    await condition(allHandlersFinished);
    if (closed || recalled) break;
    await continueAsNew<typeof directiveWorkflow>({ ...input, carried: { delivered, issuerUnitId, run } });
  }
  await condition(allHandlersFinished);
}
