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
  options: { readonly historyLimit?: number } = {},
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof directiveWorkflow>> {
  return client.workflow.start<typeof directiveWorkflow>('directiveWorkflow', {
    workflowId: directiveWorkflowId(directiveId),
    taskQueue,
    // historyLimit (tests): every workflow of the directive continues as new past that many events.
    args: [{ v: 1, directiveId, ...(options.historyLimit === undefined ? {} : { historyLimit: options.historyLimit }) }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}
