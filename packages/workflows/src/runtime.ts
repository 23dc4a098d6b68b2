import {
  ParentClosePolicy,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  startChild,
  workflowInfo,
  type SignalDefinition,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Delivery, DirectiveActivities } from './activities';
import { assignmentWorkflowId } from './ids';
import type { AssignmentInput, AssignmentWorkflow } from './inputs';
import { recallSignal, type RecallInput } from './messages';

/** What both workflows share: activity proxies, the history limit, delivering and signalling assignments. */

export const activities = proxyActivities<DirectiveActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
/**
 * Short read-model writes on the paths that must be fast: a local activity runs in the worker inside
 * the workflow task that asked for it, instead of being scheduled through the server and reported
 * back as a task of its own (docs/benchmarks: on the embedded Temporal server every round trip is
 * a few SQLite transactions behind one writer).
 */
export const local = proxyLocalActivities<DirectiveActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * A workflow continues as new past this many history events, or sooner when Temporal suggests it
 * (it warns at 10,240 events and fails at 51,200). Recorded histories are far shorter, so replaying
 * them never reaches this branch.
 */
export const HISTORY_LIMIT = 8_000;

export function historyTooLong(limit: number | undefined): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > (limit ?? HISTORY_LIMIT);
}

export const now = (): string => new Date().toISOString();

/**
 * Signals the assignments of `unitIds` (the units below, or the top of the tree) all at once. One
 * that already ended needs nothing, so a failed signal is dropped. Returns the Promise.all itself:
 * awaiting it takes the same turns as the inline code it replaced, which recorded histories hold.
 */
export function signalUnits<T>(directiveId: string, unitIds: readonly string[], signal: SignalDefinition<[T]>, payload: T): Promise<unknown> {
  return Promise.all(
    unitIds.map((unitId) =>
      getExternalWorkflowHandle(assignmentWorkflowId(directiveId, unitId))
        .signal(signal, payload)
        .catch(() => undefined),
    ),
  );
}

/** Passes a recall down to sub-assignments. */
export async function recallAll(directiveId: string, unitIds: readonly string[], recall: RecallInput): Promise<void> {
  await signalUnits(directiveId, unitIds, recallSignal, recall);
}

/**
 * Starts one assignment workflow per delivery. Ids come from business keys, so a delivery that
 * already runs (a retried fan-out) is found instead of duplicated. Children are started together:
 * one at a time, a province waited for each district's start before the next (issue 7); histories
 * recorded before that keep replaying the one-at-a-time order.
 */
export async function deliver(directiveId: string, parentUnitId: string | null, deliveries: readonly Delivery[], historyLimit?: number): Promise<string[]> {
  const start = async (delivery: Delivery): Promise<void> => {
    try {
      await startAssignment(directiveId, parentUnitId, delivery, historyLimit);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
  if (patched('deliver-concurrently')) {
    await Promise.all(deliveries.map(start));
  } else {
    for (const delivery of deliveries) await start(delivery);
  }
  return deliveries.map((delivery) => delivery.unitId);
}

/**
 * Starts one assignment workflow. Children are abandoned by their parent and reached by workflow id,
 * so they outlive a parent that ends or continues as new. Started by its type's name (the same
 * command as by the function): this module is imported by the workflow it starts.
 */
export async function startAssignment(directiveId: string, parentUnitId: string | null, delivery: Delivery, historyLimit?: number): Promise<void> {
  const input: AssignmentInput = {
    v: 1,
    directiveId,
    unitId: delivery.unitId,
    parentUnitId,
    taskIds: delivery.taskIds,
    ...(delivery.terms ? { terms: delivery.terms } : {}),
    ...(historyLimit === undefined ? {} : { historyLimit }),
  };
  await startChild<AssignmentWorkflow>('assignmentWorkflow', {
    workflowId: assignmentWorkflowId(directiveId, delivery.unitId),
    args: [input],
    // A recall travels down the tree by signal; a parent that ends otherwise leaves the children be.
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
}
