import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  committeeLevelBelow,
  compileReport,
  DomainError,
  getUnit,
  isOwed,
  localDateOf,
  REVIEW_STATES,
  rollUp,
  type CompiledReport,
  type Rollup,
  type UnitReportState,
} from '@chidao/domain';
import type { AuthedContext } from '../context';
import { authedProcedure, createCallerFactory, router } from '../trpc';
import { directivesRouter } from './directives';

const rate = z.object({
  numerator: z.number(),
  denominator: z.number(),
  percent: z.number().nullable(),
  targetPercent: z.number().nullable(),
  meetsTarget: z.boolean().nullable(),
  gapPoints: z.number().nullable(),
});
const row = z.object({
  unitId: z.string(),
  name: z.string(),
  rank: z.number().int().nullable(),
  figures: z.record(z.string(), z.number().nullable()),
  rates: z.record(z.string(), rate),
  reported: z.number().int(),
  expected: z.number().int(),
  notReported: z.number().int(),
  pendingReview: z.boolean(),
});
const compiledReportShape = z.object({
  directive: z.object({ id: z.string(), reference: z.string(), date: z.string(), subject: z.string(), issuerName: z.string() }),
  header: z.object({
    parentBody: z.string().nullable(),
    issuingBody: z.string(),
    issuingUnitId: z.string(),
    place: z.string(),
    date: z.string(),
    subject: z.string(),
    recipient: z.string(),
  }),
  metrics: z.array(z.object({ key: z.string(), label: z.string() })),
  rates: z.array(z.object({ key: z.string(), label: z.string(), targetPercent: z.number().nullable() })),
  rankedBy: z.string().nullable(),
  rows: z.array(row),
  rowLevel: z.string().nullable(),
  total: row,
  agencies: z.array(row),
  statusCounts: z.object(Object.fromEntries(REVIEW_STATES.map((s) => [s, z.number().int()])) as Record<(typeof REVIEW_STATES)[number], z.ZodNumber>),
  signer: z.object({ capacity: z.array(z.string()), name: z.string().nullable() }),
});

export const compiledInput = z.object({ directiveId: z.string().min(1).max(300) });

// The territorial figures come from directives.rollup itself, so the report shows exactly what the
// rollup screens show, however that procedure computes them.
const directivesCaller = createCallerFactory(router(directivesRouter));

/** Zod output wants mutable arrays; the domain hands out readonly ones. */
const toOutput = (r: CompiledReport) => ({
  ...r,
  metrics: [...r.metrics],
  rates: [...r.rates],
  rows: [...r.rows],
  agencies: [...r.agencies],
  signer: { ...r.signer, capacity: [...r.signer.capacity] },
});

/** The compiled report of a directive, for its coordinator and the issuer's leadership only (the report and its XLSX file, files.ts). */
export async function compiledReportFor(ctx: AuthedContext, directiveId: string): Promise<CompiledReport> {
  const summary = await ctx.access.compiledReportOf(directiveId);
  const [hierarchy, directive] = await Promise.all([ctx.access.hierarchy(), ctx.repos.directives.get(summary.id)]);
  if (!directive) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId });
  const issuerId = directive.issuerUnitId;
  const [territorial, states, reports] = await Promise.all([
    directivesCaller(ctx).rollup({ directiveId: directive.id, unitId: issuerId }),
    ctx.repos.assignments.statesForDirective(directive.id, issuerId),
    ctx.repos.reports.latestForDirective(directive.id, issuerId),
  ]);
  const metrics = directive.metrics ?? [];
  const rates = directive.rates ?? [];
  // Agencies directly under the issuer (Sở, ban, ngành, đoàn thể) report their own staff: a rollup of their own.
  const byUnit = new Map(reports.map((r) => [r.unitId, r]));
  const agencyStates: UnitReportState[] = states
    .filter((s) => isOwed(s.state))
    .filter((s) => {
      const unit = hierarchy.units.get(s.unitId);
      return unit !== undefined && unit.parentId === issuerId && unit.kind !== 'people_committee';
    })
    .map((s) => {
      const report = byUnit.get(s.unitId);
      return report ? { unitId: s.unitId, figures: report.figures, review: report.review } : { unitId: s.unitId, figures: null, review: 'none' };
    });
  const compilerId = directive.coordinatorUnitId ?? issuerId;
  const compiler = getUnit(hierarchy, compilerId);
  return compileReport({
    directive,
    issuer: getUnit(hierarchy, issuerId),
    compiler,
    compilerParent: compiler.parentId === null ? null : getUnit(hierarchy, compiler.parentId),
    metrics,
    rates,
    rollup: territorial.rollup as Rollup,
    rowLevel: committeeLevelBelow(hierarchy, issuerId),
    agencies: rollUp(hierarchy, issuerId, agencyStates, metrics, rates),
    on: localDateOf(new Date().toISOString()),
  });
}

export const compiledRouter = {
  /**
   * The coordinating unit's compiled report of a directive: a row per district ranked by the goal
   * rate, the total from summed figures, the agencies apart, the header and signature block.
   * Its coordinator and the issuer's leadership only.
   */
  report: authedProcedure
    .input(compiledInput)
    .output(compiledReportShape)
    .query(async ({ ctx, input }) => toOutput(await compiledReportFor(ctx, input.directiveId))),
} satisfies TRPCRouterRecord;
