import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { canReadCompiledReport, DOCUMENT_KINDS, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, matchesQuery, pageOf } from '@chidao/domain';
import { assessProgress, childrenOf, compareUnitsForOfficials, DomainError, type Actor, descendantsOf, type Directive, type Hierarchy, planAssignments, progressBelow, progressByChild, getUnit, isOperator, rollUpFromChildren, type Rollup, unitDisplayName } from '@chidao/domain';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { amendAcknowledgementUpdate,
  amendDirectiveDeadlineUpdate, assignmentWorkflowId, directiveWorkflowId, endProgressReportsUpdate, recallUpdate } from '@chidao/workflows';
import { fromTemporal } from '../errors';
import { auditActing } from '../audit';
import type { AuthedContext } from '../context';
import { authedProcedure } from '../trpc';
import { adjustment } from './assignments/shared';
import { ackCount, assignmentState, assignmentView, deadlineAndStanding, directiveHeader, deadlineSchema, standingSchema, toAssignmentOutput } from './schemas';

/** A calendar day, yyyy-MM-dd, that exists (no 30 February). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(Date.parse(d)).toISOString().startsWith(d), 'No such day');

const unitSummary = z.object({ id: z.string(), name: z.string(), level: z.string(), kind: z.string() });

const directiveSummary = directiveHeader.extend({
  workflowId: z.string(),
  assignmentCount: z.number().int(),
  acknowledgedCount: z.number().int(),
  /** The directive's workflow in the Temporal Web UI, for operators; null when no UI is configured. */
  workflowUrl: z.string().nullable(),
});

/**
 * A link into the Temporal Web UI for a workflow id (ids contain '/' and ':', so they are encoded),
 * for an operator only: null for officials, and when no UI is configured.
 */
const workflowUrlOf = (ctx: Pick<AuthedContext, 'temporalUi' | 'grants'>, workflowId: string): string | null =>
  ctx.temporalUi && isOperator(ctx.grants) ? `${ctx.temporalUi.url.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ctx.temporalUi.namespace)}/workflows/${encodeURIComponent(workflowId)}` : null;

const metric = z.object({ key: z.string(), label: z.string(), cumulative: z.boolean() });
const rate = z.object({ key: z.string(), label: z.string(), numerator: z.string(), denominator: z.string(), targetPercent: z.number().optional() });
const rateValue = z.object({ numerator: z.number(), denominator: z.number(), percent: z.number().nullable() });
const subtree = z.object({
  figures: z.record(z.string(), z.number()),
  rates: z.record(z.string(), rateValue),
  pendingReview: z.boolean(),
  reported: z.number().int(),
  expected: z.number().int(),
});
const rollupShape = subtree.extend({
  unitId: z.string(),
  children: z.array(subtree.extend({ unitId: z.string(), name: z.string(), rank: z.number().int().nullable() })),
  statusCounts: z.record(z.string(), z.number().int()),
});

/** Zod output wants mutable arrays; the domain hands out readonly ones. */
const toOutput = (r: Rollup) => ({ ...r, children: [...r.children] });

export const directivesRouter = {
  /** Directives issued within the user's line (by a unit they read or one above them), and those they coordinate. */
  list: authedProcedure
    .output(z.array(directiveSummary))
    .query(async ({ ctx }) => (await ctx.access.visibleDirectives()).map((d) => ({ ...d, workflowUrl: workflowUrlOf(ctx, d.workflowId) }))),

  /**
   * The same directives, found and paged: words of the number, subject or issuer (with or without
   * marks), dated within a range; with `compiledOnly`, those whose compiled report the user reads (the
   * home page's list). A page at most MAX_PAGE_SIZE long, with the total.
   */
  search: authedProcedure
    .input(
      z.object({
        query: z.string().max(MAX_QUERY_LENGTH).default(''),
        /** yyyy-MM-dd: dated on or after / on or before. */
        from: day.optional(),
        to: day.optional(),
        compiledOnly: z.boolean().default(false),
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
      }),
    )
    .output(z.object({ items: z.array(directiveSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), pages: z.number().int() }))
    .query(async ({ ctx, input }) => {
      const found = (await ctx.access.visibleDirectives()).filter(
        (d) =>
          (!input.compiledOnly || canReadCompiledReport(ctx.grants, d)) &&
          (input.from === undefined || d.date >= input.from) &&
          (input.to === undefined || d.date <= input.to) &&
          matchesQuery([d.reference, d.subject, d.issuerName], input.query),
      );
      const page = pageOf(found, input.page, input.pageSize);
      return { ...page, items: page.items.map((d) => ({ ...d, workflowUrl: workflowUrlOf(ctx, d.workflowId) })) };
    }),

  /**
   * A directive seen from one unit (the user's own by default, or any unit they may read within the
   * directive): its own assignment, and per child unit "x of y acknowledged" below it.
   */
  overview: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300), unitId: z.string().min(1).max(300).optional() }))
    .output(
      z.object({
        directive: directiveSummary,
        /** The directive asks for periodic reports (báo cáo định kỳ), which its issuer may end. */
        periodic: z.boolean(),
        unit: unitSummary,
        own: assignmentView.nullable(),
        below: ackCount,
        /**
         * The assignment it carries out ("Thực hiện Công văn số … của …", issue 25): that directive's
         * number, date and issuer, and its id to link to when the reader may see it (else null).
         */
        implements: z
          .object({ directiveId: z.string().nullable(), unitId: z.string(), kind: z.enum(DOCUMENT_KINDS), reference: z.string(), date: z.string(), issuerName: z.string() })
          .nullable(),
        /** Assignments strictly below the unit that are past their deadline now. */
        overdueBelow: z.number().int(),
        /** The unit has units below it in the directive's tree at all (a commune has none): whether "below" means anything. */
        hasUnitsBelow: z.boolean(),
        /**
         * While the directive is still being delivered (the fan-out right after issuing): how many of the
         * units planned below this one have their assignment so far. Null once every planned unit has it.
         */
        delivery: z.object({ delivered: z.number().int(), planned: z.number().int() }).nullable(),
        children: z.array(
          unitSummary.extend({
            own: assignmentState.nullable(),
            below: ackCount,
            /** The child's own deadline in force and how it stands. */
            deadline: deadlineSchema,
            standing: standingSchema,
            /** Assignments below the child past their deadline (a district's late communes). */
            overdueBelow: z.number().int(),
            /** Behind target by its latest report (the straight path to the target): it may be asked to explain before any deadline. */
            atRisk: z.boolean(),
          }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => {
      const directive = await ctx.access.directive(input.directiveId);
      const { unit } = await ctx.access.readUnit(input.unitId ?? ctx.actor.unitId, directive.id);
      // The directive's own tree: a reorganisation's successors under the units they answer to.
      const hierarchy = await ctx.access.treeOf(directive.id);
      const [body, own, states, deadlines, latest] = await Promise.all([
        ctx.repos.directives.get(directive.id),
        ctx.repos.assignments.get(assignmentWorkflowId(directive.id, unit.id)),
        ctx.repos.assignments.statesForDirective(directive.id, unit.id),
        ctx.repos.lifecycle.deadlinesBelow(directive.id, unit.id),
        // The children's own latest reports only: whether each is behind target (this list is polled).
        ctx.repos.reports.latestOf(directive.id, childrenOf(hierarchy, unit.id).map((c) => c.id)),
      ]);
      const now = new Date().toISOString();
      const below = progressBelow(hierarchy, unit.id, states);
      const calendar = await ctx.repos.calendar.load();
      const standings = deadlines.map((d) => ({ ...d, ...deadlineAndStanding(d, calendar, now) }));
      const byUnit = new Map(standings.map((d) => [d.unitId, d]));
      const latestOf = new Map(latest.map((r) => [r.unitId, r]));
      const atRisk = (unitId: string) => {
        const report = latestOf.get(unitId);
        return body !== null && report !== undefined && (assessProgress(body, report.figures, now)?.atRisk ?? false);
      };
      const overdueUnder = (path: string) => standings.filter((d) => d.standing?.kind === 'overdue' && d.path.startsWith(`${path}/`)).length;
      return {
        directive: { ...directive, workflowUrl: workflowUrlOf(ctx, directive.workflowId) },
        implements: await parentOf(ctx, body),
        periodic: body?.tracking?.progressReports !== undefined,
        unit: { id: unit.id, name: unitDisplayName(unit.name), level: unit.level, kind: unit.kind },
        own: own ? toAssignmentOutput(own, calendar, now) : null,
        below,
        overdueBelow: standings.filter((d) => d.standing?.kind === 'overdue').length,
        hasUnitsBelow: childrenOf(hierarchy, unit.id).length > 0,
        delivery: deliveryBelow(hierarchy, body, unit.id, states),
        children: progressByChild(hierarchy, unit.id, states)
          .map((child) => {
          const u = getUnit(hierarchy, child.unitId);
          const mine = byUnit.get(u.id);
          return {
            id: u.id,
            name: unitDisplayName(u.name),
            level: u.level,
            kind: u.kind,
            own: child.own,
            below: child.below,
            deadline: mine?.deadline ?? null,
            standing: mine?.standing ?? null,
            overdueBelow: mine ? overdueUnder(mine.path) : 0,
            atRisk: atRisk(u.id),
          };
          })
          // As officials list units: People's Committees by place name, then departments.
          .sort(compareUnitsForOfficials),
      };
    }),

  /**
   * The units directly below one unit, each with its assignment of this directive (null when it has
   * none): whom a unit may forward its task to, and where an assigner may move one.
   */
  subordinates: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300), unitId: z.string().min(1).max(300) }))
    .output(z.array(unitSummary.extend({ state: assignmentState.nullable(), parentUnitId: z.string().nullable() })))
    .query(async ({ ctx, input }) => {
      const directive = await ctx.access.directive(input.directiveId);
      const { unit } = await ctx.access.readUnit(input.unitId, directive.id);
      const units = childrenOf(await ctx.access.hierarchy(), unit.id);
      const held = new Map((await ctx.repos.assignments.holders(directive.id, units.map((u) => u.id))).map((h) => [h.unitId, h] as const));
      return units.map((u) => ({
        id: u.id,
        name: u.name,
        level: u.level,
        kind: u.kind,
        state: held.get(u.id)?.state ?? null,
        parentUnitId: held.get(u.id)?.parentUnitId ?? null,
      }));
    }),

  /**
   * The directive's figures seen from one unit: totals of the latest report of every People's
   * Committee below it, rates from summed numerators and denominators, children ranked.
   */
  rollup: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300), unitId: z.string().min(1).max(300).optional() }))
    .output(z.object({ unitId: z.string(), metrics: z.array(metric), rates: z.array(rate), rollup: rollupShape }))
    .query(async ({ ctx, input }) => {
      const summary = await ctx.access.directive(input.directiveId);
      const { unit } = await ctx.access.readUnit(input.unitId ?? ctx.actor.unitId, summary.id);
      const hierarchy = await ctx.access.hierarchy();
      // Precomputed per unit by the database (rollup_node): only the unit's children are read.
      const [directive, children] = await Promise.all([ctx.repos.directives.get(summary.id), ctx.repos.rollups.childrenOf(summary.id, unit.id)]);
      const metrics = directive?.metrics ?? [];
      const rates = directive?.rates ?? [];
      const named = children.map((child) => ({ ...child, name: hierarchy.units.get(child.unitId)?.name ?? child.unitId }));
      return { unitId: unit.id, metrics: [...metrics], rates: [...rates], rollup: toOutput(rollUpFromChildren(unit.id, named, metrics, rates)) };
    }),

  /** The issuer moves every unit's report deadline to a new day; the running timers move with it. */
  amendDeadline: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300), reportDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), reason: z.string().trim().min(1).max(2_000) }))
    .output(z.object({ reportDate: z.string(), assignments: z.number().int() }))
    .mutation(({ ctx, input }) =>
      asIssuer(ctx, input.directiveId, 'directive.amend_deadline', { reportDate: input.reportDate, reason: input.reason }, (handle, actor) =>
        handle.executeUpdate(amendDirectiveDeadlineUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor, reportDate: input.reportDate, reason: input.reason }] }),
      ),
    ),

  /** The issuer moves the acknowledgement window of every unit that has not acknowledged yet; its running timers move. */
  amendAcknowledgement: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300), acknowledgeDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), reason: z.string().trim().min(1).max(2_000) }))
    .output(z.object({ acknowledgeDate: z.string(), assignments: z.number().int() }))
    .mutation(({ ctx, input }) =>
      asIssuer(ctx, input.directiveId, 'directive.amend_acknowledgement', { acknowledgeDate: input.acknowledgeDate, reason: input.reason }, (handle, actor) =>
        handle.executeUpdate(amendAcknowledgementUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor, acknowledgeDate: input.acknowledgeDate, reason: input.reason }] }),
      ),
    ),

  /**
   * The issuer ends the directive's periodic reports (kết thúc báo cáo định kỳ, the "cho đến khi có
   * chỉ đạo khác" it asked for): every unit still owes the periods whose figures closed by now, none
   * after, and their timers stop. Refused for a directive that asks for none, or ended already.
   */
  endProgressReports: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300), reason: z.string().trim().min(1).max(2_000) }))
    .output(z.object({ endedAt: z.string(), assignments: z.number().int() }))
    .mutation(({ ctx, input }) =>
      asIssuer(ctx, input.directiveId, 'directive.end_progress_reports', { progressReportsEnded: true, reason: input.reason }, async (handle, actor) => {
        if (!(await ctx.repos.directives.get(input.directiveId))?.tracking?.progressReports) {
          throw new DomainError('ILLEGAL_TRANSITION', 'The directive asks for no periodic reports', { directiveId: input.directiveId });
        }
        return handle.executeUpdate(endProgressReportsUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor, reason: input.reason }] });
      }),
    ),

  /**
   * The directive's requests to change or drop a task (đề nghị điều chỉnh), waiting ones first, for its
   * issuing unit's leadership, who decide them: each with its unit, its task and what was asked.
   */
  adjustments: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300) }))
    .output(
      z.array(
        adjustment.extend({ assignmentId: z.string(), unitId: z.string(), unitName: z.string(), taskText: z.string() }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const directive = await ctx.access.directive(input.directiveId);
      try {
        ctx.access.issueFor(directive.issuerUnitId);
      } catch {
        throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId: input.directiveId });
      }
      const [requests, body, hierarchy] = await Promise.all([ctx.repos.adjustments.forDirective(directive.id), ctx.repos.directives.get(directive.id), ctx.access.treeOf(directive.id)]);
      const textOf = (taskId: string) => body?.tasks.find((t) => t.id === taskId)?.text ?? taskId;
      return [...requests]
        .sort((a, b) => Number(b.state === 'pending') - Number(a.state === 'pending'))
        .map(({ directiveId: _d, ...r }) => ({ ...r, unitName: hierarchy.units.get(r.unitId)?.name ?? r.unitId, taskText: textOf(r.taskId) }));
    }),

  /** The issuer withdraws the directive; every assignment below it is recalled and its timers stop. */
  recall: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300), reason: z.string().trim().min(1).max(2_000) }))
    .output(z.object({ directiveId: z.string(), recalled: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const { directiveId } = await asIssuer(ctx, input.directiveId, 'directive.recall', { recalled: true, reason: input.reason }, (handle, actor) =>
        handle.executeUpdate(recallUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor, reason: input.reason }] }).then(() => ({ directiveId: input.directiveId })),
      );
      return { directiveId, recalled: true as const };
    }),
} satisfies TRPCRouterRecord;

/**
 * An action only the issuing unit takes on a running directive: checks the user acts for the issuer
 * (anyone else is told the directive does not exist), runs the workflow update, and audits it.
 */
async function asIssuer<T>(
  ctx: AuthedContext,
  directiveId: string,
  action: string,
  after: Record<string, unknown>,
  run: (handle: WorkflowHandle, actor: Actor) => Promise<T>,
): Promise<T> {
  const directive = await ctx.access.directive(directiveId);
  let acting;
  try {
    acting = ctx.access.actFor(directive.issuerUnitId);
  } catch {
    throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive for this user', { directiveId });
  }
  let result: T;
  try {
    result = await run(ctx.temporal.client.workflow.getHandle(directiveWorkflowId(directive.id)), acting.actor);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new DomainError('UNAVAILABLE', 'The directive is not running', { directiveId: directive.id });
    throw fromTemporal(error, { directiveId: directive.id });
  }
  await auditActing(ctx, acting, { action, entityType: 'directive', entityId: directive.id, before: null, after });
  return result;
}

/**
 * The fan-out after issuing as the overview shows it: the units the directive plans below `unitId`
 * (planAssignments on the directive's own tree) against the assignments there so far. Null once they
 * are all there (a forwarded task only adds to them), for a directive the plan cannot be read for, and
 * once an assignment has been recalled or moved (reassigned, or taken over by a reorganisation's new
 * unit): the plan then no longer describes the directive, and its delivery is long over.
 */
function deliveryBelow(
  hierarchy: Hierarchy,
  body: Directive | null,
  unitId: string,
  states: ReadonlyArray<{ readonly unitId: string; readonly state: string }>,
): { delivered: number; planned: number } | null {
  if (body === null || states.some((a) => a.state === 'recalled' || a.state === 'reassigned')) return null;
  const below = new Set(descendantsOf(hierarchy, unitId).map((u) => u.id));
  const delivered = states.filter((a) => below.has(a.unitId)).length;
  let planned: number;
  try {
    planned = planAssignments(hierarchy, body).filter((p) => below.has(p.unitId)).length;
  } catch {
    return null;
  }
  return delivered < planned ? { delivered, planned } : null;
}

/** The directive `body` carries out, as its page cites it; its id only for a reader who may see it. */
async function parentOf(ctx: AuthedContext, body: Directive | null) {
  const link = body?.implements;
  if (!link) return null;
  const [parent, visible] = await Promise.all([ctx.repos.directives.get(link.directiveId), ctx.access.visibleDirectives()]);
  if (!parent) return null;
  const issuerName = (await ctx.access.hierarchy()).units.get(parent.issuerUnitId)?.name ?? parent.issuerUnitId;
  return {
    directiveId: visible.some((d) => d.id === parent.id) ? parent.id : null,
    unitId: link.unitId,
    kind: parent.kind ?? ('cong_van' as const),
    reference: parent.reference,
    date: parent.date,
    issuerName,
  };
}
