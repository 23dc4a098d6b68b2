import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  CHAIN_DEPTH_MAX,
  childrenOf,
  DomainError,
  getUnit,
  implementingDraft,
  implementsProblems,
  localDateOf,
  reportFromRollup,
  rollUpFromChildren,
  unitDisplayName,
  type Directive,
  type DirectiveProblem,
} from '@chidao/domain';
import { assignmentWorkflowId } from '@chidao/workflows';
import type { ImplementingDirective } from '@chidao/db';
import type { AuthedContext } from '../context';
import { authedProcedure } from '../trpc';
import { deadlineAndStanding } from './schemas';

/**
 * Directive chains (issue 25): a unit carries out a directive it received by issuing its own, and
 * owes the parent the figures of that directive's rollup. The link is recorded at issue
 * (directives.issue's `implements`, checked here); these procedures read around it.
 */

const id = z.string().min(1).max(500);
const taskDue = z.discriminatedUnion('type', [
  z.object({ type: z.literal('date'), date: z.string(), time: z.string().optional() }),
  z.object({ type: z.literal('workingDays'), days: z.number().int() }),
  z.object({ type: z.literal('none') }),
]);
const metric = z.object({ key: z.string(), label: z.string(), cumulative: z.boolean() });
const rate = z.object({ key: z.string(), label: z.string(), numerator: z.string(), denominator: z.string(), targetPercent: z.number().optional() });
const implementingRef = z.object({ directiveId: z.string(), reference: z.string(), date: z.string(), enteredAt: z.string() });

/** Why the definition's `implements` may not be recorded (none: it may, or it names none). */
export async function chainProblems(ctx: AuthedContext, directive: Directive): Promise<DirectiveProblem[]> {
  const parent = directive.implements;
  if (!parent) return [];
  const unitIds = [...new Set([parent.unitId, directive.issuerUnitId])];
  const held = await Promise.all(unitIds.map((unitId) => ctx.repos.assignments.get(assignmentWorkflowId(parent.directiveId, unitId))));
  const holders = held.flatMap((a) => (a && a.directiveId === parent.directiveId ? [{ unitId: a.unitId, succeedsUnitIds: a.succeedsUnitIds }] : []));
  const chain = holders.length === 0 ? [] : await ctx.repos.directives.chainFrom(parent.directiveId, CHAIN_DEPTH_MAX);
  return implementsProblems({ directiveId: directive.id, issuerUnitId: directive.issuerUnitId, parent, holders, chain });
}

/** The directives issued to carry out an assignment: its own unit's, and those naming the units a successor took over. */
async function implementationsOf(ctx: AuthedContext, assignment: { directiveId: string; unitId: string; succeedsUnitIds: readonly string[] }): Promise<ImplementingDirective[]> {
  const issued = await ctx.repos.directives.implementing(assignment.directiveId, [assignment.unitId, ...assignment.succeedsUnitIds]);
  return issued.filter((d) => d.issuerUnitId === assignment.unitId || d.unitId === assignment.unitId);
}

export const chainsRouter = {
  /**
   * What the issuing form starts from when a unit carries out an assignment it holds ("Ban hành văn
   * bản thực hiện"): the parent's tasks for it, targets and deadlines a few working days earlier
   * than its own (the domain's implementingDraft), the figures to collect, and the link. Only for
   * whoever may issue in that unit's name to units below it; anyone else: no such assignment.
   */
  draft: authedProcedure
    .input(z.object({ assignmentId: id }))
    .output(
      z.object({
        implements: z.object({ directiveId: z.string(), unitId: z.string() }),
        parent: z.object({ reference: z.string(), date: z.string(), issuerName: z.string() }),
        subject: z.string(),
        tasks: z.array(z.object({ text: z.string(), due: taskDue.optional() })),
        targets: z.array(z.object({ text: z.string(), value: z.number(), unit: z.enum(['percent', 'count']), metric: z.string(), due: z.string() })),
        deadlines: z.array(z.object({ text: z.string(), due: z.string() })),
        reportBy: z.string().nullable(),
        metrics: z.array(metric),
        rates: z.array(rate),
        /** Directives the unit already issued for this assignment: issuing another is allowed, but worth a look first. */
        issued: z.array(implementingRef),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { assignment } = await ctx.access.assignmentToActOn(input.assignmentId);
      await ctx.access.issueBelow(assignment.unitId).catch(() => {
        throw notFound(input.assignmentId);
      });
      const [parent, hierarchy, calendar, issued] = await Promise.all([
        ctx.repos.directives.get(assignment.directiveId),
        ctx.access.hierarchy(),
        ctx.repos.calendar.load(),
        implementationsOf(ctx, assignment),
      ]);
      if (!parent) throw notFound(input.assignmentId);
      const issuerName = hierarchy.units.get(parent.issuerUnitId)?.name ?? assignment.directive.issuerName;
      const draft = implementingDraft(calendar, {
        parent,
        hierarchy: await ctx.access.treeOf(parent.id),
        parentIssuerName: issuerName,
        unitId: assignment.unitId,
        taskIds: assignment.tasks.filter((t) => !t.dropped).map((t) => t.id),
        reportBy: assignment.reportBy === null ? null : localDateOf(assignment.reportBy),
        today: localDateOf(new Date().toISOString()),
      });
      return {
        ...draft,
        implements: { ...draft.implements },
        parent: { reference: parent.reference, date: parent.date, issuerName },
        tasks: draft.tasks.map((t) => ({ ...t })),
        targets: draft.targets.map((t) => ({ ...t })),
        deadlines: draft.deadlines.map((d) => ({ ...d })),
        metrics: draft.metrics.map((m) => ({ ...m })),
        rates: draft.rates.map((r) => ({ ...r })),
        issued: issued.map((d) => ({ directiveId: d.id, reference: d.reference, date: d.date, enteredAt: d.enteredAt })),
      };
    }),

  /**
   * "Báo cáo từ tổng hợp": the figures the unit owes on its assignment, read live from the rollup of
   * the directive it issued to carry it out (the latest, when it issued several), compared with the
   * last report it sent. Nothing is sent: the unit confirms with reports.submit, as any report.
   * Null when it issued none.
   */
  fromRollup: authedProcedure
    .input(z.object({ assignmentId: id }))
    .output(
      z
        .object({
          implementing: implementingRef,
          figures: z.record(z.string(), z.number()),
          missing: z.array(z.string()),
          reported: z.number().int(),
          expected: z.number().int(),
          pendingReview: z.boolean(),
          changed: z.boolean(),
          correction: z.boolean(),
          /** The last version sent upward, null when none. */
          lastVersion: z.number().int().nullable(),
        })
        .nullable(),
    )
    .query(async ({ ctx, input }) => {
      const { assignment } = await ctx.access.assignmentToActOn(input.assignmentId);
      const child = (await implementationsOf(ctx, assignment)).at(-1);
      if (!child) return null;
      const [parent, body, children, history, hierarchy] = await Promise.all([
        ctx.repos.directives.get(assignment.directiveId),
        ctx.repos.directives.get(child.id),
        ctx.repos.rollups.childrenOf(child.id, child.issuerUnitId),
        ctx.repos.reports.history(assignment.id),
        ctx.access.hierarchy(),
      ]);
      const named = children.map((c) => ({ ...c, name: hierarchy.units.get(c.unitId)?.name ?? c.unitId }));
      const rollup = rollUpFromChildren(child.issuerUnitId, named, body?.metrics ?? [], body?.rates ?? []);
      const last = history.at(-1) ?? null;
      const draft = reportFromRollup(parent?.metrics ?? [], rollup, last?.figures ?? null);
      return {
        implementing: { directiveId: child.id, reference: child.reference, date: child.date, enteredAt: child.enteredAt },
        ...draft,
        figures: { ...draft.figures },
        missing: [...draft.missing],
        lastVersion: last?.version ?? null,
      };
    }),

  /**
   * For the directive seen from one unit (as directives.overview): each unit directly below that
   * holds it, with the directives it issued to carry it out, when, and how many of their units are
   * past a deadline now. A directive the reader may not see (its visibility rules are the
   * directive's own) shows only that it exists and when: no id, no number, no count.
   */
  below: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300), unitId: z.string().min(1).max(300).optional() }))
    .output(
      z.array(
        z.object({
          unitId: z.string(),
          name: z.string(),
          implementing: z.array(
            z.object({
              directiveId: z.string().nullable(),
              reference: z.string().nullable(),
              date: z.string(),
              enteredAt: z.string(),
              /** Its assignments past a deadline now, anywhere below its issuer; null when not visible. */
              overdue: z.number().int().nullable(),
            }),
          ),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const directive = await ctx.access.directive(input.directiveId);
      const { unit } = await ctx.access.readUnit(input.unitId ?? ctx.actor.unitId, directive.id);
      const hierarchy = await ctx.access.treeOf(directive.id);
      const childIds = childrenOf(hierarchy, unit.id).map((u) => u.id);
      const held = new Set((await ctx.repos.assignments.holders(directive.id, childIds)).map((h) => h.unitId));
      // In the tree's order, as the page lists the units below.
      const holders = childIds.filter((unitId) => held.has(unitId));
      const [issued, visible, calendar] = await Promise.all([
        ctx.repos.directives.implementing(directive.id, holders),
        ctx.access.visibleDirectives().then((all) => new Set(all.map((d) => d.id))),
        ctx.repos.calendar.load(),
      ]);
      const now = new Date().toISOString();
      const overdueOf = async (d: ImplementingDirective) => {
        const rows = await ctx.repos.lifecycle.deadlinesBelow(d.id, d.issuerUnitId);
        return rows.filter((r) => deadlineAndStanding(r, calendar, now).standing?.kind === 'overdue').length;
      };
      const shown = await Promise.all(
        issued.map(async (d) =>
          visible.has(d.id)
            ? { unitId: d.unitId, directiveId: d.id, reference: d.reference, date: d.date, enteredAt: d.enteredAt, overdue: await overdueOf(d) }
            : { unitId: d.unitId, directiveId: null, reference: null, date: d.date, enteredAt: d.enteredAt, overdue: null },
        ),
      );
      return holders.map((unitId) => ({
        unitId,
        name: unitDisplayName(getUnit(hierarchy, unitId).name),
        implementing: shown.filter((d) => d.unitId === unitId).map(({ unitId: _u, ...d }) => d),
      }));
    }),
} satisfies TRPCRouterRecord;

/** The same answer as for an assignment the user does not act for. */
const notFound = (assignmentId: string) => new DomainError('ASSIGNMENT_NOT_FOUND', 'No such assignment for this user', { assignmentId });
