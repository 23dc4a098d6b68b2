/**
 * Finding things in a long list (issue 22: a province reads hundreds of tasks and directives): a
 * search by words typed with or without Vietnamese marks, filters, and pages of bounded size. Pure,
 * so the API pages what it sends and the web app never holds more than a page.
 */

/** The most rows one page may hold: a phone's screenful of cards times a few, and a bounded answer. */
export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;
/** The longest search text (words to find, not a document). */
export const MAX_QUERY_LENGTH = 200;

/** Text as a search compares it: without marks (Vĩnh → vinh, Đông → dong), in lower case, NFC or NFD alike. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** Whether every word of `query` is found in one of `texts` (an empty query finds everything). */
export function matchesQuery(texts: readonly string[], query: string): boolean {
  const words = foldForSearch(query).split(/\s/).filter((w) => w !== '');
  if (words.length === 0) return true;
  const haystack = foldForSearch(texts.join('\n'));
  return words.every((w) => haystack.includes(w));
}

export interface Page<T> {
  readonly items: T[];
  /** Rows that match in all, across pages. */
  readonly total: number;
  /** 1-based; a page past the last is the last (a list that shrank while it was read). */
  readonly page: number;
  readonly pageSize: number;
  /** At least 1, so "page 1 of 1" reads right for an empty list. */
  readonly pages: number;
}

export function pageOf<T>(rows: readonly T[], page: number, pageSize: number): Page<T> {
  const size = Math.min(Math.max(1, Math.floor(pageSize)), MAX_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  return { items: rows.slice((current - 1) * size, current * size), total: rows.length, page: current, pageSize: size, pages };
}

/** How a task stands, as a filter names it: the standing's kind, or `none` where nothing is due. */
export const TASK_STANDING_FILTERS = ['within', 'dueSoon', 'overdue', 'doneOnTime', 'doneLate', 'none'] as const;
export type TaskStandingFilter = (typeof TASK_STANDING_FILTERS)[number];

/** What a task filter reads of an assignment. */
export interface FindableTask {
  readonly directiveId: string;
  readonly state: string;
  readonly standing: { readonly kind: string } | null;
  /** The deadline in force (ISO instant), null when none. */
  readonly deadline: { readonly at: string } | null;
  /** What a search reads: the directive's number, subject and issuer, the task texts, the unit. */
  readonly texts: readonly string[];
}

export interface TaskFilter {
  readonly query?: string;
  readonly state?: string;
  readonly standing?: TaskStandingFilter;
  /** Only tasks whose deadline in force falls on or before this instant (the end of a day, in Vietnam). */
  readonly dueBy?: string;
  readonly directiveId?: string;
}

export function taskMatches(task: FindableTask, filter: TaskFilter): boolean {
  if (filter.directiveId !== undefined && task.directiveId !== filter.directiveId) return false;
  if (filter.state !== undefined && task.state !== filter.state) return false;
  if (filter.standing !== undefined && (task.standing?.kind ?? 'none') !== filter.standing) return false;
  if (filter.dueBy !== undefined && (task.deadline === null || Date.parse(task.deadline.at) > Date.parse(filter.dueBy))) return false;
  return matchesQuery(task.texts, filter.query ?? '');
}
