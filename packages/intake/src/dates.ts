/**
 * Dates as dispatches write them: "ngày 19 tháng 8 năm 2020", "19/8/2020", "19/08/2020", "ngày 20/8"
 * (year of the dispatch), optionally after a time of day ("16 giờ", "16h00", "16 giờ 30 phút").
 * All times are Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
 */
export interface DateMatch {
  /** Offsets into the string searched. */
  readonly start: number;
  readonly end: number;
  /** ISO date, or date-time with +07:00 when a time of day was given. */
  readonly iso: string;
  readonly hasTime: boolean;
}

// Each optional part takes the spaces after it, so no two `\s*` compete for one run of spaces
// (that backtracked polynomially on "16 giờ" followed by a long run of spaces).
const TIME = String.raw`(?:(\d{1,2})\s*(?:giờ|h|g|:)\s*(?:(\d{2})\s*)?(?:phút\s*)?(?:,\s*)?(?:(?:ngày|hôm)\s+)?)?`;
const DATE_WORDS = String.raw`ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`;
const DATE_NUMERIC = String.raw`(?:ngày\s+)?(\d{1,2})\s*([/.-])\s*(\d{1,2})(?:\s*\7\s*(\d{4}))?`;
const DATE_RE = new RegExp(String.raw`(?<![\p{L}\p{N}/])${TIME}(?:${DATE_WORDS}|${DATE_NUMERIC})(?![\p{N}/])`, 'giu');

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * Every date in `text`. A numeric date without a year needs "ngày" before it ("ngày 20/8") and
 * takes `defaultYear`; without one it is skipped, so "2841/BTTTT" or "15/30" are never dates.
 */
export function findDates(text: string, defaultYear: number | null): DateMatch[] {
  const out: DateMatch[] = [];
  for (const m of text.matchAll(DATE_RE)) {
    const [whole, hour, minute, wDay, wMonth, wYear, nDay, , nMonth, nYear] = m;
    let iso: string | null;
    if (wDay !== undefined) {
      iso = isoDate(Number(wYear), Number(wMonth), Number(wDay));
    } else {
      const year = nYear !== undefined ? Number(nYear) : /^(?:\S+\s+)*ngày\s/iu.test(whole) ? defaultYear : null;
      iso = year === null ? null : isoDate(year, Number(nMonth), Number(nDay));
    }
    if (iso === null) continue;
    const hasTime = hour !== undefined;
    if (hasTime) {
      const h = Number(hour);
      const min = minute === undefined ? 0 : Number(minute);
      if (h > 23 || min > 59) continue;
      iso = `${iso}T${pad(h)}:${pad(min)}:00+07:00`;
    }
    const span = trimStart(text, m.index, m.index + whole.length);
    out.push({ start: span, end: m.index + whole.length, iso, hasTime });
  }
  return out;
}

function trimStart(text: string, start: number, end: number): number {
  while (start < end && /[\s,]/.test(text[start]!)) start++;
  return start;
}

/** The ISO day before `iso` (yyyy-MM-dd): "trước ngày X" read as exclusive is due by the end of it. */
export function dayBefore(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d - 1));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}
