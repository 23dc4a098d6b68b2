import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  administeredRoots,
  administeringGrant,
  DomainError,
  isAdministrator,
  planReorganisation,
  planUnitChange,
  UNIT_CHANGE_LIMITS,
  type Hierarchy,
  type ReorganisationPlan,
  type Succession,
  type Unit,
  type UnitChange,
  type UnitChangePlan,
} from '@chidao/domain';
import { auditEntry } from '../audit';
import type { AuthedContext } from '../context';
import { applyReorganisation, heldAssignments } from '../services';
import { authedProcedure } from '../trpc';

/**
 * Units from the administration screen (issue 23, `#/admin/units`): the tree of the administrator's
 * province, a rename, an addition, a merger or a split with its resolution and effective date. The
 * rules are @chidao/domain's `planUnitChange`; what a merger or split does to running directives is
 * the reorganisation engine's (`planReorganisation` for the preview, `applyReorganisation` to carry
 * it out), the same one `npm run reorganise` drives from the official lists.
 */

const id = z.string().trim().min(1).max(200);
const name = z.string().max(UNIT_CHANGE_LIMITS.nameLength + 50);
const code = z.string().max(10).optional();
const target = z.union([z.object({ unitId: id }), z.object({ name, code })]);
const changeInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rename'), unitId: id, name }),
  z.object({ kind: z.literal('add'), parentId: id, name, code }),
  z.object({ kind: z.literal('merge'), from: z.array(id).min(1).max(UNIT_CHANGE_LIMITS.parts), into: target }),
  z.object({ kind: z.literal('split'), from: id, into: z.array(target).min(1).max(UNIT_CHANGE_LIMITS.parts) }),
]);
const legalInput = z.object({ resolution: z.string().max(UNIT_CHANGE_LIMITS.resolutionLength + 50), effectiveFrom: z.string().max(10) });
const input = z.object({ change: changeInput, legal: legalInput });

const named = z.object({ id: z.string(), name: z.string() });
const directivePlan = z.object({
  directiveId: z.string(),
  reference: z.string(),
  successors: z.array(z.object({ unit: named, from: z.array(named) })),
  joins: z.array(z.object({ unit: named, from: z.array(named) })),
  decisions: z.array(z.object({ unit: named, reason: z.string(), choices: z.array(named) })),
  ending: z.array(named),
});
/** Directives listed in a preview; more are counted. */
const LISTED = 100;
const planView = z.object({
  kind: z.enum(['rename', 'add', 'merge', 'split']),
  basis: z.string(),
  units: z.array(z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), validFrom: z.string().nullable(), validTo: z.string().nullable() })),
  created: z.array(named),
  ended: z.array(named),
  directives: z.array(directivePlan),
  directiveCount: z.number().int(),
});

const unitView = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  level: z.string(),
  kind: z.string(),
  parentId: z.string().nullable(),
  depth: z.number().int(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});

function administrator(ctx: AuthedContext): void {
  if (!isAdministrator(ctx.grants)) throw new DomainError('NOT_ADMINISTRATOR', 'Only an administrator keeps units');
}

/** The unit the change stands on as it is now (for the administering grant of the audit entry). */
const standsOn = (change: UnitChange) =>
  change.kind === 'rename' ? change.unitId : change.kind === 'add' ? change.parentId : change.kind === 'merge' ? change.from[0]! : change.from;

/** What a merger or split does to each running directive, as the reorganisation engine plans it now. */
async function directivePlans(ctx: AuthedContext, succession: readonly Succession[], ended: readonly string[]) {
  const ids = await ctx.repos.assignments.directivesOpenAt(ended);
  const plans: Array<{ directiveId: string; plan: ReorganisationPlan }> = [];
  for (const directiveId of ids.slice(0, LISTED)) plans.push({ directiveId, plan: planReorganisation(succession, (await heldAssignments(ctx.repos, directiveId)).held) });
  return { plans, count: ids.length, all: ids };
}

async function view(ctx: AuthedContext, hierarchy: Hierarchy, plan: Pick<UnitChangePlan, 'kind' | 'basis' | 'units' | 'created' | 'ended'>, plans: Awaited<ReturnType<typeof directivePlans>>) {
  const written = new Map(plan.units.map((u) => [u.id, u] as const));
  const nameOf = (unitId: string) => written.get(unitId)?.name ?? hierarchy.units.get(unitId)?.name ?? unitId;
  const n = (unitId: string) => ({ id: unitId, name: nameOf(unitId) });
  const references = new Map((await ctx.repos.directives.entries(plans.plans.map((p) => p.directiveId))).map((d) => [d.id, d.reference] as const));
  return {
    kind: plan.kind,
    basis: plan.basis,
    units: plan.units.map((u: Unit) => ({ id: u.id, name: u.name, parentId: u.parentId, validFrom: u.validFrom ?? null, validTo: u.validTo ?? null })),
    created: plan.created.map(n),
    ended: plan.ended.map(n),
    directives: plans.plans.map(({ directiveId, plan: p }) => ({
      directiveId,
      reference: references.get(directiveId) ?? directiveId,
      successors: p.successors.map((s) => ({ unit: n(s.unitId), from: s.from.map(n) })),
      joins: p.joins.map((j) => ({ unit: n(j.unitId), from: j.from.map(n) })),
      decisions: p.decisions.map((d) => ({ unit: n(d.unitId), reason: d.reason, choices: d.reason === 'ambiguous' ? [] : d.candidates.map(n) })),
      ending: p.ending.map(n),
    })),
    directiveCount: plans.count,
  };
}

/** What an audit entry keeps of a change, enough to finish it on a retry (the units are written by then). */
interface Recorded {
  readonly kind: UnitChangePlan['kind'];
  readonly basis: string;
  readonly units: readonly Unit[];
  readonly created: readonly string[];
  readonly ended: readonly string[];
  readonly succession: readonly Succession[];
}

export const unitsRouter = {
  /** The units the user administers, in tree order, ended ones included (with their last day). */
  tree: authedProcedure.output(z.array(unitView)).query(async ({ ctx }) => {
    administrator(ctx);
    const hierarchy = await ctx.repos.units.hierarchy();
    const out: Array<z.infer<typeof unitView>> = [];
    const stack: Array<[string, number]> = [...(administeredRoots(ctx.grants) ?? hierarchy.roots)].filter((r) => hierarchy.units.has(r)).reverse().map((r) => [r, 0]);
    while (stack.length > 0) {
      const [unitId, depth] = stack.pop()!;
      const u = hierarchy.units.get(unitId)!;
      out.push({ id: u.id, name: u.name, code: u.code ?? null, level: u.level, kind: u.kind, parentId: u.parentId, depth, validFrom: u.validFrom ?? null, validTo: u.validTo ?? null });
      for (const child of [...(hierarchy.children.get(unitId) ?? [])].reverse()) stack.push([child, depth + 1]);
    }
    return out;
  }),

  /** What a change would do, written nowhere: the units, and each running directive's plan (the first 100). */
  preview: authedProcedure
    // A mutation only because a merger's names are too long for a GET's URL; it writes nothing.
    .meta({ repeatable: 'reads the tree and the running directives and stores nothing' })
    .input(input)
    .output(planView)
    .mutation(async ({ ctx, input }) => {
      administrator(ctx);
      const hierarchy = await ctx.repos.units.hierarchy();
      const plan = planUnitChange(hierarchy, ctx.grants, input.change, input.legal);
      return view(ctx, hierarchy, plan, await directivePlans(ctx, plan.succession, plan.ended));
    }),

  /**
   * Carries a change out: the units written with the audit entry (unit.rename, unit.add, unit.merge,
   * unit.split) in one transaction, then each running directive with an open assignment at an ended
   * unit through the reorganisation engine (kept per directive and basis, so never twice). A retry of
   * the same action after the units were written finishes the directives from the audit entry.
   */
  applyChange: authedProcedure
    .input(input)
    .output(planView.extend({ applied: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      administrator(ctx);
      const hierarchy = await ctx.repos.units.hierarchy();
      const earlier = ctx.once ? await ctx.repos.audit.byActionKey(ctx.once.updateId) : null;
      let recorded: Recorded;
      let applied = false;
      if (earlier) {
        recorded = earlier.after as Recorded;
      } else {
        const plan = planUnitChange(hierarchy, ctx.grants, input.change, input.legal);
        const grant = administeringGrant(hierarchy, ctx.grants, standsOn(input.change))!;
        recorded = { kind: plan.kind, basis: plan.basis, units: plan.units, created: plan.created, ended: plan.ended, succession: plan.succession };
        const before = plan.units.flatMap((u) => hierarchy.units.get(u.id) ?? []);
        applied = await ctx.repos.units.change(
          plan.units,
          auditEntry(ctx, {
            actor: { userId: ctx.user.id, role: grant.role, unitId: grant.unitId },
            action: `unit.${plan.kind}`,
            entityType: 'unit',
            entityId: plan.subjectId,
            before: { units: before },
            after: { ...recorded, resolution: input.legal.resolution.trim(), effectiveFrom: input.legal.effectiveFrom },
          }),
        );
      }
      const ids = await ctx.repos.assignments.directivesOpenAt(recorded.ended);
      const plans: Array<{ directiveId: string; plan: ReorganisationPlan }> = [];
      for (const directiveId of ids) {
        const plan = await applyReorganisation({ repos: ctx.repos, client: ctx.temporal.client }, { directiveId, succession: recorded.succession, basis: recorded.basis, by: ctx.user.id });
        if (plans.length < LISTED) plans.push({ directiveId, plan });
      }
      return { ...(await view(ctx, await ctx.repos.units.hierarchy(), recorded, { plans, count: ids.length, all: ids })), applied };
    }),
} satisfies TRPCRouterRecord;
