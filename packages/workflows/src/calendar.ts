import { getExternalWorkflowHandle } from '@temporalio/workflow';
import { directiveWorkflowId } from './ids';
import { calendarChangedSignal, type CalendarChanged } from './messages';
import { activities } from './runtime';

/**
 * An administrator changed a year of the working-day calendar: tell every directive that still has
 * an open assignment, which passes it down its tree (each assignment re-plans if the year touches
 * it). A workflow, so the news reaches every directive through restarts and retries; its id names
 * the change, so one change is told once.
 */
export async function calendarChangeWorkflow(change: CalendarChanged): Promise<{ directives: number }> {
  const directiveIds = await activities.directivesStillOpen({});
  await Promise.all(
    directiveIds.map((id) =>
      getExternalWorkflowHandle(directiveWorkflowId(id))
        .signal(calendarChangedSignal, change)
        .catch(() => undefined),
    ),
  );
  return { directives: directiveIds.length };
}
