/**
 * Workflow ids come from business keys, so issuing the same directive twice, or delivering the
 * same assignment twice after a crash, finds the workflow that already runs instead of a new one.
 */
export function directiveWorkflowId(directiveId: string): string {
  return `directive:${directiveId}`;
}

export function assignmentWorkflowId(directiveId: string, unitId: string): string {
  return `directive:${directiveId}/unit:${unitId}`;
}

export const DEFAULT_TASK_QUEUE = 'directives';
