import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { acknowledge, assertCanAcknowledge, newAssignment, type AssignmentState, type AssignmentStatus } from '@chidao/domain';
import type { Delivery, DirectiveActivities } from './activities';
import { asFailure } from './failures';
import { assignmentWorkflowId } from './ids';
import {
  acknowledgeUpdate,
  assignmentSnapshotQuery,
  childProgressSignal,
  closeSignal,
  directiveSnapshotQuery,
} from './messages';

const activities = proxyActivities<DirectiveActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface DirectiveInput {
  readonly v: 1;
  readonly directiveId: string;
}

export interface AssignmentInput {
  readonly v: 1;
  readonly directiveId: string;
  readonly unitId: string;
  readonly parentUnitId: string | null;
  readonly taskIds: readonly string[];
}

/**
 * Starts one assignment workflow per delivery. Ids come from business keys, so a delivery that
 * already runs (a retried fan-out) is found instead of duplicated.
 */
async function deliver(directiveId: string, parentUnitId: string | null, deliveries: readonly Delivery[]): Promise<string[]> {
  const delivered: string[] = [];
  for (const delivery of deliveries) {
    const input: AssignmentInput = { v: 1, directiveId, unitId: delivery.unitId, parentUnitId, taskIds: delivery.taskIds };
    try {
      await startChild(assignmentWorkflow, {
        workflowId: assignmentWorkflowId(directiveId, delivery.unitId),
        args: [input],
        // A recalled or closed directive ends its whole tree.
        parentClosePolicy: ParentClosePolicy.TERMINATE,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    delivered.push(delivery.unitId);
  }
  return delivered;
}

/** One workflow per directive: delivers the top of the assignment tree, then tracks until closed. */
export async function directiveWorkflow(input: DirectiveInput): Promise<void> {
  let delivered: string[] = [];
  let closed = false;
  setHandler(directiveSnapshotQuery, () => ({ directiveId: input.directiveId, delivered, recalled: false }));
  setHandler(closeSignal, () => {
    closed = true;
  });

  const deliveries = await activities.planDirective({ directiveId: input.directiveId });
  delivered = await deliver(input.directiveId, null, deliveries);

  await condition(() => closed);
  await condition(allHandlersFinished);
}

/**
 * One workflow per receiving unit. It records itself in the read model, delivers the
 * sub-assignments of units below it, and takes the assignee's actions as updates.
 */
export async function assignmentWorkflow(input: AssignmentInput): Promise<void> {
  const id = workflowInfo().workflowId;
  let status: AssignmentStatus = newAssignment(input.directiveId, input.unitId, new Date().toISOString());
  // Each read-model write carries the step number, so a late retry never overwrites a newer state.
  let version = 1;
  const children: Record<string, AssignmentState> = {};
  let closed = false;
  let recorded = false;

  setHandler(assignmentSnapshotQuery, () => ({ status, parentUnitId: input.parentUnitId, taskIds: input.taskIds, children }));
  setHandler(childProgressSignal, (progress) => {
    children[progress.unitId] = progress.state;
  });
  setHandler(closeSignal, () => {
    closed = true;
  });
  setHandler(
    acknowledgeUpdate,
    async ({ actor }) => {
      // Checked again here: two updates accepted together would both pass the validator.
      status = asFailure(() => acknowledge(status, actor, new Date().toISOString()));
      version += 1;
      // The row must exist before its first change is written.
      await condition(() => recorded);
      await activities.recordState({
        id,
        state: status.state,
        acknowledgedAt: status.acknowledgedAt,
        acknowledgedBy: status.acknowledgedBy,
        version,
      });
      if (input.parentUnitId !== null) {
        await getExternalWorkflowHandle(assignmentWorkflowId(input.directiveId, input.parentUnitId)).signal(childProgressSignal, {
          v: 1,
          unitId: input.unitId,
          state: status.state,
        });
      }
      return status;
    },
    { validator: ({ actor }) => asFailure(() => assertCanAcknowledge(status, actor)) },
  );

  await activities.recordIssued({
    id,
    directiveId: input.directiveId,
    unitId: input.unitId,
    parentUnitId: input.parentUnitId,
    taskIds: input.taskIds,
    issuedAt: status.issuedAt,
    version: 1,
  });
  recorded = true;
  const deliveries = await activities.planChildren({ directiveId: input.directiveId, unitId: input.unitId });
  for (const delivery of deliveries) children[delivery.unitId] = 'issued';
  await deliver(input.directiveId, input.unitId, deliveries);

  await condition(() => closed);
  await condition(allHandlersFinished);
}
