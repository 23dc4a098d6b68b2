import { provinceUnits2025, type OfficialLists2025 } from '@chidao/admin-units';
import { seedReferenceData, type Repositories } from '@chidao/db';

/**
 * Provinces of the map of 1/7/2025, from the official lists, into the database: units only (no
 * accounts), upserted by id, so running it again changes nothing.
 */
export async function seedProvinces2025(
  repos: Repositories,
  codes: readonly string[],
  lists: OfficialLists2025,
): Promise<Array<{ code: string; name: string; communes: number; agencies: number }>> {
  const seeded = [];
  for (const code of codes) {
    const units = provinceUnits2025(code, { lists });
    await seedReferenceData(repos, { units, demoUsers: false });
    const communes = units.filter((u) => u.level === 'commune').length;
    seeded.push({ code, name: units[0]!.name, communes, agencies: units.length - communes - 1 });
  }
  return seeded;
}
