import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { directiveWorkflowId } from './ids';
import { NOTIFICATIONS_WORKFLOW_ID, notificationsWakeSignal } from './messages';
import type { calendarChangeWorkflow, directiveWorkflow, notificationDispatchWorkflow } from './workflows';
import type { NotificationDispatchInput } from './notifications';

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

/**
 * Starts the installation's notification dispatcher, or finds the one running (every worker calls
 * this at start), and wakes it.
 */
export async function startNotificationDispatch(client: Client, taskQueue: string, input: NotificationDispatchInput = {}): Promise<void> {
  await client.workflow.signalWithStart<typeof notificationDispatchWorkflow, []>('notificationDispatchWorkflow', {
    workflowId: NOTIFICATIONS_WORKFLOW_ID,
    taskQueue,
    args: [input],
    signal: notificationsWakeSignal,
    signalArgs: [],
  });
}

/** Tells the dispatcher the outbox has new rows; dropped when it is not running (it looks every minute anyway). */
export async function wakeNotificationDispatch(client: Client): Promise<void> {
  await client.workflow
    .getHandle(NOTIFICATIONS_WORKFLOW_ID)
    .signal(notificationsWakeSignal)
    .catch(() => undefined);
}
