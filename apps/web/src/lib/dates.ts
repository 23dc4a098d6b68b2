import { TZDate } from '@date-fns/tz';
import { TIME_ZONE, zonedFields } from './format';

const DISPLAY = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/;

/**
 * A date typed as dd/MM/yyyy (also d/M/yyyy, or with "." or "-") as the API wants it, yyyy-MM-dd;
 * null when it is not a real calendar day (31/02/2026).
 */
export function parseDisplayDate(text: string): string | null {
  const m = DISPLAY.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The calendar day (yyyy-MM-dd) an instant falls on in Việt Nam; a bare date is returned as it is. */
export function vietnamDay(iso: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const { yyyy, MM, dd } = zonedFields(new TZDate(ms, TIME_ZONE));
  return `${yyyy}-${MM}-${dd}`;
}

/** A dispatch entered for tracking this many days or more after its date was entered late (a paper one, an old one). */
export const ENTERED_LATE_DAYS = 7;

/**
 * Whether a task was delivered long after its dispatch's date, so that the card says how such a task
 * runs: deadlines count from the delivery, and a date in the dispatch that had passed by then does not
 * make the task overdue from its first minute (docs/engine.md, "A paper dispatch already in force").
 */
export function enteredLate(dispatchDate: string, deliveredAt: string): boolean {
  const delivered = vietnamDay(deliveredAt);
  if (delivered === null || !/^\d{4}-\d{2}-\d{2}$/.test(dispatchDate)) return false;
  const days = (Date.parse(`${delivered}T00:00:00Z`) - Date.parse(`${dispatchDate}T00:00:00Z`)) / 86_400_000;
  return days >= ENTERED_LATE_DAYS;
}

/** Why a typed date cannot be sent: not a date, or outside [after, notAfter] (both yyyy-MM-dd, exclusive / inclusive). */
export type DateProblem = 'invalid' | 'notLater' | 'tooLate';

export function checkDate(
  text: string,
  bounds: { after?: string | null; notAfter?: string | null } = {},
): { ok: true; date: string } | { ok: false; problem: DateProblem } {
  const date = parseDisplayDate(text);
  if (date === null) return { ok: false, problem: 'invalid' };
  if (bounds.after && date <= bounds.after) return { ok: false, problem: 'notLater' };
  if (bounds.notAfter && date > bounds.notAfter) return { ok: false, problem: 'tooLate' };
  return { ok: true, date };
}

/**
 * A time of day as officials type it ("21:00", "9:30", "21h", "21h30", "7.00") as HH:mm, or null. A
 * text box rather than `<input type="time">`, whose display follows the browser's language: on a
 * phone set to English it showed "09:00 PM" to a Vietnamese official.
 */
export function parseClockTime(text: string): string | null {
  const match = /^(\d{1,2})(?:[:.hH](\d{2})?)?$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
