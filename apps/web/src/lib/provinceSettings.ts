import type { Outputs } from '../api';
import { parseClockTime } from './dates';

/** A province's settings as admin.settings gives them and admin.updateSettings takes them. */
export type ProvinceSettingsValue = Outputs['admin']['settings']['settings'];
export type ReportRegimeType = ProvinceSettingsValue['reportRegime']['type'];
export const REGIME_TYPES = ['none', 'monthly', 'quarterly', 'sixMonthly', 'yearly'] as const satisfies readonly ReportRegimeType[];

/**
 * The settings form's fields: numbers as typed (text), quiet hours as a switch and two times. The
 * API checks the bounds again (@chidao/domain validateProvinceSettings); the form checks them first
 * so a mistake is shown at its field before anything is sent.
 */
export interface SettingsFormValues {
  acknowledgeWorkingDays: string;
  remindAtHalf: boolean;
  remindAtThreeQuarters: boolean;
  remindDayBefore: boolean;
  escalateParentAfter: string;
  escalateProvinceAfter: string;
  extensionsCloseWorkingDays: string;
  quiet: boolean;
  quietFrom: string;
  quietTo: string;
  beforeDate: 'inclusive' | 'exclusive';
  regimeType: ReportRegimeType;
  regimeCutOffDay: string;
  regimeDueDay: string;
}

export function formOfSettings(s: ProvinceSettingsValue): SettingsFormValues {
  return {
    acknowledgeWorkingDays: String(s.acknowledgeWorkingDays),
    remindAtHalf: s.reminders.atHalf,
    remindAtThreeQuarters: s.reminders.atThreeQuarters,
    remindDayBefore: s.reminders.dayBefore,
    escalateParentAfter: String(s.escalation.parentAfterWorkingDays),
    escalateProvinceAfter: String(s.escalation.provinceAfterWorkingDays),
    extensionsCloseWorkingDays: String(s.extensionsCloseWorkingDays),
    quiet: s.quietHours !== null,
    // Switched on again after "never": the usual evening to morning.
    quietFrom: s.quietHours?.from ?? '21:00',
    quietTo: s.quietHours?.to ?? '07:00',
    beforeDate: s.beforeDate,
    regimeType: s.reportRegime.type,
    regimeCutOffDay: String(s.reportRegime.cutOffDay),
    regimeDueDay: String(s.reportRegime.dueDay),
  };
}

/** A whole number typed into a field, or NaN (which the API refuses at that field). */
const whole = (text: string): number => (/^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

export function settingsOfForm(v: SettingsFormValues): ProvinceSettingsValue {
  return {
    acknowledgeWorkingDays: whole(v.acknowledgeWorkingDays),
    reminders: { atHalf: v.remindAtHalf, atThreeQuarters: v.remindAtThreeQuarters, dayBefore: v.remindDayBefore },
    escalation: { parentAfterWorkingDays: whole(v.escalateParentAfter), provinceAfterWorkingDays: whole(v.escalateProvinceAfter) },
    extensionsCloseWorkingDays: whole(v.extensionsCloseWorkingDays),
    // Times typed as "21" or "21h" are sent as 21:00.
    quietHours: v.quiet ? { from: parseClockTime(v.quietFrom) ?? v.quietFrom, to: parseClockTime(v.quietTo) ?? v.quietTo } : null,
    beforeDate: v.beforeDate,
    reportRegime: { type: v.regimeType, cutOffDay: whole(v.regimeCutOffDay), dueDay: whole(v.regimeDueDay) },
  };
}

/** A rule for a whole number from `min` to `max`: true, or the message key the field shows. */
export function wholeBetween(min: number, max: number): (value: unknown) => true | 'provinceSettings.wholeBetween' {
  return (value) => {
    const n = typeof value === 'string' ? whole(value) : Number.NaN;
    return (n >= min && n <= max) || 'provinceSettings.wholeBetween';
  };
}
