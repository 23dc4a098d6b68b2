import { OVERVIEW_REFRESH_MS } from './overview';

/** Rows on one page of the inbox (the API serves at most 50). */
export const ESCALATION_PAGE_SIZE = 20;

/** How often an inbox that has been on screen a while asks again. */
export const INBOX_REFRESH_MS = 15_000;

/**
 * For its first half minute on screen, the escalation inbox (and the home page's count of it) asks
 * at the overviews' pace (OVERVIEW_REFRESH_MS): what the user just did may be escalating now. An
 * issuer back on the home page after issuing a dispatch whose acknowledgement date had passed sees
 * the count a few seconds later, not up to 15 s later (the browser test of issuing waited that
 * long). Then it asks at the idle pace.
 */
export const INBOX_EAGER_MS = 30_000;

/** The inbox's refresh interval, `shownFor` ms after it appeared. */
export function inboxRefreshInterval(shownFor: number): number {
  return shownFor < INBOX_EAGER_MS ? OVERVIEW_REFRESH_MS : INBOX_REFRESH_MS;
}
