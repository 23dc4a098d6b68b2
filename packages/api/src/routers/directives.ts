import { z } from 'zod';
import { assertCanRead, DomainError, getUnit, isWithin, progressBelow, progressByChild } from '@chidao/domain';
import { assignmentWorkflowId } from '@chidao/workflows';
import { authedProcedure, router } from '../trpc';
import { ackCount, assignmentState, assignmentView } from './schemas';

const unitSummary = z.object({ id: z.string(), name: z.string(), level: z.string(), kind: z.string() });

const directiveSummary = z.object({
  id: z.string(),
  reference: z.string(),
  subject: z.string(),
  date: z.string(),
  issuerUnitId: z.string(),
  issuerName: z.string(),
  workflowId: z.string(),
  assignmentCount: z.number().int(),
  acknowledgedCount: z.number().int(),
});

export const directivesRouter = router({
  /** Directives issued within the signed-in user's line: by their unit or by a unit above it. */
  list: authedProcedure.output(z.array(directiveSummary)).query(async ({ ctx }) => {
    const hierarchy = await ctx.repos.units.hierarchy();
    const all = await ctx.repos.directives.list();
    return all.filter((d) => isWithin(hierarchy, ctx.actor.unitId, d.issuerUnitId) || isWithin(hierarchy, d.issuerUnitId, ctx.actor.unitId));
  }),

  /**
   * A directive seen from one unit (the user's own by default, or any unit below it): its own
   * assignment, and per child unit "x of y acknowledged" below it.
   */
  overview: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300), unitId: z.string().min(1).max(300).optional() }))
    .output(
      z.object({
        directive: directiveSummary,
        unit: unitSummary,
        own: assignmentView.nullable(),
        below: ackCount,
        children: z.array(unitSummary.extend({ own: assignmentState.nullable(), below: ackCount })),
      }),
    )
    .query(async ({ ctx, input }) => {
      const hierarchy = await ctx.repos.units.hierarchy();
      const unitId = input.unitId ?? ctx.actor.unitId;
      assertCanRead(hierarchy, ctx.actor.unitId, unitId);
      const directive = (await ctx.repos.directives.list()).find((d) => d.id === input.directiveId);
      if (!directive) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId: input.directiveId });
      const [own, states] = await Promise.all([
        ctx.repos.assignments.get(assignmentWorkflowId(directive.id, unitId)),
        ctx.repos.assignments.statesForDirective(directive.id, unitId),
      ]);
      const unit = getUnit(hierarchy, unitId);
      return {
        directive,
        unit: { id: unit.id, name: unit.name, level: unit.level, kind: unit.kind },
        own: own ? { ...own, tasks: own.tasks.map(({ id, text }) => ({ id, text })) } : null,
        below: progressBelow(hierarchy, unitId, states),
        children: progressByChild(hierarchy, unitId, states).map((child) => {
          const u = getUnit(hierarchy, child.unitId);
          return { id: u.id, name: u.name, level: u.level, kind: u.kind, own: child.own, below: child.below };
        }),
      };
    }),
});
