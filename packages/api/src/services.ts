import type { Client } from '@temporalio/client';
import { DomainError, type Directive, type HolidayYear } from '@chidao/domain';
import { directiveWorkflowId, startCalendarChange, startDirective } from '@chidao/workflows';
import type { AuditEntryInput, Repositories } from '@chidao/db';

/** JSON with object keys sorted, so two directives compare by content whatever order their keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Same content once stored (JSON drops undefined fields). */
export function sameDirective(a: Directive, b: Directive): boolean {
  return canonical(JSON.parse(JSON.stringify(a))) === canonical(JSON.parse(JSON.stringify(b)));
}

/**
 * Issues a directive: stores it, then starts (or finds) its workflow. Both steps are idempotent,
 * so issuing the same directive again changes nothing. With `once` (a user issuing from the form)
 * an existing directive of the same id is never replaced: the same content again is a no-op
 * (`created: false`), different content is DIRECTIVE_CONFLICT.
 */
export async function issueDirective(
  deps: { repos: Repositories; client: Client; taskQueue: string },
  directive: Directive,
  options: { readonly once?: boolean } = {},
): Promise<{ workflowId: string; created: boolean }> {
  const workflowId = directiveWorkflowId(directive.id);
  let created = true;
  if (options.once) {
    created = await deps.repos.directives.insert(directive, workflowId);
    if (!created) {
      const existing = await deps.repos.directives.get(directive.id);
      if (!existing || !sameDirective(existing, directive)) {
        throw new DomainError('DIRECTIVE_CONFLICT', `${directive.reference} was already issued by ${directive.issuerUnitId} with other content`, {
          directiveId: directive.id,
        });
      }
    }
  } else {
    await deps.repos.directives.save(directive, workflowId);
  }
  await startDirective(deps.client, deps.taskQueue, directive.id);
  return { workflowId, created };
}

/**
 * Replaces a year of the working-day calendar (checked by the domain's rules; its audit entry in the
 * same transaction) and tells the running directives, whose assignments re-plan where the year
 * touches them. `change` names this change (a user action's idempotency key): telling it again for the
 * same change does nothing. The API's calendar.setYear and `npm run calendar` both come here.
 */
export async function changeCalendarYear(
  deps: { repos: Repositories; client: Client; taskQueue: string },
  year: HolidayYear,
  audit: (before: HolidayYear | null, after: HolidayYear) => AuditEntryInput,
  change: string,
): Promise<void> {
  await deps.repos.calendar.setYear(year, audit);
  await startCalendarChange(deps.client, deps.taskQueue, year.year, change);
}
