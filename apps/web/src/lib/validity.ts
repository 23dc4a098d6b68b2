import { unitValidOn } from '@chidao/domain';
import { parseDisplayDate } from './dates';

/**
 * Units carry the days they exist (Kiên Giang's committees of 2020 up to 30/6/2025, the map of
 * 1/7/2025 from then). The API refuses a directive outside its issuer's days; these say so in the
 * form while the date is typed, and mark in lists the units that had ended by today.
 */

interface Days {
  readonly validFrom?: string | undefined;
  readonly validTo?: string | undefined;
}

/** Why the issuer cannot date a directive `dateText` (dd/MM/yyyy): it had ended, or not yet begun; null when it can, or the date is no date yet. */
export type IssuerStanding =
  | { readonly kind: 'ended'; readonly lastDay: string; readonly endedOn: string }
  | { readonly kind: 'notYet'; readonly firstDay: string }
  | null;

export function issuerStanding(issuer: Days, dateText: string): IssuerStanding {
  const date = parseDisplayDate(dateText);
  if (date === null || unitValidOn(strip(issuer), date)) return null;
  if (issuer.validTo !== undefined && date > issuer.validTo) return { kind: 'ended', lastDay: issuer.validTo, endedOn: dayAfter(issuer.validTo) };
  return { kind: 'notYet', firstDay: issuer.validFrom! };
}

/** The last day of a unit that had ended by `today` (yyyy-MM-dd), to mark it; undefined for a unit that still exists. */
export function endedBy(validTo: string | undefined, today: string): string | undefined {
  return validTo !== undefined && validTo < today ? validTo : undefined;
}

// The domain's type has no `undefined` in its optional fields: pass only the days there are.
const strip = (days: Days) => ({ ...(days.validFrom !== undefined ? { validFrom: days.validFrom } : {}), ...(days.validTo !== undefined ? { validTo: days.validTo } : {}) });

/** The day after yyyy-MM-dd: the first day a unit no longer exists ("chấm dứt hoạt động từ 01/07/2025"). */
function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
