import { DomainError } from './errors';
import { ancestorsOf, isWithin, type Hierarchy } from './hierarchy';

/**
 * Who may do what, by the administrative tree. Pure rules over a user's role grants; the API applies
 * them in one place for every procedure.
 *
 * - A user acts on the assignments of the units where they hold a unit role.
 * - They read those units and everything below them; never a sibling's or another branch's.
 * - Provincial leadership reads the whole province.
 * - The coordinator of a directive (Sở TT&TT compiles 1119) reads every unit's part of that directive,
 *   and nothing more.
 */

/**
 * Chủ tịch, phó chủ tịch, cán bộ, lãnh đạo tỉnh, đơn vị đầu mối tổng hợp, quản trị hệ thống. The
 * system administrator keeps what the whole installation shares (the working-day calendar); the
 * grant is held at the administrator's own unit and reaches no unit's work. A province administrator
 * (quản trị tỉnh) keeps the accounts of its unit's tree (administration.ts), and no unit's work either.
 */
export const ROLES = ['chair', 'vice_chair', 'officer', 'province_leader', 'coordinator', 'system_admin', 'province_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that work for their unit: acknowledge, report, review what their unit delivered. */
export const UNIT_ROLES: readonly Role[] = ['chair', 'vice_chair', 'officer', 'province_leader'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A role a user holds at a unit; a coordinator's is for one directive. */
export interface RoleGrant {
  readonly role: Role;
  readonly unitId: string;
  /** Set exactly for `coordinator`. */
  readonly directiveId: string | null;
}

/**
 * The grant by which a user keeps the calendar (its years' days off, their documents, fixed holidays):
 * the system administrator's; null for everyone else.
 */
export function calendarKeeperGrant(grants: readonly RoleGrant[]): RoleGrant | null {
  return grants.find((g) => g.role === 'system_admin') ?? null;
}

/**
 * An operator of the installation (the system administrator): who is shown the engine's own pages
 * (a directive's workflow in the Temporal Web UI). Officials are not; it means nothing to them.
 */
export function isOperator(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.role === 'system_admin');
}

/** Throws unless the grant is well formed (a coordinator names its directive, nobody else does). */
export function assertValidGrant(grant: RoleGrant): void {
  if (!isRole(grant.role)) throw new DomainError('INVALID_INPUT', `Unknown role ${String(grant.role)}`);
  if ((grant.role === 'coordinator') !== (grant.directiveId !== null)) {
    throw new DomainError('INVALID_INPUT', `A ${grant.role} grant ${grant.role === 'coordinator' ? 'needs' : 'takes no'} directive`);
  }
}

// When a user holds several unit roles at one unit, the audit names the highest.
const PRECEDENCE: readonly Role[] = ['chair', 'province_leader', 'vice_chair', 'officer'];

/** The role in which the user acts for `unitId`, or null when they may not act for it. */
export function actingRole(grants: readonly RoleGrant[], unitId: string): Role | null {
  const held = new Set(grants.filter((g) => g.unitId === unitId && UNIT_ROLES.includes(g.role)).map((g) => g.role));
  return PRECEDENCE.find((role) => held.has(role)) ?? null;
}

/**
 * Who may issue a directive in a unit's name: its leadership (chủ tịch, phó chủ tịch) and provincial
 * leadership. An officer drafts; a coordinator only compiles.
 */
export const ISSUING_ROLES: readonly Role[] = ['chair', 'province_leader', 'vice_chair'];

/** The role in which the user may issue for `unitId`, or null. */
export function issuingRole(grants: readonly RoleGrant[], unitId: string): Role | null {
  const held = new Set(grants.filter((g) => g.unitId === unitId && ISSUING_ROLES.includes(g.role)).map((g) => g.role));
  return ISSUING_ROLES.find((role) => held.has(role)) ?? null;
}

/**
 * Whether the user may issue in `unitId`'s name at all: an issuing role there, and units below it to
 * address (the lowest level of any scheme has nobody to direct).
 */
export function mayIssueFrom(hierarchy: Hierarchy, grants: readonly RoleGrant[], unitId: string): boolean {
  return issuingRole(grants, unitId) !== null && (hierarchy.children.get(unitId)?.length ?? 0) > 0;
}

/** A user acts only for a unit where they hold a unit role (not for the units below it). */
export function canActOn(grants: readonly RoleGrant[], targetUnitId: string): boolean {
  return actingRole(grants, targetUnitId) !== null;
}

/** The units a user acts for, in grant order, without repeats. */
export function actingUnitIds(grants: readonly RoleGrant[]): string[] {
  return [...new Set(grants.filter((g) => UNIT_ROLES.includes(g.role)).map((g) => g.unitId))];
}

function rootOf(hierarchy: Hierarchy, unitId: string): string {
  return ancestorsOf(hierarchy, unitId).at(-1)?.id ?? unitId;
}

/** The grant that lets the user read `targetUnitId` (within `directiveId`, if given), or null. */
export function readingGrant(
  hierarchy: Hierarchy,
  grants: readonly RoleGrant[],
  targetUnitId: string,
  directiveId: string | null = null,
): RoleGrant | null {
  if (!hierarchy.units.has(targetUnitId)) return null;
  // Unit roles first, so the audit names the user's own standing before a coordinator's reach.
  const ordered = [...grants].sort((a, b) => Number(a.role === 'coordinator') - Number(b.role === 'coordinator'));
  return (
    ordered.find((grant) => {
      if (grant.role === 'coordinator') return directiveId !== null && grant.directiveId === directiveId;
      if (!hierarchy.units.has(grant.unitId)) return false;
      if (grant.role === 'province_leader') return rootOf(hierarchy, grant.unitId) === rootOf(hierarchy, targetUnitId);
      return isWithin(hierarchy, targetUnitId, grant.unitId);
    }) ?? null
  );
}

export function canRead(hierarchy: Hierarchy, grants: readonly RoleGrant[], targetUnitId: string, directiveId: string | null = null): boolean {
  return readingGrant(hierarchy, grants, targetUnitId, directiveId) !== null;
}

/**
 * A directive is visible to a user when it was issued in their line (by a unit they read, or by a unit
 * above one they act for), or when they coordinate it.
 */
export function canSeeDirective(
  hierarchy: Hierarchy,
  grants: readonly RoleGrant[],
  directive: { readonly id: string; readonly issuerUnitId: string },
): boolean {
  if (grants.some((g) => g.role === 'coordinator' && g.directiveId === directive.id)) return true;
  if (!hierarchy.units.has(directive.issuerUnitId)) return false;
  if (canRead(hierarchy, grants, directive.issuerUnitId)) return true;
  return actingUnitIds(grants).some((unitId) => hierarchy.units.has(unitId) && isWithin(hierarchy, unitId, directive.issuerUnitId));
}

/**
 * Throws unless the grants let the user read the unit. The refusal reads like a missing unit, so
 * probing ids outside one's branch learns nothing.
 */
export function assertCanReadUnit(
  hierarchy: Hierarchy,
  grants: readonly RoleGrant[],
  targetUnitId: string,
  directiveId: string | null = null,
): RoleGrant {
  const grant = readingGrant(hierarchy, grants, targetUnitId, directiveId);
  if (!grant) throw new DomainError('UNIT_NOT_FOUND', `Unit ${targetUnitId} is not visible to this user`, { unitId: targetUnitId });
  return grant;
}

/**
 * The tree rule for one acting unit: it reads itself and everything below it. Kept for callers that
 * hold a single unit; the API checks a user's grants with `assertCanReadUnit`.
 */
export function assertCanRead(hierarchy: Hierarchy, actorUnitId: string, targetUnitId: string): void {
  assertCanReadUnit(hierarchy, [{ role: 'chair', unitId: actorUnitId, directiveId: null }], targetUnitId);
}

/** Roles that lead a unit: its chair, vice chairs and the provincial leadership. */
const LEADERSHIP: readonly Role[] = ['chair', 'vice_chair', 'province_leader'];

/**
 * Who may read a directive's compiled report: its coordinator (who compiles it) and the leadership
 * of the issuing unit (who receive it). Officers and the units below see their own rollups instead.
 */
export function canReadCompiledReport(grants: readonly RoleGrant[], directive: { readonly id: string; readonly issuerUnitId: string }): boolean {
  return grants.some(
    (g) => (g.role === 'coordinator' && g.directiveId === directive.id) || (g.unitId === directive.issuerUnitId && LEADERSHIP.includes(g.role)),
  );
}

/**
 * Who decides where a directive's task goes when a reorganisation of units cannot say (a commune
 * split, a name not in the lists): the issuing unit's leadership, whose directive it is, and the
 * system administrator, who applies reorganisations.
 */
export function canDecideReorganisation(grants: readonly RoleGrant[], directive: { readonly issuerUnitId: string }): boolean {
  return grants.some((g) => g.role === 'system_admin' || (g.unitId === directive.issuerUnitId && LEADERSHIP.includes(g.role)));
}
