/**
 * How officials name and order units on screen. Formal documents (a compiled report, an urging
 * document) keep a unit's registered name; lists and pages use one short form ("UBND …") and one order.
 */

const COMMITTEE_IN_FULL = /^Ủy ban nhân dân\s/iu;
const COMMITTEE_SHORT = /^UBND\s/u;
/** The administrative type that follows "UBND" in a committee's name; longer types first so "thị xã" is not read as "thị". */
const ADMINISTRATIVE_TYPES = ['thành phố', 'thị trấn', 'thị xã', 'đặc khu', 'huyện', 'quận', 'tỉnh', 'phường', 'xã'];

/** "Ủy ban nhân dân tỉnh Kiên Giang" → "UBND tỉnh Kiên Giang": the one form lists use. Other names unchanged. */
export function unitDisplayName(name: string): string {
  const trimmed = name.normalize('NFC').trim();
  return COMMITTEE_IN_FULL.test(trimmed) ? `UBND ${trimmed.replace(COMMITTEE_IN_FULL, '').trimStart()}` : trimmed;
}

/** "UBND thành phố Rạch Giá" → "Ủy ban nhân dân thành phố Rạch Giá": a formal document's header spells the body out. Other names unchanged. */
export function unitFormalName(name: string): string {
  const trimmed = name.normalize('NFC').trim();
  return COMMITTEE_SHORT.test(trimmed) ? `Ủy ban nhân dân ${trimmed.replace(COMMITTEE_SHORT, '').trimStart()}` : trimmed;
}

/**
 * The words a committee is sorted by: its place name, without "UBND" and the administrative type
 * ("UBND huyện An Biên" → "An Biên"), so "UBND thành phố Hà Tiên" sits between "Giồng Riềng" and
 * "Hòn Đất" as in the province's own lists, not after every "huyện".
 */
export function placeNameOf(name: string): string {
  let rest = unitDisplayName(name).replace(COMMITTEE_SHORT, '').trimStart();
  const lower = rest.toLocaleLowerCase('vi');
  const type = ADMINISTRATIVE_TYPES.find((t) => lower.startsWith(`${t} `));
  if (type !== undefined) rest = rest.slice(type.length).trimStart();
  return rest;
}

/** What the order needs of a unit: its name, its kind (UnitKind), and its id where there is one. */
export interface NamedUnit {
  readonly name: string;
  readonly kind: string;
  readonly id?: string;
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * The order officials expect in a list of units: People's Committees first, by place name in
 * Vietnamese collation (Â after A, Đ after D, tones after the bare letter), then departments and
 * other bodies by name. Ties fall back to the whole name, then the id, so the order is total.
 */
export function compareUnitsForOfficials(a: NamedUnit, b: NamedUnit): number {
  const committeeA = a.kind === 'people_committee';
  const committeeB = b.kind === 'people_committee';
  if (committeeA !== committeeB) return committeeA ? -1 : 1;
  const key = (u: NamedUnit) => (u.kind === 'people_committee' ? placeNameOf(u.name) : unitDisplayName(u.name));
  return collator.compare(key(a), key(b)) || collator.compare(a.name, b.name) || (a.id ?? '').localeCompare(b.id ?? '');
}
