import { collectDirective, type CollectDeps } from './collect';
import { compareDirective, type Difference } from './compare';

export interface Reconciliation {
  readonly directiveId: string;
  readonly assignments: number;
  readonly differences: readonly Difference[];
}

/** Compares one directive's assignment workflows with its read model. */
export async function reconcileDirective(deps: CollectDeps, directiveId: string): Promise<Reconciliation> {
  const sides = await collectDirective(deps, directiveId);
  return { directiveId, assignments: sides.planned.length, differences: compareDirective(sides) };
}

/**
 * Checks until the two sides agree or `waitMs` has passed. An activity in flight (an alarm the
 * workflow has just acted on, its event not yet written) is a difference that settles by itself;
 * one that lasts is real.
 */
export async function reconcileSettled(deps: CollectDeps, directiveId: string, waitMs: number, intervalMs = 2_000): Promise<Reconciliation> {
  const until = Date.now() + waitMs;
  for (;;) {
    const result = await reconcileDirective(deps, directiveId);
    if (result.differences.length === 0 || Date.now() >= until) return result;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
