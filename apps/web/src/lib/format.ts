import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** Every date the app shows is Vietnamese civil time, whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const NUMBER_LOCALE = 'vi-VN';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

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
  return date ? format(date, 'dd/MM/yyyy') : iso;
}

/** dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, for instants where the time of day matters. */
export function formatDateTime(iso: string): string {
  const date = toZoned(iso);
  return date ? format(date, 'dd/MM/yyyy HH:mm') : iso;
}

/** HH:mm:ss in Asia/Ho_Chi_Minh: when live data was last refreshed (it polls every few seconds). */
export function formatClock(at: Date | number): string {
  return format(new TZDate(typeof at === 'number' ? at : at.getTime(), TIME_ZONE), 'HH:mm:ss');
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
