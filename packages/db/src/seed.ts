import { fileURLToPath } from 'node:url';
import type { Unit, UnitKind } from '@chidao/domain';
import type { Repositories, UserRecord } from './repositories';

/** Full text of Công văn 1119/UBND-KGVX, the seed directive's source. */
export const DISPATCH_1119_TEXT_PATH = fileURLToPath(new URL('../seed/cong-van-1119-UBND-KGVX.txt', import.meta.url));

/** Kinds of unit whose head gets a demo account. */
const DEMO_USER_KINDS: readonly UnitKind[] = ['people_committee', 'department', 'mass_organisation', 'business_association'];

export interface SeedOptions {
  readonly units: readonly Unit[];
  /** One demo chair account per unit; only for the embedded default database. */
  readonly demoUsers: boolean;
}

/** Idempotent: units and demo accounts are upserted by id. */
export async function seedReferenceData(
  repos: Pick<Repositories, 'units' | 'users'>,
  options: SeedOptions,
): Promise<{ units: number; users: number }> {
  await repos.units.upsertMany(options.units);
  const users = options.demoUsers ? options.units.filter((unit) => DEMO_USER_KINDS.includes(unit.kind)).map(demoChairOf) : [];
  await repos.users.upsertMany(users);
  return { units: options.units.length, users: users.length };
}

/** The head of a unit: the chair of a People's Committee, the head (thủ trưởng) of anything else. */
export function demoChairOf(unit: Unit): UserRecord {
  return {
    id: `u.${unit.id}`,
    username: `ct.${unit.id}`,
    displayName: `${unit.kind === 'people_committee' ? 'Chủ tịch' : 'Thủ trưởng'} ${unit.name}`,
    unitId: unit.id,
    role: 'chair',
    demo: true,
  };
}
