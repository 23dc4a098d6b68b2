import type { Client } from '@temporalio/client';
import type { Directive } from '@chidao/domain';
import { directiveWorkflowId, startDirective } from '@chidao/workflows';
import type { Repositories } from './trpc';

/**
 * Issues a directive: stores it, then starts (or finds) its workflow. Both steps are idempotent,
 * so issuing the same directive again changes nothing.
 */
export async function issueDirective(
  deps: { repos: Repositories; client: Client; taskQueue: string },
  directive: Directive,
): Promise<{ workflowId: string }> {
  const workflowId = directiveWorkflowId(directive.id);
  await deps.repos.directives.save(directive, workflowId);
  await startDirective(deps.client, deps.taskQueue, directive.id);
  return { workflowId };
}
