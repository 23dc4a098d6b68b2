import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { buildHierarchy } from './hierarchy';
import {
  changedSettings,
  DEFAULT_PROVINCE_SETTINGS,
  mergeProvinceSettings,
  provinceOfUnit,
  provincialDefaults,
  trackingOfSettings,
  validateProvinceSettings,
  withProvinceDefaults,
  type ProvinceSettings,
} from './province-settings';
import { KIEN_GIANG_SCHEME, kienGiangUnits } from './seed/kien-giang-2020';
import { DEFAULT_EXTENSION_CLOSE, DEFAULT_TRACKING } from './tracking-policy';
import { defaultPreferences } from './notifications';

const fieldOf = (input: unknown): string | undefined => {
  try {
    validateProvinceSettings(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_INPUT');
    return (error as DomainError).details['field'] as string;
  }
  return undefined;
};

const stricter: ProvinceSettings = {
  ...DEFAULT_PROVINCE_SETTINGS,
  acknowledgeWorkingDays: 0,
  reminders: { atHalf: false, atThreeQuarters: true, dayBefore: true },
  escalation: { parentAfterWorkingDays: 0, provinceAfterWorkingDays: 3 },
  beforeDate: 'exclusive',
};

describe('province settings', () => {
  it('built in, are the follow-up every directive had before provinces had settings', () => {
    expect(withProvinceDefaults(undefined, DEFAULT_PROVINCE_SETTINGS)).toEqual({ ...DEFAULT_TRACKING, extensionsCloseWorkingDays: DEFAULT_EXTENSION_CLOSE });
    expect(validateProvinceSettings(DEFAULT_PROVINCE_SETTINGS)).toEqual(DEFAULT_PROVINCE_SETTINGS);
  });

  it("become a new directive's follow-up where the directive sets none, and never over what it sets", () => {
    const tracking = trackingOfSettings(stricter);
    expect(tracking.acknowledgeWithin).toEqual({ type: 'workingDays', days: 0 });
    expect(tracking.reminders).toEqual({ fractions: [0.75], workingDaysBefore: [1] });
    expect(tracking.escalation.steps.map((s) => s.afterWorkingDays)).toEqual([0, 0, 3]);
    const own = { acknowledgeWithin: { type: 'date' as const, date: '2026-01-05' } };
    expect(withProvinceDefaults(own, stricter)).toMatchObject({ acknowledgeWithin: own.acknowledgeWithin, reminders: tracking.reminders });
    expect(withProvinceDefaults({ acknowledgeWithin: undefined } as never, stricter).acknowledgeWithin).toEqual({ type: 'workingDays', days: 0 });
  });

  it.each([
    ['not an object', [], 'settings'],
    ['a missing field', { ...DEFAULT_PROVINCE_SETTINGS, beforeDate: undefined, quietHours: null }, 'beforeDate'],
    ['an unknown field', { ...DEFAULT_PROVINCE_SETTINGS, oidc: true }, 'oidc'],
    ['a window of weeks', { ...DEFAULT_PROVINCE_SETTINGS, acknowledgeWorkingDays: 11 }, 'acknowledgeWorkingDays'],
    ['a fraction of a day', { ...DEFAULT_PROVINCE_SETTINGS, acknowledgeWorkingDays: 1.5 }, 'acknowledgeWorkingDays'],
    ['a negative escalation', { ...DEFAULT_PROVINCE_SETTINGS, escalation: { parentAfterWorkingDays: -1, provinceAfterWorkingDays: 2 } }, 'escalation.parentAfterWorkingDays'],
    ['the province before the unit above', { ...DEFAULT_PROVINCE_SETTINGS, escalation: { parentAfterWorkingDays: 3, provinceAfterWorkingDays: 2 } }, 'escalation.provinceAfterWorkingDays'],
    ['a reminder that is not a flag', { ...DEFAULT_PROVINCE_SETTINGS, reminders: { atHalf: 'yes', atThreeQuarters: true, dayBefore: true } }, 'reminders.atHalf'],
    ['quiet hours of no length', { ...DEFAULT_PROVINCE_SETTINGS, quietHours: { from: '22:00', to: '22:00' } }, 'quietHours.to'],
    ['quiet hours past midnight written 24:00', { ...DEFAULT_PROVINCE_SETTINGS, quietHours: { from: '24:00', to: '06:00' } }, 'quietHours.from'],
    ['another reading of trước ngày', { ...DEFAULT_PROVINCE_SETTINGS, beforeDate: 'lenient' }, 'beforeDate'],
    ['an unknown regime', { ...DEFAULT_PROVINCE_SETTINGS, reportRegime: { type: 'daily', cutOffDay: 14, dueDay: 20 } }, 'reportRegime.type'],
    ['a day some months lack', { ...DEFAULT_PROVINCE_SETTINGS, reportRegime: { type: 'monthly', cutOffDay: 30, dueDay: 20 } }, 'reportRegime.cutOffDay'],
    ['an extension closing months ahead', { ...DEFAULT_PROVINCE_SETTINGS, extensionsCloseWorkingDays: 31 }, 'extensionsCloseWorkingDays'],
  ])('refuses %s, naming its field', (_name, input, field) => {
    expect(fieldOf(input)).toBe(field);
  });

  it('accepts quiet hours never, and across midnight', () => {
    expect(validateProvinceSettings({ ...DEFAULT_PROVINCE_SETTINGS, quietHours: null }).quietHours).toBeNull();
    expect(validateProvinceSettings({ ...DEFAULT_PROVINCE_SETTINGS, quietHours: { from: '22:30', to: '06:00' } }).quietHours).toEqual({ from: '22:30', to: '06:00' });
  });

  it('read back, take what was saved field by field over the defaults, and the default where a field is missing or no longer valid', () => {
    expect(mergeProvinceSettings(null)).toEqual(DEFAULT_PROVINCE_SETTINGS);
    expect(mergeProvinceSettings({ beforeDate: 'exclusive' })).toEqual({ ...DEFAULT_PROVINCE_SETTINGS, beforeDate: 'exclusive' });
    expect(mergeProvinceSettings({ acknowledgeWorkingDays: 99, reminders: stricter.reminders, unknown: 1 })).toEqual({ ...DEFAULT_PROVINCE_SETTINGS, reminders: stricter.reminders });
    // The installation's initial reading (INTAKE_BEFORE_DATE_EXCLUSIVE) is a default a saved field overrides.
    const initial = { ...DEFAULT_PROVINCE_SETTINGS, beforeDate: 'exclusive' as const };
    expect(mergeProvinceSettings({}, initial).beforeDate).toBe('exclusive');
    expect(mergeProvinceSettings({ beforeDate: 'inclusive' }, initial).beforeDate).toBe('inclusive');
  });

  it('name the fields a change touches', () => {
    expect(changedSettings(DEFAULT_PROVINCE_SETTINGS, DEFAULT_PROVINCE_SETTINGS)).toEqual([]);
    expect(changedSettings(DEFAULT_PROVINCE_SETTINGS, stricter)).toEqual(['acknowledgeWorkingDays', 'reminders', 'escalation', 'beforeDate']);
  });

  it('belong to the province at or above a unit', () => {
    const hierarchy = buildHierarchy(KIEN_GIANG_SCHEME, kienGiangUnits());
    expect(provinceOfUnit(hierarchy, 'kg.rach-gia.p-vinh-thanh')).toBe('kg');
    expect(provinceOfUnit(hierarchy, 'kg')).toBe('kg');
    expect(provinceOfUnit(hierarchy, 'nowhere')).toBeNull();
  });

  it("give the quiet hours of a person who has chosen none, where the province saved any", () => {
    expect(provincialDefaults(['chair'], null)).toEqual(defaultPreferences(['chair']));
    expect(provincialDefaults(['chair'], { quietHours: { from: '22:00', to: '06:30' } }).quietHours).toEqual({ from: '22:00', to: '06:30' });
    expect(provincialDefaults(['chair'], { quietHours: null }).quietHours).toBeNull();
    expect(provincialDefaults(['province_leader'], { beforeDate: 'exclusive' })).toEqual(defaultPreferences(['province_leader']));
  });
});
