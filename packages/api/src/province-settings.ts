import { DEFAULT_PROVINCE_SETTINGS, getUnit, mergeProvinceSettings, provinceOfUnit, type Hierarchy, type ProvinceSettings } from '@chidao/domain';
import type { Repositories } from '@chidao/db';

/**
 * The settings a province's new directives start from (issue 23), as they stand now: what the
 * province saved over the built-in defaults. The installation's INTAKE_BEFORE_DATE_EXCLUSIVE is only
 * an initial default of "trước ngày"'s reading, for a province that has not saved its own.
 */
export interface SettingsSources {
  readonly repos: Pick<Repositories, 'provinceSettings'>;
  readonly intakeReading?: { readonly beforeDateExclusive: readonly string[] } | undefined;
}

/** The defaults a province's saved settings are merged over: the built-in ones, with the installation's initial reading of "trước ngày". */
export function initialSettings(sources: SettingsSources, provinceId: string | null): ProvinceSettings {
  const exclusive = provinceId !== null && (sources.intakeReading?.beforeDateExclusive.includes(provinceId) ?? false);
  return exclusive ? { ...DEFAULT_PROVINCE_SETTINGS, beforeDate: 'exclusive' } : DEFAULT_PROVINCE_SETTINGS;
}

/** The province's settings and their version; a unit above every province has the built-in ones. */
export async function provinceSettings(sources: SettingsSources, provinceId: string | null): Promise<{ settings: ProvinceSettings; version: number }> {
  if (provinceId === null) return { settings: initialSettings(sources, null), version: 0 };
  const stored = await sources.repos.provinceSettings.get(provinceId);
  return { settings: mergeProvinceSettings(stored.settings, initialSettings(sources, provinceId)), version: stored.version };
}

/** The settings that apply to what `unitId` issues: its province's. */
export async function settingsForUnit(sources: SettingsSources, hierarchy: Hierarchy, unitId: string): Promise<ProvinceSettings> {
  getUnit(hierarchy, unitId);
  return (await provinceSettings(sources, provinceOfUnit(hierarchy, unitId))).settings;
}
