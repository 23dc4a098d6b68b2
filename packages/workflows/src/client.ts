import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { directiveWorkflowId } from './ids';
import type { calendarChangeWorkflow, directiveWorkflow } from './workflows';

/**
 * Starts the directive's workflow, or finds the one already running: issuing the same directive
 * twice creates nothing new.
 */
/**
 * Tells the running directives that a calendar year changed (calendarChangeWorkflow). `change` names
 * the administrator's edit: starting it again for the same edit (a retried request) finds the first.
 */
export async function startCalendarChange(client: Client, taskQueue: string, year: number, change: string): Promise<void> {
  try {
    await client.workflow.start<typeof calendarChangeWorkflow>('calendarChangeWorkflow', {
      workflowId: `calendar-change:${year}:${change}`,
      taskQueue,
      args: [{ v: 1, year, change }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      // Finished already: the change was told; never again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

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
