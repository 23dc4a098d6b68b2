import type { Query, QueryKey } from '@tanstack/react-query';
import type { Overview } from '../api';

/** How often an overview asks again, so a district sees its communes acknowledge without reloading. */
export const OVERVIEW_REFRESH_MS = 3_000;

/** True when the unit has something below it to track for this directive. */
export function hasBelow(overview: Overview): boolean {
  return overview.children.length > 0 || overview.below.total > 0;
}

/**
 * With nothing below yet, ask rarely rather than never: a directive still fanning out reaches a
 * district's communes a few seconds after the district opened its page.
 */
export const OVERVIEW_IDLE_REFRESH_MS = 15_000;

export function overviewRefetchInterval<E, K extends QueryKey>(query: Query<Overview, E, Overview, K>): number {
  const data = query.state.data;
  return data && !hasBelow(data) ? OVERVIEW_IDLE_REFRESH_MS : OVERVIEW_REFRESH_MS;
}
