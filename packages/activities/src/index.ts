import { planAssignments, type Directive, type Hierarchy, type PlannedAssignment } from '@chidao/domain';
import type { Delivery, DirectiveActivities } from '@chidao/workflows';
import type { createRepositories } from '@chidao/db';

type Repositories = ReturnType<typeof createRepositories>;

export interface ActivityDeps {
  readonly repos: Repositories;
}

/**
 * Activities are thin: load, apply a domain rule, persist. Plans are cached per directive since a
 * province's fan-out asks for the same plan once per district.
 */
export function createActivities({ repos }: ActivityDeps): DirectiveActivities {
  const plans = new Map<string, Promise<PlannedAssignment[]>>();

  async function plan(directiveId: string): Promise<PlannedAssignment[]> {
    let cached = plans.get(directiveId);
    if (!cached) {
      cached = (async () => {
        const [directive, hierarchy]: [Directive | null, Hierarchy] = await Promise.all([
          repos.directives.get(directiveId),
          repos.units.hierarchy(),
        ]);
        if (!directive) throw new Error(`Directive ${directiveId} is not in the database`);
        return planAssignments(hierarchy, directive);
      })();
      plans.set(directiveId, cached);
      cached.catch(() => plans.delete(directiveId));
    }
    return cached;
  }

  const toDelivery = (p: PlannedAssignment): Delivery => ({ unitId: p.unitId, taskIds: p.taskIds });

  return {
    async planDirective({ directiveId }) {
      return (await plan(directiveId)).filter((p) => p.parentUnitId === null).map(toDelivery);
    },
    async planChildren({ directiveId, unitId }) {
      return (await plan(directiveId)).filter((p) => p.parentUnitId === unitId).map(toDelivery);
    },
    async recordIssued(input) {
      await repos.assignments.recordIssued({ ...input, taskIds: [...input.taskIds] });
    },
    async recordState(input) {
      await repos.assignments.recordState(input);
    },
  };
}
