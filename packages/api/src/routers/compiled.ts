import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ASSIGNMENT_STATES,
  childrenOf,
  committeeLevelBelow,
  compareUnitsForOfficials,
  compileReport,
  compileUnitReport,
  DomainError,
  getUnit,
  isOwed,
  localDateOf,
  REVIEW_STATES,
  rollUp,
  type CompiledReport,
  type Rollup,
  type RowTask,
  type UnitReportState,
} from '@chidao/domain';
import type { AuthedContext } from '../context';
import { authedProcedure, createCallerFactory, router } from '../trpc';
import { directivesRouter } from './directives';
import { assignmentWorkflowId } from '@chidao/workflows';
import { deadlineAndStanding, deadlineSchema, standingSchema } from './schemas';

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
  task: z
    .object({ state: z.enum(ASSIGNMENT_STATES), acknowledgedAt: z.string().nullable(), deadline: deadlineSchema, standing: standingSchema })
    .nullable()
    .optional(),
});
const compiledReportShape = z.object({
  scope: z.enum(['directive', 'unit']),
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
  taskTotals: z.object({ units: z.number().int(), acknowledged: z.number().int(), overdue: z.number().int() }).nullable(),
  signer: z.object({ capacity: z.array(z.string()), name: z.string().nullable() }),
});

export const compiledInput = z.object({ directiveId: z.string().min(1).max(300) });
export const unitReportInput = z.object({ directiveId: z.string().min(1).max(300), unitId: z.string().min(1).max(300) });

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

/**
 * A unit's report of the units it passed a directive to (a district's of its communes): for whoever may
 * read that unit within the directive (the unit itself, the units above it, the coordinator), as
 * directives.overview is. Another district, or a commune below, is told the unit does not exist; so is
 * a unit that holds no task of the directive or has nobody below it to report on.
 */
export async function unitReportFor(ctx: AuthedContext, directiveId: string, unitId: string): Promise<CompiledReport> {
  const summary = await ctx.access.directive(directiveId);
  const { unit } = await ctx.access.readUnit(unitId, summary.id);
  const tree = await ctx.access.treeOf(summary.id);
  const [directive, own, deadlines, calendar] = await Promise.all([
    ctx.repos.directives.get(summary.id),
    ctx.repos.assignments.get(assignmentWorkflowId(summary.id, unit.id)),
    ctx.repos.lifecycle.deadlinesBelow(summary.id, unit.id),
    ctx.repos.calendar.load(),
  ]);
  if (!directive) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId });
  const below = childrenOf(tree, unit.id);
  if (!own || below.length === 0) throw new DomainError('UNIT_NOT_FOUND', `${unit.id} has no units below it on ${directiveId}`, { unitId });
  const now = new Date().toISOString();
  const byUnit = new Map(deadlines.map((d) => [d.unitId, d]));
  const tasks = new Map<string, RowTask>();
  // As officials list units, People's Committees by place name; a task moved elsewhere (giao lại) is no longer the unit's.
  for (const child of [...below].sort(compareUnitsForOfficials)) {
    const held = byUnit.get(child.id);
    if (!held || held.state === 'reassigned') continue;
    tasks.set(child.id, { state: held.state, acknowledgedAt: held.acknowledgedAt, ...deadlineAndStanding(held, calendar, now) });
  }
  const territorial = await directivesCaller(ctx).rollup({ directiveId: directive.id, unitId: unit.id });
  return compileUnitReport({
    directive,
    issuer: getUnit(tree, directive.issuerUnitId),
    unit,
    unitParent: unit.parentId === null ? null : getUnit(tree, unit.parentId),
    recipient: getUnit(tree, own.parentUnitId ?? directive.issuerUnitId),
    metrics: directive.metrics ?? [],
    rates: directive.rates ?? [],
    rollup: territorial.rollup as Rollup,
    rowLevel: committeeLevelBelow(tree, unit.id),
    tasks,
    on: localDateOf(now),
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

  /**
   * A unit's report of the units below it on a directive (a district's of its communes): each unit
   * with its figures, when it acknowledged and how its task stands, the totals, the unit's own header.
   */
  unitReport: authedProcedure
    .input(unitReportInput)
    .output(compiledReportShape)
    .query(async ({ ctx, input }) => toOutput(await unitReportFor(ctx, input.directiveId, input.unitId))),
} satisfies TRPCRouterRecord;
