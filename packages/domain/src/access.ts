import { DomainError } from './errors';
import { isWithin, type Hierarchy } from './hierarchy';

/**
 * A user reads their own unit and everything below it, never a sibling's or another branch's.
 * The refusal reads like a missing unit, so probing ids outside one's branch learns nothing.
 */
export function assertCanRead(hierarchy: Hierarchy, actorUnitId: string, targetUnitId: string): void {
  if (!hierarchy.units.has(targetUnitId) || !isWithin(hierarchy, targetUnitId, actorUnitId)) {
    throw new DomainError('UNIT_NOT_FOUND', `Unit ${targetUnitId} is not visible to ${actorUnitId}`, { unitId: targetUnitId });
  }
}
