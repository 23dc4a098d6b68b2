import { DomainError } from './errors';
import type { Role } from './access';
import { defaultPreferences, type NotificationPreferences } from './notifications';
import type { Hierarchy } from './hierarchy';
import { CALENDAR_PERIOD_MONTHS, ND09_CUT_OFF_DAY, type CalendarPeriodType } from './periodic';
import { DEFAULT_EXTENSION_CLOSE, DEFAULT_TRACKING, type TrackingPolicy } from './tracking-policy';

/**
 * A province's own defaults (issue 23, "settings per province"), kept by its province administrator
 * or the system administrator: the follow-up a new directive of its units starts from (acknowledgement
 * window, reminders, escalation, when extension requests close), the report regime the issuing form
 * offers first, the quiet hours of a person who has chosen none, and how "trước ngày X" is read from a
 * dispatch. They apply to directives issued after a change only: a directive records the follow-up
 * it was issued under (its `tracking`), and a running workflow reads that, never these.
 *
 * The built-in defaults below are the engine's as they were before provinces had settings, so a
 * province that never saves any works exactly as before.
 */

export const REPORT_REGIMES = ['none', 'monthly', 'quarterly', 'sixMonthly', 'yearly'] as const;
export type ReportRegime = (typeof REPORT_REGIMES)[number];

export interface ProvinceSettings {
  /** Working days a unit has to acknowledge (tiếp nhận) a new task; 0 = by the end of the day it arrives. */
  readonly acknowledgeWorkingDays: number;
  /** Reminders before a deadline: half-way through the window, at three quarters, and at 08:00 the working day before. */
  readonly reminders: { readonly atHalf: boolean; readonly atThreeQuarters: boolean; readonly dayBefore: boolean };
  /** Working days past a deadline before the task goes to the unit above, and to the province (never before the unit above). */
  readonly escalation: { readonly parentAfterWorkingDays: number; readonly provinceAfterWorkingDays: number };
  /** Extension requests (gia hạn) close this many working days before the report deadline. */
  readonly extensionsCloseWorkingDays: number;
  /** The quiet hours (Asia/Ho_Chi_Minh) of a person of the province who has chosen none; null: never quiet. */
  readonly quietHours: { readonly from: string; readonly to: string } | null;
  /** "trước ngày X": by the end of X (inclusive), or by the end of the day before X (exclusive). */
  readonly beforeDate: 'inclusive' | 'exclusive';
  /** The periodic report regime (báo cáo định kỳ, Nghị định 09/2019) a new directive's form starts from. */
  readonly reportRegime: { readonly type: ReportRegime; readonly cutOffDay: number; readonly dueDay: number };
}

/** Bounds of every number a province sets: a window of weeks is a mistake, not a policy. */
export const PROVINCE_SETTINGS_BOUNDS = {
  acknowledgeWorkingDays: { min: 0, max: 10 },
  escalationWorkingDays: { min: 0, max: 30 },
  extensionsCloseWorkingDays: { min: 0, max: 30 },
  dayOfMonth: { min: 1, max: 28 },
} as const;

export const DEFAULT_PROVINCE_SETTINGS: ProvinceSettings = Object.freeze({
  acknowledgeWorkingDays: 1,
  reminders: Object.freeze({ atHalf: true, atThreeQuarters: true, dayBefore: true }),
  escalation: Object.freeze({ parentAfterWorkingDays: 1, provinceAfterWorkingDays: 2 }),
  extensionsCloseWorkingDays: DEFAULT_EXTENSION_CLOSE,
  quietHours: Object.freeze({ from: '21:00', to: '07:00' }),
  beforeDate: 'inclusive',
  // Nghị định 09/2019 art. 12: figures to the 14th, the report by the 20th.
  reportRegime: Object.freeze({ type: 'none', cutOffDay: ND09_CUT_OFF_DAY, dueDay: 20 }),
});

export const PROVINCE_SETTING_FIELDS = Object.keys(DEFAULT_PROVINCE_SETTINGS) as (keyof ProvinceSettings)[];

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (field: string, message: string): never => {
  throw new FieldError(field, message);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object's keys exactly `keys`, none missing or extra. */
function exactly(v: unknown, field: string, keys: readonly string[]): Record<string, unknown> {
  if (!isObject(v)) return fail(field, `${field} must be an object`);
  // The settings' own fields are named bare (beforeDate), a field's parts by their path (quietHours.from).
  const name = (k: string) => (field === 'settings' ? k : `${field}.${k}`);
  const extra = Object.keys(v).find((k) => !keys.includes(k));
  if (extra !== undefined) fail(name(extra), `Unknown field ${name(extra)}`);
  const missing = keys.find((k) => v[k] === undefined);
  if (missing !== undefined) fail(name(missing), `${name(missing)} is missing`);
  return v;
}

function whole(v: unknown, field: string, bounds: { readonly min: number; readonly max: number }): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < bounds.min || v > bounds.max) return fail(field, `${field} must be a whole number from ${bounds.min} to ${bounds.max}`);
  return v;
}

function flag(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') return fail(field, `${field} must be true or false`);
  return v;
}

/** Each field's own check: what it accepts, as the settings hold it. */
const CHECKS: { readonly [K in keyof ProvinceSettings]: (v: unknown) => ProvinceSettings[K] } = {
  acknowledgeWorkingDays: (v) => whole(v, 'acknowledgeWorkingDays', PROVINCE_SETTINGS_BOUNDS.acknowledgeWorkingDays),
  reminders: (v) => {
    const r = exactly(v, 'reminders', ['atHalf', 'atThreeQuarters', 'dayBefore']);
    return { atHalf: flag(r['atHalf'], 'reminders.atHalf'), atThreeQuarters: flag(r['atThreeQuarters'], 'reminders.atThreeQuarters'), dayBefore: flag(r['dayBefore'], 'reminders.dayBefore') };
  },
  escalation: (v) => {
    const e = exactly(v, 'escalation', ['parentAfterWorkingDays', 'provinceAfterWorkingDays']);
    const parent = whole(e['parentAfterWorkingDays'], 'escalation.parentAfterWorkingDays', PROVINCE_SETTINGS_BOUNDS.escalationWorkingDays);
    const province = whole(e['provinceAfterWorkingDays'], 'escalation.provinceAfterWorkingDays', PROVINCE_SETTINGS_BOUNDS.escalationWorkingDays);
    if (province < parent) fail('escalation.provinceAfterWorkingDays', 'A task reaches the province no sooner than the unit above');
    return { parentAfterWorkingDays: parent, provinceAfterWorkingDays: province };
  },
  extensionsCloseWorkingDays: (v) => whole(v, 'extensionsCloseWorkingDays', PROVINCE_SETTINGS_BOUNDS.extensionsCloseWorkingDays),
  quietHours: (v) => {
    if (v === null) return null;
    const q = exactly(v, 'quietHours', ['from', 'to']);
    const from = q['from'];
    const to = q['to'];
    if (typeof from !== 'string' || !HHMM.test(from)) return fail('quietHours.from', 'quietHours.from must be HH:mm');
    if (typeof to !== 'string' || !HHMM.test(to)) return fail('quietHours.to', 'quietHours.to must be HH:mm');
    if (from === to) fail('quietHours.to', 'Quiet hours must not start and end at the same time');
    return { from, to };
  },
  beforeDate: (v) => (v === 'inclusive' || v === 'exclusive' ? v : fail('beforeDate', 'beforeDate must be inclusive or exclusive')),
  reportRegime: (v) => {
    const r = exactly(v, 'reportRegime', ['type', 'cutOffDay', 'dueDay']);
    const type = r['type'];
    if (typeof type !== 'string' || !(REPORT_REGIMES as readonly string[]).includes(type)) return fail('reportRegime.type', `reportRegime.type must be one of ${REPORT_REGIMES.join(', ')}`);
    return {
      type: type as ReportRegime,
      cutOffDay: whole(r['cutOffDay'], 'reportRegime.cutOffDay', PROVINCE_SETTINGS_BOUNDS.dayOfMonth),
      dueDay: whole(r['dueDay'], 'reportRegime.dueDay', PROVINCE_SETTINGS_BOUNDS.dayOfMonth),
    };
  },
};

/**
 * Settings as an administrator sends them: every field present and within its bounds, nothing
 * unknown; else INVALID_INPUT naming the first field at fault (`details.field`).
 */
export function validateProvinceSettings(input: unknown): ProvinceSettings {
  try {
    const all = exactly(input, 'settings', PROVINCE_SETTING_FIELDS);
    const out: Record<string, unknown> = {};
    for (const key of PROVINCE_SETTING_FIELDS) out[key] = CHECKS[key](all[key]);
    return out as unknown as ProvinceSettings;
  } catch (error) {
    if (error instanceof FieldError) throw new DomainError('INVALID_INPUT', error.message, { field: error.field });
    throw error;
  }
}

/**
 * A province's settings as they apply: what it saved, field by field, over `defaults` (the built-in
 * ones unless given). A field it never saved (one added since), or one that no longer passes its
 * check, is the default's: stored settings are read back, never refused.
 */
export function mergeProvinceSettings(saved: unknown, defaults: ProvinceSettings = DEFAULT_PROVINCE_SETTINGS): ProvinceSettings {
  if (!isObject(saved)) return defaults;
  const out: Record<string, unknown> = { ...defaults };
  for (const key of PROVINCE_SETTING_FIELDS) {
    if (!(key in saved)) continue;
    try {
      out[key] = CHECKS[key](saved[key]);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
    }
  }
  return out as unknown as ProvinceSettings;
}

/** The fields whose values differ between two settings, for an audit entry and the screen. */
export function changedSettings(before: ProvinceSettings, after: ProvinceSettings): (keyof ProvinceSettings)[] {
  return PROVINCE_SETTING_FIELDS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/**
 * The follow-up a new directive starts from under these settings, as a directive's `tracking`
 * holds it. Built-in settings give DEFAULT_TRACKING with the extension close it stood for.
 */
export function trackingOfSettings(settings: ProvinceSettings): Required<Pick<TrackingPolicy, 'acknowledgeWithin' | 'reminders' | 'escalation' | 'extensionsCloseWorkingDays'>> {
  const { reminders, escalation } = settings;
  return {
    acknowledgeWithin: { type: 'workingDays', days: settings.acknowledgeWorkingDays },
    reminders: {
      fractions: [...(reminders.atHalf ? [0.5] : []), ...(reminders.atThreeQuarters ? [0.75] : [])],
      workingDaysBefore: reminders.dayBefore ? [1] : [],
    },
    escalation: {
      steps: [
        { afterWorkingDays: 0, action: 'remind' },
        { afterWorkingDays: escalation.parentAfterWorkingDays, action: 'escalate_parent' },
        { afterWorkingDays: escalation.provinceAfterWorkingDays, action: 'escalate_province' },
      ],
    },
    extensionsCloseWorkingDays: settings.extensionsCloseWorkingDays,
  };
}

/**
 * A directive's follow-up with what its issuer left out taken from the province's settings: what the
 * directive sets itself is kept, field by field. The result is what the directive records.
 */
export function withProvinceDefaults(tracking: Partial<TrackingPolicy> | undefined, settings: ProvinceSettings): TrackingPolicy {
  return { ...DEFAULT_TRACKING, ...trackingOfSettings(settings), ...definedOnly(tracking ?? {}) };
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The regime's calendar type, or null for none: the months one period covers are CALENDAR_PERIOD_MONTHS'. */
export function regimeType(settings: ProvinceSettings): CalendarPeriodType | null {
  const { type } = settings.reportRegime;
  return type !== 'none' && Object.hasOwn(CALENDAR_PERIOD_MONTHS, type) ? type : null;
}

/** The province (the unit of level "province") at or above `unitId`; null for a unit above every province (the nation) or none. */
export function provinceOfUnit(hierarchy: Hierarchy, unitId: string): string | null {
  for (let unit = hierarchy.units.get(unitId); unit; unit = unit.parentId === null ? undefined : hierarchy.units.get(unit.parentId)) {
    if (unit.level === 'province') return unit.id;
  }
  return null;
}

/**
 * A person's notification preferences while they have saved none: the defaults for their roles,
 * quiet at the hours their province set (`saved`: what the province saved, null where nothing).
 */
export function provincialDefaults(roles: readonly Role[], saved: unknown): NotificationPreferences {
  const preferences = defaultPreferences(roles);
  return saved === null || saved === undefined ? preferences : { ...preferences, quietHours: mergeProvinceSettings(saved).quietHours };
}
