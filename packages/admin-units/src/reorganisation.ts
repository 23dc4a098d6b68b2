import type { Succession, Unit } from '@chidao/domain';
import type { ProvinceMerge } from './official-lists';

/**
 * Where the units of an old tree went on 1/7/2025, from merges.json (each kind: `Succession` in
 * @chidao/domain, whose `planReorganisation` turns it into a running directive's plan). Decided only
 * where the data decides it; everything else is left to the issuer, never guessed: a commune that
 * went whole into one new unit `moves`; one that went into several, or only in part, is `split`; one
 * not in the list of units of 30/6/2025 under that name (renamed or merged in an earlier
 * reorganisation: Phú Quốc became a city in 2021), or whose name stands for several old units in the
 * range, is `unknown`; a district-level committee `ceases`.
 */
export interface ReorganisationOptions {
  /**
   * The old province's block of commune codes (the statistics office numbers communes province by
   * province): a name found under several codes is matched only within it.
   */
  readonly oldCodes?: { readonly from: string; readonly to: string };
}

/** "UBND phường Vĩnh Thanh Vân" and "Phường Vĩnh Thanh Vân" → one key. */
const nameKey = (name: string) =>
  name
    .normalize('NFC')
    .replace(/^(UBND|Ủy ban nhân dân)\s+/iu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

export function successionOf(oldUnits: readonly Unit[], province: ProvinceMerge, newUnits: readonly Unit[], options: ReorganisationOptions = {}): Succession[] {
  const newIdByCode = new Map(newUnits.filter((u) => u.code).map((u) => [u.code!, u.id] as const));
  // Each old code: the new units it went into, and how.
  const into = new Map<string, { to: string; type: 'full' | 'partial' }[]>();
  const codesByName = new Map<string, Set<string>>();
  for (const commune of province.communes) {
    const to = newIdByCode.get(commune.code);
    if (!to) throw new RangeError(`New unit ${commune.code} (${commune.name}) is not in the new tree`);
    for (const p of commune.from) {
      into.set(p.code, [...(into.get(p.code) ?? []), { to, type: p.type }]);
      const key = nameKey(p.name);
      codesByName.set(key, new Set([...(codesByName.get(key) ?? []), p.code]));
    }
  }
  const inRange = (code: string) => !options.oldCodes || (code >= options.oldCodes.from && code <= options.oldCodes.to);

  return oldUnits.flatMap((unit): Succession[] => {
    if (unit.kind !== 'people_committee') return [];
    if (unit.level === 'district') return [{ kind: 'ceases', oldUnitId: unit.id }];
    if (unit.level !== 'commune') return [];
    const codes = unit.code ? [unit.code] : [...(codesByName.get(nameKey(unit.name)) ?? [])].filter(inRange).sort();
    if (codes.length === 0) return [{ kind: 'unknown', oldUnitId: unit.id, reason: 'not-listed', candidates: [] }];
    if (codes.length > 1) return [{ kind: 'unknown', oldUnitId: unit.id, reason: 'ambiguous', candidates: codes }];
    const oldCode = codes[0]!;
    const went = into.get(oldCode) ?? [];
    if (went.length === 1 && went[0]!.type === 'full') return [{ kind: 'moves', oldUnitId: unit.id, oldCode, to: went[0]!.to }];
    if (went.length === 0) return [{ kind: 'unknown', oldUnitId: unit.id, reason: 'not-listed', candidates: [] }];
    return [{ kind: 'split', oldUnitId: unit.id, oldCode, to: [...new Set(went.map((w) => w.to))].sort() }];
  });
}
