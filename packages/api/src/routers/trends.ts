import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { isOwed, rateTrend } from '@chidao/domain';
import { authedProcedure } from '../trpc';

const trendShape = z.object({
  unitId: z.string(),
  rateKey: z.string().nullable(),
  rateLabel: z.string().nullable(),
  targetPercent: z.number().nullable(),
  children: z.array(z.object({ unitId: z.string(), name: z.string() })),
  points: z.array(
    z.object({ date: z.string(), percent: z.number().nullable(), reported: z.number().int(), children: z.record(z.string(), z.number().nullable()) }),
  ),
});

export const trendsRouter = {
  /**
   * The directive's goal rate over time, seen from one unit (the user's own by default, or any unit
   * they may read within the directive): the unit's rate and each child's, per report day.
   */
  rate: authedProcedure
    .input(z.object({ directiveId: z.string().min(1).max(300), unitId: z.string().min(1).max(300).optional() }))
    .output(trendShape)
    .query(async ({ ctx, input }) => {
      const summary = await ctx.access.directive(input.directiveId);
      const { unit } = await ctx.access.readUnit(input.unitId ?? ctx.actor.unitId, summary.id);
      // The directive's own tree: a reorganisation's successors count where they hang.
      const hierarchy = await ctx.access.treeOf(summary.id);
      const [directive, states, history] = await Promise.all([
        ctx.repos.directives.get(summary.id),
        ctx.repos.assignments.statesForDirective(summary.id, unit.id),
        ctx.repos.reports.allForDirective(summary.id, unit.id),
      ]);
      const metrics = directive?.metrics ?? [];
      const rates = directive?.rates ?? [];
      // As in the rollup: territorial committees report their area's figures; agencies are not added.
      const expected = states
        .filter((s) => isOwed(s.state) && hierarchy.units.get(s.unitId)?.kind === 'people_committee')
        .map((s) => s.unitId);
      const trend = rateTrend(hierarchy, unit.id, expected, history, metrics, rates);
      return {
        ...trend,
        rateLabel: rates.find((r) => r.key === trend.rateKey)?.label ?? null,
        children: [...trend.children],
        points: [...trend.points],
      };
    }),
} satisfies TRPCRouterRecord;
