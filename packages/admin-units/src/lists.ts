import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  OfficialListError,
  parseCommunes1027,
  parseMerges,
  parseProvinces915,
  provinceKey,
  type OfficialCommune,
  type OfficialProvince,
  type ProvinceMerge,
} from './official-lists';

/** The published files, unmodified (see data/vn-admin-2025/README.md for their source and licence). */
export const DATA_DIR_2025 = fileURLToPath(new URL('../data/vn-admin-2025/', import.meta.url));

export interface OfficialLists2025 {
  readonly provinces: readonly OfficialProvince[];
  /** In the order of Phụ lục I (by province, then as listed). */
  readonly communes: readonly OfficialCommune[];
  /** Keyed by the new unit's code. */
  readonly merges: ReadonlyMap<string, ProvinceMerge>;
}

/**
 * The three files read together, and checked against each other: the same 34 province codes, the
 * same 3,321 commune codes with the same names in the same provinces. A disagreement is an error,
 * never a guess.
 */
export function officialLists2025(read: (file: string) => string = (file) => readFileSync(`${DATA_DIR_2025}${file}`, 'utf8')): OfficialLists2025 {
  const provinces = parseProvinces915(read('915_CTK-CSCL.csv'));
  const communes = parseCommunes1027(read('1027_CTK-CSCL.md'), provinces);
  const merges = parseMerges(read('merges.json'));

  const mergeByCode = new Map(merges.map((m) => [m.code, m] as const));
  for (const province of provinces) {
    const merge = mergeByCode.get(province.code);
    if (!merge || provinceKey(merge.name) !== provinceKey(province.name)) {
      throw new OfficialListError(`915 and merges.json disagree on province ${province.code} (${province.name})`);
    }
  }
  if (mergeByCode.size !== provinces.length) throw new OfficialListError('merges.json has provinces that 915 does not list');

  const mergedCommunes = new Map(merges.flatMap((p) => p.communes.map((c) => [c.code, { ...c, provinceCode: p.code }] as const)));
  const seen = new Set<string>();
  for (const commune of communes) {
    if (seen.has(commune.code)) throw new OfficialListError(`1027 lists commune ${commune.code} twice`);
    seen.add(commune.code);
    const merged = mergedCommunes.get(commune.code);
    if (!merged || merged.name !== commune.name || merged.provinceCode !== commune.provinceCode) {
      throw new OfficialListError(`1027 and merges.json disagree on commune ${commune.code} (${commune.name})`);
    }
  }
  if (mergedCommunes.size !== communes.length) throw new OfficialListError('merges.json has communes that 1027 does not list');
  return { provinces, communes, merges: mergeByCode };
}

let cached: OfficialLists2025 | undefined;

/** officialLists2025() of the files in the repository, read once per process. */
export function vietnam2025(): OfficialLists2025 {
  return (cached ??= officialLists2025());
}
