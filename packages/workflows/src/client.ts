import { WorkflowIdConflictPolicy, type Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { directiveWorkflowId } from './ids';
import type { directiveWorkflow } from './workflows';

/**
 * Starts the directive's workflow, or finds the one already running: issuing the same directive
 * twice creates nothing new.
 */
export async function startDirective(
  client: Client,
  taskQueue: string,
  directiveId: string,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof directiveWorkflow>> {
  return client.workflow.start<typeof directiveWorkflow>('directiveWorkflow', {
    workflowId: directiveWorkflowId(directiveId),
    taskQueue,
    args: [{ v: 1, directiveId }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}
