import type { Query, QueryKey } from '@tanstack/react-query';
import type { Overview } from '../api';

/** How often an overview asks again, so a district sees its communes acknowledge without reloading. */
export const OVERVIEW_REFRESH_MS = 3_000;

/** True when the unit has something below it to track for this directive, or soon will (still being delivered). */
export function hasBelow(overview: Overview): boolean {
  return overview.children.length > 0 || overview.below.total > 0 || overview.delivery !== null;
}

/**
 * With nothing below yet, ask rarely rather than never: a directive still fanning out reaches a
 * district's communes a few seconds after the district opened its page.
 */
export const OVERVIEW_IDLE_REFRESH_MS = 15_000;

/**
 * Answers with nothing below that are still asked for at the usual pace: a directive just issued is
 * fanning out, and its issuer, back on the home page, waited up to 15 s to see it there (the browser
 * test of issuing measured 15.5 s). After these, a directive with nothing below is asked rarely.
 */
export const OVERVIEW_EAGER_FETCHES = 10;

export function overviewRefetchInterval<E, K extends QueryKey>(query: Query<Overview, E, Overview, K>): number {
  const data = query.state.data;
  if (!data || hasBelow(data)) return OVERVIEW_REFRESH_MS;
  return query.state.dataUpdateCount < OVERVIEW_EAGER_FETCHES ? OVERVIEW_REFRESH_MS : OVERVIEW_IDLE_REFRESH_MS;
}
