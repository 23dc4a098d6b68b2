import { TZDate } from '@date-fns/tz';

/** Every date the app shows is Vietnamese civil time, whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const NUMBER_LOCALE = 'vi-VN';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The fields of a time in Việt Nam, zero-padded (a TZDate's getters read its zone's civil time). The
 * app's few fixed patterns are written with these rather than date-fns's `format`, whose pattern
 * language was 18 kB of the first page's script for four patterns (issue 22's load budget).
 */
export function zonedFields(date: TZDate): { yyyy: string; MM: string; dd: string; HH: string; mm: string; ss: string } {
  return {
    yyyy: pad(date.getFullYear(), 4),
    MM: pad(date.getMonth() + 1),
    dd: pad(date.getDate()),
    HH: pad(date.getHours()),
    mm: pad(date.getMinutes()),
    ss: pad(date.getSeconds()),
  };
}

function toZoned(iso: string): TZDate | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new TZDate(ms, TIME_ZONE);
}

/**
 * dd/MM/yyyy. A calendar date ("2020-08-19", a dispatch's date) is shown as written, never shifted
 * through a zone; an instant is shown as the date in Asia/Ho_Chi_Minh.
 */
export function formatDate(iso: string): string {
  const m = DATE_ONLY.exec(iso);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const date = toZoned(iso);
  if (!date) return iso;
  const { dd, MM, yyyy } = zonedFields(date);
  return `${dd}/${MM}/${yyyy}`;
}

/** dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, for instants where the time of day matters. */
export function formatDateTime(iso: string): string {
  const date = toZoned(iso);
  if (!date) return iso;
  const { dd, MM, yyyy, HH, mm } = zonedFields(date);
  return `${dd}/${MM}/${yyyy} ${HH}:${mm}`;
}

/** HH:mm:ss in Asia/Ho_Chi_Minh: when live data was last refreshed (it polls every few seconds). */
export function formatClock(at: Date | number): string {
  const { HH, mm, ss } = zonedFields(new TZDate(typeof at === 'number' ? at : at.getTime(), TIME_ZONE));
  return `${HH}:${mm}:${ss}`;
}

/** HH:mm in Asia/Ho_Chi_Minh: when an action kept on the device was sent ("Đã gửi lúc 09:41"). */
export function formatTime(at: number): string {
  const { HH, mm } = zonedFields(new TZDate(at, TIME_ZONE));
  return `${HH}:${mm}`;
}

/** HH:mm dd/MM/yyyy in Asia/Ho_Chi_Minh, as officials say it: "cập nhật lần cuối lúc 09:41 07/12/2026". */
export function formatTimeDate(at: number): string {
  const { HH, mm, dd, MM, yyyy } = zonedFields(new TZDate(at, TIME_ZONE));
  return `${HH}:${mm} ${dd}/${MM}/${yyyy}`;
}

const numberFormat = new Intl.NumberFormat(NUMBER_LOCALE);
const percentFormat = new Intl.NumberFormat(NUMBER_LOCALE, { style: 'percent', maximumFractionDigits: 0 });

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** Share acknowledged as a whole percent; null when there is nothing to count. */
export function ratio(acknowledged: number, total: number): number | null {
  return total > 0 ? Math.min(1, Math.max(0, acknowledged / total)) : null;
}

export function formatPercent(share: number): string {
  return percentFormat.format(share);
}
