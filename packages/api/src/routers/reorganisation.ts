import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { canDecideReorganisation, childrenOf, DomainError, type Hierarchy } from '@chidao/domain';
import { auditEntry } from '../audit';
import type { AuthedContext } from '../context';
import { decideReorganisation, pendingReorganisation } from '../services';
import { authedProcedure } from '../trpc';

/**
 * A running directive through a reorganisation of units (`npm run reorganise` applies one): what the
 * official lists could not decide waits here for the issuer (a commune split between new units, a
 * name not in the lists), who picks the new unit that carries the task on.
 */

const id = z.string().min(1).max(300);
const unitOption = z.object({ id: z.string(), name: z.string() });
const decision = z.object({
  basis: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  reason: z.enum(['split', 'not-listed', 'ambiguous', 'parents-differ', 'target-holds']),
  /** The new units the issuer may choose from. */
  choices: z.array(unitOption),
  /** Old official codes the name could stand for (ambiguous). */
  codes: z.array(z.string()),
});

/** The directive for one who may decide on it: its issuer's leadership or the system administrator. */
async function directiveToDecide(ctx: AuthedContext, directiveId: string) {
  const directive = await ctx.access.directive(directiveId);
  if (!canDecideReorganisation(ctx.access.grants, directive)) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId });
  return directive;
}

/** Every People's Committee of the new map below the provinces `unitIds` lie in, by name. */
function communesOfProvincesOf(hierarchy: Hierarchy, unitIds: readonly string[]) {
  const roots = new Set(unitIds.map((u) => hierarchy.units.get(u)?.parentId).filter((p): p is string => typeof p === 'string'));
  return [...roots]
    .flatMap((root) => childrenOf(hierarchy, root))
    .filter((u) => u.kind === 'people_committee')
    .map((u) => ({ id: u.id, name: u.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

export const reorganisationRouter = {
  /** What is still to decide for a directive, with the units the issuer may choose from. */
  pending: authedProcedure
    .input(z.object({ directiveId: id }))
    .output(z.array(decision))
    .query(async ({ ctx, input }) => {
      const directive = await directiveToDecide(ctx, input.directiveId);
      const [pending, hierarchy, tree] = await Promise.all([
        pendingReorganisation(ctx.repos, directive.id),
        ctx.access.hierarchy(),
        ctx.repos.assignments.treeOf(directive.id),
      ]);
      // Where no new unit is named, any commune of the new provinces this directive's successors are in.
      const open = communesOfProvincesOf(hierarchy, tree.filter((a) => a.succeeds.length > 0).map((a) => a.unitId));
      const named = (unitId: string) => ({ id: unitId, name: hierarchy.units.get(unitId)?.name ?? unitId });
      return pending.map((d) => ({
        basis: d.basis,
        unitId: d.unitId,
        unitName: hierarchy.units.get(d.unitId)?.name ?? d.unitId,
        reason: d.reason,
        choices: d.reason === 'not-listed' || d.reason === 'ambiguous' ? open : d.candidates.map(named),
        codes: d.reason === 'ambiguous' ? [...d.candidates] : [],
      }));
    }),

  /** The issuer's decision: the old unit's task goes on at `toUnitId` (a new assignment, or joined to a running one). */
  decide: authedProcedure
    .input(z.object({ directiveId: id, basis: z.string().min(1).max(1000), unitId: id, toUnitId: id }))
    .output(z.object({ successors: z.number().int(), joins: z.number().int(), ending: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      const directive = await directiveToDecide(ctx, input.directiveId);
      const plan = await decideReorganisation(
        { repos: ctx.repos, client: ctx.temporal.client },
        {
          directiveId: directive.id,
          basis: input.basis,
          unitId: input.unitId,
          toUnitId: input.toUnitId,
          audit: auditEntry(ctx, {
            actor: { userId: ctx.user.id, role: ctx.access.grants.find((g) => g.role === 'system_admin') ? 'system_admin' : 'issuer', unitId: ctx.actor.unitId },
            action: 'directive.reorganise.decide',
            entityType: 'directive',
            entityId: directive.id,
            before: { unitId: input.unitId },
            after: { unitId: input.unitId, toUnitId: input.toUnitId, basis: input.basis },
          }),
        },
      );
      return { successors: plan.successors.length, joins: plan.joins.length, ending: [...plan.ending] };
    }),
} satisfies TRPCRouterRecord;
