import { parseDisplayDate } from './dates';
import { formatDate } from './format';

/** 0 = Sunday … 6 = Saturday, of a calendar date (yyyy-MM-dd), whatever the browser's zone. */
export function weekdayOf(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

/** Days as the calendar form shows them: one dd/MM/yyyy per line, in order. */
export function formatDayList(dates: readonly string[]): string {
  return [...dates].sort().map(formatDate).join('\n');
}

/**
 * Days typed one per line (or separated by commas or semicolons) as dd/MM/yyyy: the yyyy-MM-dd dates,
 * each once and in order, and the pieces that are not real dates, as typed.
 */
export function parseDayList(text: string): { dates: string[]; bad: string[] } {
  const dates = new Set<string>();
  const bad: string[] = [];
  for (const piece of text.split(/[\n,;]+/).map((p) => p.trim())) {
    if (piece === '') continue;
    const date = parseDisplayDate(piece);
    if (date) dates.add(date);
    else bad.push(piece);
  }
  return { dates: [...dates].sort(), bad };
}
