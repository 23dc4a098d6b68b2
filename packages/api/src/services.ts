import type { Client } from '@temporalio/client';
import { DomainError, planReorganisation, type Directive, type HeldAssignment, type HolidayYear, type PendingDecision, type ReorganisationPlan, type Succession } from '@chidao/domain';
import { directiveWorkflowId, reorganiseSignal, startCalendarChange, startDirective } from '@chidao/workflows';
import type { AuditEntryInput, Repositories } from '@chidao/db';
import type { FileStore } from '@chidao/files';
import { sourceText } from '@chidao/intake';
import { dispatchPdf } from '@chidao/intake/dispatch-pdf';

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

/** A directive's assignments as a reorganisation plans them: each with its unit's latest report. */
export async function heldAssignments(repos: Repositories, directiveId: string) {
  const [tree, reports] = await Promise.all([repos.assignments.treeOf(directiveId), repos.reports.latestForDirective(directiveId)]);
  const latest = new Map(reports.map((r) => [r.unitId, { figures: r.figures, review: r.review }] as const));
  const held: HeldAssignment[] = tree.map((a) => ({ unitId: a.unitId, parentUnitId: a.parentUnitId, state: a.state, latest: latest.get(a.unitId) ?? null, succeeds: a.succeeds }));
  return { tree, held, latest };
}

/**
 * The plan for a directive now (planReorganisation: the reorganisation's succession, the assignments
 * as they stand, the latest report of each), handed to the directive's workflow: successors start
 * with their predecessors' summed figures, later decisions join theirs, then the predecessors and the
 * ceased units' assignments end. What moved already is closed and plans nothing again, so the same
 * reorganisation signalled twice changes nothing (the workflows also take each step once).
 */
async function signalReorganisation(
  deps: { repos: Repositories; client: Client },
  directiveId: string,
  reorganisation: { readonly basis: string; readonly succession: readonly Succession[] },
  by: string,
): Promise<ReorganisationPlan> {
  const { client } = deps;
  const { tree, held, latest } = await heldAssignments(deps.repos, directiveId);
  const plan = planReorganisation(reorganisation.succession, held);
  if (plan.successors.length + plan.joins.length + plan.ending.length === 0) return plan;
  const taskIdsOf = new Map(tree.map((a) => [a.unitId, a.taskIds] as const));
  const carried = (figures: Readonly<Record<string, number>> | null, review: string) =>
    figures === null ? null : { figures, review: review === 'accepted' ? ('accepted' as const) : ('pending' as const) };
  // Each predecessor's own latest figures, so that a successor taking it in a second time (a plan
  // made before the first step was through) adds nothing twice.
  const predecessors = (from: readonly string[]) =>
    from.map((unitId) => {
      const own = latest.get(unitId);
      return { unitId, carried: own ? carried(own.figures, own.review) : null };
    });
  await client.workflow.getHandle(directiveWorkflowId(directiveId)).signal(reorganiseSignal, {
    v: 1,
    basis: reorganisation.basis,
    by,
    successors: plan.successors.map((s) => ({
      unitId: s.unitId,
      parentUnitId: s.parentUnitId,
      // The tasks any of its predecessors carried (each list in the directive's order).
      taskIds: [...new Set(s.from.flatMap((u) => taskIdsOf.get(u) ?? []))],
      from: s.from,
      carried: carried(s.figures, s.review),
      predecessors: predecessors(s.from),
    })),
    joins: plan.joins.map((j) => ({ unitId: j.unitId, predecessors: predecessors(j.from) })),
    ending: plan.ending,
  });
  return plan;
}

/**
 * Carries one running directive through a reorganisation of units (a resolution that merged
 * communes and ended the district level): keeps where each old unit went (`succession`, from the
 * official lists) with its audit entry, and hands the plan to the directive's workflow
 * (signalReorganisation). `basis` names the resolution and its effective date: every ended
 * assignment records it as its reason. Applying the same basis again changes nothing. Returns the
 * plan, with the decisions left to the issuer (pendingReorganisation, decideReorganisation).
 */
export async function applyReorganisation(
  deps: { repos: Repositories; client: Client },
  input: { readonly directiveId: string; readonly succession: readonly Succession[]; readonly basis: string; readonly by: string },
): Promise<ReorganisationPlan> {
  const { repos } = deps;
  if (!(await repos.directives.get(input.directiveId))) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId: input.directiveId });
  const stored = await repos.reorganisations.record(
    { directiveId: input.directiveId, basis: input.basis, succession: [...input.succession], appliedBy: input.by },
    {
      actor: { userId: input.by, role: 'system_admin', unitId: null },
      action: 'directive.reorganise',
      entityType: 'directive',
      entityId: input.directiveId,
      after: { basis: input.basis, succession: input.succession },
    },
  );
  return signalReorganisation(deps, input.directiveId, stored, input.by);
}

/** A decision the issuer has still to take, from one of the directive's reorganisations. */
export interface PendingReorganisationDecision extends PendingDecision {
  readonly basis: string;
}

/** What is still to decide in the directive's reorganisations, computed from the assignments as they stand. */
export async function pendingReorganisation(repos: Repositories, directiveId: string): Promise<PendingReorganisationDecision[]> {
  const reorganisations = await repos.reorganisations.forDirective(directiveId);
  if (reorganisations.length === 0) return [];
  const { held } = await heldAssignments(repos, directiveId);
  return reorganisations.flatMap((r) => planReorganisation(r.succession, held).decisions.map((d) => ({ ...d, basis: r.basis })));
}

/**
 * The issuer decides where one old unit's task goes: to one of the candidates the lists name (a
 * split), or, where the lists name none, to any People's Committee of the new map. The decision is
 * kept (audited) and carried out like the lists' own moves: a new successor, or a join into one
 * already running; its ceased district ends once nothing below it waits.
 */
export async function decideReorganisation(
  deps: { repos: Repositories; client: Client },
  input: { readonly directiveId: string; readonly basis: string; readonly unitId: string; readonly toUnitId: string; readonly audit: AuditEntryInput },
): Promise<ReorganisationPlan> {
  const { repos } = deps;
  const pending = (await pendingReorganisation(repos, input.directiveId)).find((d) => d.basis === input.basis && d.unitId === input.unitId);
  if (!pending) throw new DomainError('ILLEGAL_TRANSITION', 'Nothing is waiting for a decision for this unit', { unitId: input.unitId, field: 'unitId' });
  const hierarchy = await repos.units.hierarchy();
  const target = hierarchy.units.get(input.toUnitId);
  const open = pending.reason === 'not-listed' || pending.reason === 'ambiguous';
  const old = new Set((await repos.reorganisations.forDirective(input.directiveId)).flatMap((r) => r.succession.map((s) => s.oldUnitId)));
  const level = hierarchy.units.get(input.unitId)?.level;
  if (!target || target.kind !== 'people_committee' || target.level !== level || old.has(target.id) || (!open && !pending.candidates.includes(target.id))) {
    throw new DomainError('INVALID_INPUT', `${input.toUnitId} cannot take over this task`, { unitId: input.toUnitId, field: 'toUnitId' });
  }
  const decided = await repos.reorganisations.decide(input.directiveId, input.basis, input.unitId, input.toUnitId, input.audit);
  return signalReorganisation(deps, input.directiveId, decided, input.audit.actor?.userId ?? 'system');
}

/**
 * Gives a directive entered without its document (the seed's 1119) its full text and, as its
 * original, a PDF laid out from that text with a text layer (the demo's stand-in for the signed
 * PDF an issuer attaches). Each is written once: a restart keeps what is there.
 */
export async function seedDirectiveDocument(repos: Repositories, files: FileStore, directive: Directive, text: string): Promise<void> {
  await repos.directives.setFullTextIfMissing(directive.id, sourceText(text));
  if ((await repos.directives.document(directive.id))?.original) return;
  const pdf = await dispatchPdf(text, { columns: true, title: `Công văn ${directive.reference}` });
  const sha256 = await files.put(pdf);
  const filename = `cong-van-${directive.reference.replace(/\//g, '-')}.pdf`;
  await repos.directives.attachOriginal(directive.id, { sha256, contentType: 'application/pdf', filename, size: pdf.length }, null);
}
