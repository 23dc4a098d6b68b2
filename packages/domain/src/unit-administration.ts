import { administeringGrant } from './administration';
import type { RoleGrant } from './access';
import { DomainError } from './errors';
import { descendantsOf, isWithin, unitValidOn, type Hierarchy, type Unit } from './hierarchy';
import type { Succession } from './reorganisation';
import { slugify } from './text';

/**
 * Administration of units from the screen (issue 23): renaming a unit, adding one under a parent,
 * and a merger (several units into one new or existing unit) or a split (one unit into several),
 * each with its legal basis and effective date. Pure: `planUnitChange` checks a change against the
 * tree as it stands and the administrator's reach, and says which units to write and, for a merger
 * or split, where each old unit went (`Succession`), which `planReorganisation` turns into each
 * running directive's plan, exactly as `npm run reorganise` does from the official lists.
 */

/** The resolution (e.g. "Nghị quyết số 1685/NQ-UBTVQH15") and the first day (yyyy-MM-dd) the change is in force. */
export interface LegalBasis {
  readonly resolution: string;
  readonly effectiveFrom: string;
}

/** A unit a merger or split goes into: one that exists, or a new one by name (and official code). */
export type UnitTarget = { readonly unitId: string } | { readonly name: string; readonly code?: string };

export type UnitChange =
  | { readonly kind: 'rename'; readonly unitId: string; readonly name: string }
  | { readonly kind: 'add'; readonly parentId: string; readonly name: string; readonly code?: string }
  | { readonly kind: 'merge'; readonly from: readonly string[]; readonly into: UnitTarget }
  | { readonly kind: 'split'; readonly from: string; readonly into: readonly UnitTarget[] };

export const UNIT_CHANGE_LIMITS = {
  nameLength: 200,
  resolutionLength: 300,
  /** Units one merger joins, or one split makes. */
  parts: 50,
} as const;

export interface UnitChangePlan {
  readonly kind: UnitChange['kind'];
  /** Units to write as they will be: renamed, added, ended (validTo), moved under a merger's unit, new. */
  readonly units: readonly Unit[];
  /** New units' ids. */
  readonly created: readonly string[];
  /** Units that end the day before the change is in force. */
  readonly ended: readonly string[];
  /** Where each ended unit went, for the running directives (empty for a rename or an addition). */
  readonly succession: readonly Succession[];
  /** The unit the change is recorded on in the audit trail. */
  readonly subjectId: string;
  /** The legal basis as every running directive records it (the reason each moved assignment ends with). */
  readonly basis: string;
}

/** INVALID_INPUT naming the field and why (`details.fields`, which the API hands the screen as `data.fields`). */
const invalid = (field: string, reason: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('INVALID_INPUT', message, { field, reason, fields: [{ path: field.split('.'), code: reason }], ...details });

/** A unit's name: spaces collapsed, 2–200 characters, no control characters. */
export function checkUnitName(raw: string, field = 'name'): string {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > UNIT_CHANGE_LIMITS.nameLength) throw invalid(field, 'length', `A unit's name is 2–${UNIT_CHANGE_LIMITS.nameLength} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalid(field, 'characters', 'A unit’s name has no control characters');
  return name;
}

/** An official code (mã số đơn vị hành chính): two digits for a province, five for a commune; none is fine. */
export function checkUnitCode(raw: string | undefined, field = 'code'): string | undefined {
  const code = raw?.trim() ?? '';
  if (code === '') return undefined;
  if (!/^\d{2,5}$/.test(code)) throw invalid(field, 'format', 'An official code is 2 to 5 digits');
  return code;
}

/** The resolution: trimmed, up to 300 characters, naming a number with its symbol ("1685/NQ-UBTVQH15"). */
export function checkResolution(raw: string): string {
  const resolution = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (resolution.length < 5 || resolution.length > UNIT_CHANGE_LIMITS.resolutionLength) {
    throw invalid('resolution', 'length', `A resolution is 5–${UNIT_CHANGE_LIMITS.resolutionLength} characters`);
  }
  if (!/\d\/[\p{L}\d]/u.test(resolution)) throw invalid('resolution', 'number', 'A resolution names its number and symbol, as in 1685/NQ-UBTVQH15');
  return resolution;
}

/** A calendar day yyyy-MM-dd between 2000 and 2100. */
export function checkEffectiveDate(raw: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== raw.trim() || match[1]! < '2000' || match[1]! > '2100') {
    throw invalid('effectiveFrom', 'date', 'The effective date is a day between 2000 and 2100');
  }
  return raw.trim();
}

/** The day before a yyyy-MM-dd day: the last day of a unit that ends when a change comes into force. */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** A directive's reorganisation basis is at most 1,000 characters (what the issuer's decision sends back). */
const bounded = (basis: string) => (basis.length <= 1_000 ? basis : `${basis.slice(0, 999)}…`);

/** dd/MM/yyyy, as the basis reads. */
const vnDay = (day: string) => day.split('-').reverse().join('/');

/**
 * Checks `change` against the tree and the administrator's reach and says what it writes. Every unit
 * it names must lie in the administrator's tree (UNIT_NOT_FOUND otherwise, as for one that does not
 * exist) and be in force on the effective date; names are unique among a parent's units in force;
 * nothing may end up its own ancestor.
 */
export function planUnitChange(hierarchy: Hierarchy, adminGrants: readonly RoleGrant[], change: UnitChange, legal: LegalBasis): UnitChangePlan {
  const resolution = checkResolution(legal.resolution);
  const effectiveFrom = checkEffectiveDate(legal.effectiveFrom);
  const lastDay = dayBefore(effectiveFrom);
  const basis = `${resolution}, hiệu lực từ ${vnDay(effectiveFrom)}`;

  const administered = (unitId: string, field: string): Unit => {
    const unit = hierarchy.units.get(unitId);
    if (!unit || !administeringGrant(hierarchy, adminGrants, unitId)) throw new DomainError('UNIT_NOT_FOUND', `Not administering ${unitId}`, { unitId, field });
    if (!unitValidOn(unit, effectiveFrom) || (unit.validFrom !== undefined && unit.validFrom >= effectiveFrom && change.kind !== 'rename')) {
      throw invalid(field, 'not-in-force', `${unit.name} is not in force on ${effectiveFrom}`, { unitId });
    }
    return unit;
  };
  const inForceChildren = (parentId: string | null, except: ReadonlySet<string>) =>
    (parentId === null ? hierarchy.roots : (hierarchy.children.get(parentId) ?? []))
      .map((id) => hierarchy.units.get(id)!)
      .filter((u) => !except.has(u.id) && unitValidOn(u, effectiveFrom));
  const nameFree = (parentId: string | null, name: string, field: string, except: ReadonlySet<string> = new Set()) => {
    const key = name.toLocaleLowerCase('vi');
    if (inForceChildren(parentId, except).some((u) => u.name.toLocaleLowerCase('vi') === key)) throw invalid(field, 'taken', `${name} is already a unit there`);
  };
  const codeFree = (code: string | undefined, field: string, except: ReadonlySet<string> = new Set()) => {
    if (code === undefined) return;
    for (const u of hierarchy.units.values()) {
      if (u.code === code && !except.has(u.id) && unitValidOn(u, effectiveFrom)) throw invalid(field, 'code-taken', `Code ${code} belongs to ${u.name}`, { unitId: u.id });
    }
  };
  const taken = new Set<string>();
  const newId = (parentId: string | null, name: string): string => {
    const base = `${parentId === null ? '' : `${parentId}.`}${slugify(name) || 'don-vi'}`;
    let id = base;
    for (let n = 2; hierarchy.units.has(id) || taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  };
  const newUnit = (target: { name: string; code?: string }, like: Unit, field: string, except: ReadonlySet<string>): Unit => {
    const name = checkUnitName(target.name, `${field}.name`);
    const code = checkUnitCode(target.code, `${field}.code`);
    nameFree(like.parentId, name, `${field}.name`, except);
    codeFree(code, `${field}.code`, except);
    return { id: newId(like.parentId, name), name, level: like.level, kind: like.kind, parentId: like.parentId, ...(code ? { code } : {}), validFrom: effectiveFrom };
  };
  const ended = (u: Unit): Unit => ({ ...u, validTo: lastDay });
  const successionOf = (u: Unit, to: readonly string[]): Succession =>
    to.length === 1 ? { kind: 'moves', oldUnitId: u.id, oldCode: u.code ?? '', to: to[0]! } : { kind: 'split', oldUnitId: u.id, oldCode: u.code ?? '', to: [...to] };

  switch (change.kind) {
    case 'rename': {
      const unit = administered(change.unitId, 'unitId');
      const name = checkUnitName(change.name);
      if (name === unit.name) throw invalid('name', 'unchanged', 'The new name is the name it has');
      nameFree(unit.parentId, name, 'name', new Set([unit.id]));
      return { kind: 'rename', units: [{ ...unit, name }], created: [], ended: [], succession: [], subjectId: unit.id, basis };
    }
    case 'add': {
      const parent = administered(change.parentId, 'parentId');
      const siblings = inForceChildren(parent.id, new Set());
      const like = siblings.find((u) => u.kind === 'people_committee') ?? siblings[0];
      const level = like?.level ?? hierarchy.scheme.levels[hierarchy.scheme.levels.indexOf(parent.level) + 1];
      if (level === undefined) throw invalid('parentId', 'lowest-level', `Nothing sits below ${parent.name}`);
      const unit = newUnit(change, { ...parent, level, kind: 'people_committee', parentId: parent.id }, 'unit', new Set());
      return { kind: 'add', units: [unit], created: [unit.id], ended: [], succession: [], subjectId: unit.id, basis };
    }
    case 'merge': {
      const fromIds = [...new Set(change.from)];
      if (fromIds.length !== change.from.length) throw invalid('from', 'repeated', 'A unit is named twice');
      const minimum = 'unitId' in change.into ? 1 : 2;
      if (fromIds.length < minimum || fromIds.length > UNIT_CHANGE_LIMITS.parts) throw invalid('from', 'count', `A merger joins ${minimum}–${UNIT_CHANGE_LIMITS.parts} units`);
      const from = fromIds.map((id) => administered(id, 'from'));
      const first = from[0]!;
      if (from.some((u) => u.parentId !== first.parentId || u.level !== first.level || u.kind !== first.kind)) {
        throw invalid('from', 'not-siblings', 'The merged units are of one kind and level under one parent');
      }
      const gone = new Set(fromIds);
      let target: Unit;
      let created: string[] = [];
      if ('unitId' in change.into) {
        target = administered(change.into.unitId, 'into');
        if (gone.has(target.id)) throw invalid('into', 'cycle', 'A unit does not merge into itself');
        if (target.level !== first.level || target.kind !== first.kind) throw invalid('into', 'level', 'A merger goes into a unit of the same kind and level');
        if (from.some((u) => isWithin(hierarchy, target.id, u.id))) throw invalid('into', 'cycle', 'A unit does not merge into a unit below it');
      } else {
        target = newUnit(change.into, first, 'into', gone);
        created = [target.id];
      }
      // What stood below the merged units goes on below the unit they became.
      const moved = from.flatMap((u) => inForceChildren(u.id, new Set()).map((c): Unit => ({ ...c, parentId: target.id })));
      return {
        kind: 'merge',
        units: [...(created.length > 0 ? [target] : []), ...from.map(ended), ...moved],
        created,
        ended: fromIds,
        succession: from.map((u) => successionOf(u, [target.id])),
        subjectId: target.id,
        basis: bounded(`${basis}: ${from.map((u) => u.name).join(', ')} → ${target.name}`),
      };
    }
    case 'split': {
      const unit = administered(change.from, 'from');
      if (change.into.length < 2 || change.into.length > UNIT_CHANGE_LIMITS.parts) throw invalid('into', 'count', `A split makes 2–${UNIT_CHANGE_LIMITS.parts} units`);
      if (descendantsOf(hierarchy, unit.id).some((u) => unitValidOn(u, effectiveFrom))) {
        throw invalid('from', 'has-units', `${unit.name} has units below it: move or merge them first`);
      }
      const gone = new Set([unit.id]);
      const news: Unit[] = [];
      const targets = change.into.map((t, i): Unit => {
        if ('unitId' in t) {
          const existing = administered(t.unitId, `into.${i}`);
          if (existing.id === unit.id) throw invalid(`into.${i}`, 'cycle', 'A unit does not split into itself');
          if (existing.level !== unit.level || existing.kind !== unit.kind) throw invalid(`into.${i}`, 'level', 'A split goes into units of the same kind and level');
          return existing;
        }
        const made = newUnit(t, unit, `into.${i}`, gone);
        if (news.some((n) => n.name.toLocaleLowerCase('vi') === made.name.toLocaleLowerCase('vi'))) throw invalid(`into.${i}.name`, 'taken', `${made.name} is named twice`);
        if (made.code !== undefined && news.some((n) => n.code === made.code)) throw invalid(`into.${i}.code`, 'code-taken', `Code ${made.code} is given twice`);
        news.push(made);
        return made;
      });
      const ids = targets.map((t) => t.id);
      if (new Set(ids).size !== ids.length) throw invalid('into', 'repeated', 'A unit is named twice');
      return {
        kind: 'split',
        units: [...news, ended(unit)],
        created: news.map((n) => n.id),
        ended: [unit.id],
        succession: [successionOf(unit, ids)],
        subjectId: unit.id,
        basis: bounded(`${basis}: ${unit.name} → ${targets.map((t) => t.name).join(', ')}`),
      };
    }
  }
}
