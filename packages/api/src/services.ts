import type { Client } from '@temporalio/client';
import { DomainError, planReorganisation, type Directive, type HolidayYear, type ReorganisationPlan, type Succession } from '@chidao/domain';
import { directiveWorkflowId, reorganiseSignal, startCalendarChange, startDirective } from '@chidao/workflows';
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

/**
 * Carries one running directive through a reorganisation of units (a resolution that merged
 * communes and ended the district level): plans it from the read model (planReorganisation: the
 * assignments, and the latest report of each) and hands the plan to the directive's workflow, which
 * starts each successor with its predecessors' summed figures, then ends the predecessors and the
 * ceased units' assignments. `basis` names the resolution and its effective date: every ended
 * assignment records it as its reason, and the audit entry keeps it with the plan. Applying the same
 * plan again changes nothing (the workflow finds the successors started and the others ended).
 * Returns the plan, decisions left to the issuer included.
 */
export async function applyReorganisation(
  deps: { repos: Repositories; client: Client },
  input: { readonly directiveId: string; readonly succession: readonly Succession[]; readonly basis: string; readonly by: string },
): Promise<ReorganisationPlan> {
  const { repos, client } = deps;
  const [tree, reports] = await Promise.all([repos.assignments.treeOf(input.directiveId), repos.reports.latestForDirective(input.directiveId)]);
  if (tree.length === 0) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId: input.directiveId });
  const latest = new Map(reports.map((r) => [r.unitId, { figures: r.figures, review: r.review }] as const));
  const plan = planReorganisation(
    input.succession,
    tree.map((a) => ({ unitId: a.unitId, parentUnitId: a.parentUnitId, state: a.state, latest: latest.get(a.unitId) ?? null })),
  );
  const taskIdsOf = new Map(tree.map((a) => [a.unitId, a.taskIds] as const));
  await client.workflow.getHandle(directiveWorkflowId(input.directiveId)).signal(reorganiseSignal, {
    v: 1,
    basis: input.basis,
    by: input.by,
    successors: plan.successors.map((s) => ({
      unitId: s.unitId,
      parentUnitId: s.parentUnitId,
      // The tasks any of its predecessors carried (each list in the directive's order).
      taskIds: [...new Set(s.from.flatMap((u) => taskIdsOf.get(u) ?? []))],
      from: s.from,
      carried: s.figures === null ? null : { figures: s.figures, review: s.review === 'accepted' ? ('accepted' as const) : ('pending' as const) },
    })),
    ending: plan.ending,
  });
  await repos.audit.append({
    actor: { userId: input.by, role: 'system_admin', unitId: null },
    action: 'directive.reorganise',
    entityType: 'directive',
    entityId: input.directiveId,
    after: { basis: input.basis, ...plan },
    actionKey: `reorganise:${input.directiveId}:${input.basis}`,
  });
  return plan;
}
