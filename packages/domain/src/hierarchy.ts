import { DomainError } from './errors';

/**
 * The administrative tree is data: a scheme names the levels from the top down, so the three-level
 * structure (province → district → commune, until 30/6/2025) and the two-level one (province →
 * commune, since 1/7/2025) are both just schemes.
 */
export interface LevelScheme {
  readonly id: string;
  /** Level keys from the top down; at least two. */
  readonly levels: readonly string[];
}

export const THREE_LEVEL_SCHEME: LevelScheme = { id: 'vn-2020', levels: ['province', 'district', 'commune'] };
export const TWO_LEVEL_SCHEME: LevelScheme = { id: 'vn-2025', levels: ['province', 'commune'] };

export const UNIT_KINDS = ['people_committee', 'department', 'mass_organisation', 'business_association'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Population {
  /** Adults aged 15–60. */
  readonly adults15to60?: number;
  readonly smartphoneUsers?: number;
}

export interface Unit {
  /** Stable slug, unique across the country (`kg.rach-gia.vinh-thanh-van`). */
  readonly id: string;
  readonly name: string;
  /** A key of the scheme's `levels`. Departments carry the level of the committee they serve. */
  readonly level: string;
  readonly kind: UnitKind;
  readonly parentId: string | null;
  /**
   * The official code (mã số đơn vị hành chính) where the unit has one: `91` for a province, five
   * digits for a commune. Codes of before and after 1/7/2025 overlap, so a code is unique only
   * within one map.
   */
  readonly code?: string;
  readonly population?: Population;
  /** True where the name is a placeholder rather than the unit's real name. */
  readonly placeholder?: boolean;
  /**
   * The first and last day (yyyy-MM-dd, both inclusive) the unit exists; absent where it has always
   * existed or still does. Units are kept after they end, because directives issued while they
   * existed still name them: Kiên Giang's committees of 2020 end on 30/6/2025, the map of 1/7/2025's
   * begin the next day.
   */
  readonly validFrom?: string;
  readonly validTo?: string;
}

/** The last day of the three-level map: districts and the merged provinces ended with 30/6/2025 (Nghị quyết 202/2025/QH15, 1/7/2025). */
export const THREE_LEVEL_MAP_VALID_TO = '2025-06-30';
/** The first day of the two-level map of 34 provinces. */
export const TWO_LEVEL_MAP_VALID_FROM = '2025-07-01';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether the unit exists on `date` (yyyy-MM-dd). Dates of that form compare as strings, so no
 * calendar arithmetic is needed.
 */
export function unitValidOn(unit: Pick<Unit, 'validFrom' | 'validTo'>, date: string): boolean {
  return (unit.validFrom === undefined || unit.validFrom <= date) && (unit.validTo === undefined || date <= unit.validTo);
}

export interface Hierarchy {
  readonly scheme: LevelScheme;
  readonly units: ReadonlyMap<string, Unit>;
  readonly children: ReadonlyMap<string, readonly string[]>;
  readonly roots: readonly string[];
}

/** The units by id, after checking each id comes once and each level is one of the scheme's (INVALID_HIERARCHY otherwise). */
export function unitsById(scheme: LevelScheme, units: readonly Unit[]): Map<string, Unit> {
  const byId = new Map<string, Unit>();
  for (const unit of units) {
    if (byId.has(unit.id)) throw new DomainError('INVALID_HIERARCHY', `Duplicate unit id ${unit.id}`, { unitId: unit.id });
    if (!scheme.levels.includes(unit.level)) {
      throw new DomainError('INVALID_HIERARCHY', `Unit ${unit.id} has unknown level ${unit.level}`, { unitId: unit.id });
    }
    const bounds = [unit.validFrom, unit.validTo].filter((d) => d !== undefined);
    if (bounds.some((d) => !ISO_DAY.test(d)) || (unit.validFrom !== undefined && unit.validTo !== undefined && unit.validTo < unit.validFrom)) {
      throw new DomainError('INVALID_HIERARCHY', `Unit ${unit.id} has a validity that is not a span of days`, { unitId: unit.id });
    }
    byId.set(unit.id, unit);
  }
  return byId;
}

/** Builds and validates the tree: unique ids, known parents and levels, no cycles, levels that go down. */
export function buildHierarchy(scheme: LevelScheme, units: readonly Unit[]): Hierarchy {
  if (scheme.levels.length < 2) {
    throw new DomainError('INVALID_HIERARCHY', `Scheme ${scheme.id} needs at least two levels`);
  }
  const byId = unitsById(scheme, units);
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const unit of units) {
    if (unit.parentId === null) {
      roots.push(unit.id);
      continue;
    }
    const parent = byId.get(unit.parentId);
    if (!parent) {
      throw new DomainError('INVALID_HIERARCHY', `Unit ${unit.id} has unknown parent ${unit.parentId}`, { unitId: unit.id });
    }
    if (scheme.levels.indexOf(unit.level) < scheme.levels.indexOf(parent.level)) {
      throw new DomainError('INVALID_HIERARCHY', `Unit ${unit.id} sits above its parent ${parent.id}`, { unitId: unit.id });
    }
    const list = children.get(parent.id) ?? [];
    list.push(unit.id);
    children.set(parent.id, list);
  }
  const hierarchy: Hierarchy = { scheme, units: byId, children, roots };
  // Every unit must be reachable from a root exactly once, which also rules out cycles.
  let reached = 0;
  for (const root of roots) reached += 1 + descendantsOf(hierarchy, root).length;
  if (reached !== byId.size) throw new DomainError('INVALID_HIERARCHY', 'The unit tree has a cycle');
  return hierarchy;
}

export function getUnit(hierarchy: Hierarchy, unitId: string): Unit {
  const unit = hierarchy.units.get(unitId);
  if (!unit) throw new DomainError('UNIT_NOT_FOUND', `Unknown unit ${unitId}`, { unitId });
  return unit;
}

export function childrenOf(hierarchy: Hierarchy, unitId: string): Unit[] {
  return (hierarchy.children.get(unitId) ?? []).map((id) => getUnit(hierarchy, id));
}

/**
 * The level of the People's Committees directly below a unit, as its reports and compiled tables are
 * grouped: `district` below a province until 30/6/2025, `commune` below a province of the two-level
 * map or below a district; null where no committee sits below.
 */
export function committeeLevelBelow(hierarchy: Hierarchy, unitId: string): string | null {
  return childrenOf(hierarchy, unitId).find((u) => u.kind === 'people_committee')?.level ?? null;
}

/** All units below `unitId`, depth first, not including it. */
export function descendantsOf(hierarchy: Hierarchy, unitId: string): Unit[] {
  const out: Unit[] = [];
  const stack = [...(hierarchy.children.get(unitId) ?? [])].reverse();
  while (stack.length > 0) {
    const id = stack.pop()!;
    out.push(getUnit(hierarchy, id));
    stack.push(...[...(hierarchy.children.get(id) ?? [])].reverse());
  }
  return out;
}

/** Ancestors from the parent up to the root. */
export function ancestorsOf(hierarchy: Hierarchy, unitId: string): Unit[] {
  const out: Unit[] = [];
  let current = getUnit(hierarchy, unitId).parentId;
  while (current !== null) {
    const unit = getUnit(hierarchy, current);
    out.push(unit);
    current = unit.parentId;
  }
  return out;
}

/** True when `unitId` is `ancestorId` or lies below it. */
export function isWithin(hierarchy: Hierarchy, unitId: string, ancestorId: string): boolean {
  if (unitId === ancestorId) return true;
  return ancestorsOf(hierarchy, unitId).some((unit) => unit.id === ancestorId);
}

export function levelIndex(hierarchy: Hierarchy, unit: Unit): number {
  return hierarchy.scheme.levels.indexOf(unit.level);
}

/**
 * The tree one directive runs on: `hierarchy` with some units placed under other parents, where the
 * directive's assignments hang (a reorganisation's successor under the unit its predecessors' tasks
 * came from, though today's map puts it in another province). Placements naming a unit the tree
 * does not hold are left out; without placements the tree is returned as it is.
 */
export function placeUnits(hierarchy: Hierarchy, placements: ReadonlyArray<{ readonly unitId: string; readonly parentId: string }>): Hierarchy {
  const moved = new Map(placements.filter((p) => hierarchy.units.has(p.unitId) && hierarchy.units.has(p.parentId)).map((p) => [p.unitId, p.parentId] as const));
  if (moved.size === 0) return hierarchy;
  return buildHierarchy(
    hierarchy.scheme,
    [...hierarchy.units.values()].map((u) => (moved.has(u.id) ? { ...u, parentId: moved.get(u.id)! } : u)),
  );
}
