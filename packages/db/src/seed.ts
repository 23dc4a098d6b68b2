import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, DIRECTIVE_1119, KG, OFFICIAL_HOLIDAYS, type RoleGrant, type Unit, type UnitKind } from '@chidao/domain';
import { hashPassword } from './passwords';
import type { UserRecord } from './identity';
import type { Repositories } from './repositories';

/** Full text of Công văn 1119/UBND-KGVX, the seed directive's source. */
export const DISPATCH_1119_TEXT_PATH = fileURLToPath(new URL('../seed/cong-van-1119-UBND-KGVX.txt', import.meta.url));

/** Kinds of unit whose head gets a demo account. */
const DEMO_USER_KINDS: readonly UnitKind[] = ['people_committee', 'department', 'mass_organisation', 'business_association'];

export { DEMO_PASSWORD } from '@chidao/domain';

export interface SeedOptions {
  readonly units: readonly Unit[];
  /** One demo chair account per unit, password DEMO_PASSWORD; only for the embedded default database. */
  readonly demoUsers: boolean;
}

/**
 * Idempotent: units and demo accounts are upserted by id, and demo accounts' roles replaced. A demo
 * account keeps a password it was given later (state survives restarts); new ones get DEMO_PASSWORD.
 */
export async function seedReferenceData(
  repos: Pick<Repositories, 'units' | 'users' | 'roles' | 'credentials' | 'calendar' | 'contacts'>,
  options: SeedOptions,
): Promise<{ units: number; users: number }> {
  await repos.units.upsertMany(options.units);
  // The announced holiday lists, for the years not stored yet: an administrator's corrections stay.
  await repos.calendar.seedMissing(OFFICIAL_HOLIDAYS);
  if (!options.demoUsers) return { units: options.units.length, users: 0 };
  const demo = options.units.filter((unit) => DEMO_USER_KINDS.includes(unit.kind));
  const users = demo.map(demoChairOf);
  await repos.users.upsertMany(users);
  await repos.roles.replace(new Map(demo.map((unit) => [demoUserIdOf(unit), demoGrantsOf(unit)])));
  await repos.credentials.setMissingPasswords(
    users.map((u) => u.id),
    await hashPassword(DEMO_PASSWORD),
  );
  // A verified e-mail address each, so the demo's notices land in the dev mailbox (`npm start`) from the first directive on.
  await repos.contacts.seedVerified(users.map((u) => ({ userId: u.id, channel: 'email' as const, address: demoEmailOf(u.username) })));
  return { units: options.units.length, users: users.length };
}

const demoUserIdOf = (unit: Unit) => `u.${unit.id}`;

/** A demo account's e-mail address: a reserved domain (RFC 2606), delivered only to the local dev mailbox. */
export const demoEmailOf = (username: string) => `${username}@demo.chidao.test`;

/**
 * Every demo account chairs its unit; the province's also leads the province and keeps the calendar
 * (system_admin), and Sở TT&TT's coordinates 1119/UBND-KGVX, which it compiles.
 */
export function demoGrantsOf(unit: Unit): RoleGrant[] {
  const grants: RoleGrant[] = [{ role: 'chair', unitId: unit.id, directiveId: null }];
  // The demo has no administrator of its own: the province's chair also keeps the calendar.
  if (unit.id === KG.province) grants.push({ role: 'province_leader', unitId: unit.id, directiveId: null }, { role: 'system_admin', unitId: unit.id, directiveId: null });
  if (unit.id === KG.soTTTT) grants.push({ role: 'coordinator', unitId: unit.id, directiveId: DIRECTIVE_1119.id });
  return grants;
}

/** The head of a unit: the chair of a People's Committee, the head (thủ trưởng) of anything else. */
export function demoChairOf(unit: Unit): UserRecord {
  return {
    id: demoUserIdOf(unit),
    username: `ct.${unit.id}`,
    displayName: `${unit.kind === 'people_committee' ? 'Chủ tịch' : 'Thủ trưởng'} ${unit.name}`,
    unitId: unit.id,
    demo: true,
  };
}
