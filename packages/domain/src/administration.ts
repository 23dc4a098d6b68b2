import { normalizeContact } from './contacts';
import { DomainError } from './errors';
import { isWithin, type Hierarchy, type Unit } from './hierarchy';
import { normaliseUsername } from './identity';
import { isRole, type Role, type RoleGrant } from './access';

/**
 * Administration of accounts (issue 23), as pure rules: who administers whom, which roles an
 * administrator may give, and how a roster file's rows become accounts. The system administrator
 * administers the whole installation; a province administrator (quản trị tỉnh) administers the
 * accounts of its own unit and every unit below it, and nothing outside.
 */

/** Roles an account may be given at a unit from the administration screen or a roster file. */
export const ADMINISTERED_ROLES = ['chair', 'vice_chair', 'officer', 'province_leader', 'province_admin', 'system_admin'] as const satisfies readonly Role[];
export type AdministeredRole = (typeof ADMINISTERED_ROLES)[number];

/**
 * The grant by which the user administers accounts of `unitId`: the system administrator's for any
 * unit, else a province administrator's whose unit holds `unitId`; null when neither.
 */
export function administeringGrant(hierarchy: Hierarchy, grants: readonly RoleGrant[], unitId: string): RoleGrant | null {
  const system = grants.find((g) => g.role === 'system_admin');
  if (system) return hierarchy.units.has(unitId) ? system : null;
  if (!hierarchy.units.has(unitId)) return null;
  return grants.find((g) => g.role === 'province_admin' && hierarchy.units.has(g.unitId) && isWithin(hierarchy, unitId, g.unitId)) ?? null;
}

/** Whether the user administers any accounts at all (the screen is offered). */
export function isAdministrator(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.role === 'system_admin' || g.role === 'province_admin');
}

/** The units whose accounts the user administers: null for all of them (system administrator). */
export function administeredRoots(grants: readonly RoleGrant[]): string[] | null {
  if (grants.some((g) => g.role === 'system_admin')) return null;
  return [...new Set(grants.filter((g) => g.role === 'province_admin').map((g) => g.unitId))];
}

/**
 * Throws OUT_OF_SCOPE unless the administrator may give `grant`: its unit in their tree, and the
 * system administrator's role only from a system administrator (a province administrator cannot
 * raise anyone, themselves included, above their own province).
 */
export function assertMayGrant(hierarchy: Hierarchy, adminGrants: readonly RoleGrant[], grant: RoleGrant): void {
  if (!isRole(grant.role) || !(ADMINISTERED_ROLES as readonly string[]).includes(grant.role) || grant.directiveId !== null) {
    throw new DomainError('INVALID_INPUT', `${String(grant.role)} is not given from the administration screen`, { field: 'role' });
  }
  const by = administeringGrant(hierarchy, adminGrants, grant.unitId);
  if (!by) throw new DomainError('UNIT_NOT_FOUND', `Not administering ${grant.unitId}`, { unitId: grant.unitId });
  if (grant.role === 'system_admin' && by.role !== 'system_admin') {
    throw new DomainError('OUT_OF_SCOPE', 'Only a system administrator names another', { field: 'role' });
  }
}

/**
 * Whether the administrator may change an account: its home unit and every unit it holds a role at
 * lie in their tree (a person with a role elsewhere is someone else's to administer too, so only
 * the system administrator changes them), and a province administrator never changes a system one.
 */
export function mayAdministerAccount(hierarchy: Hierarchy, adminGrants: readonly RoleGrant[], account: { readonly unitId: string; readonly grants: readonly RoleGrant[] }): boolean {
  const units = [account.unitId, ...account.grants.filter((g) => g.role !== 'coordinator').map((g) => g.unitId)];
  if (!units.every((u) => administeringGrant(hierarchy, adminGrants, u) !== null)) return false;
  return !account.grants.some((g) => g.role === 'system_admin') || adminGrants.some((g) => g.role === 'system_admin');
}

/** Usernames: 2–100 of a-z, 0-9, dot, dash, underscore, starting with a letter or digit. */
export function checkUsername(raw: string): string {
  const username = normaliseUsername(raw);
  if (!/^[a-z0-9][a-z0-9._-]{1,99}$/.test(username)) {
    throw new DomainError('INVALID_INPUT', 'A username is 2–100 of a-z, 0-9, dot, dash, underscore', { field: 'username' });
  }
  return username;
}

// ---------------------------------------------------------------------------------------------
// One-time codes for activation and password reset.

export const ACCOUNT_CODE_POLICY = {
  /** A new account's activation code (link or printed sheet): a few days to hand the sheet out. */
  activationValidHours: 72,
  /** A password reset the person asked for: short, for it travels by e-mail. */
  resetValidMinutes: 30,
  /** Reset messages to one account within an hour, however often it is asked for. */
  resetsPerHour: 3,
  /** Characters of a code (Crockford base32, 5 bits each: 80 bits, beyond guessing). */
  length: 16,
} as const;

/** Crockford's base32: no I, L, O, U, so a printed code is read back without confusion. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A code as printed: four groups of four (ABCD-EFGH-JKMN-PQRS). */
export function formatAccountCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/**
 * A code as typed or taken from a link: spaces and dashes dropped, upper-cased, the look-alikes
 * read as Crockford reads them (O → 0, I and L → 1). Null when it cannot be a code at all.
 */
export function normaliseAccountCode(input: string): string | null {
  if (input.length > 64) return null;
  let out = '';
  for (const ch of input.toUpperCase()) {
    if (ch === '-' || ch === ' ') continue;
    const c = ch === 'O' ? '0' : ch === 'I' || ch === 'L' ? '1' : ch;
    if (!CODE_ALPHABET.includes(c)) return null;
    out += c;
  }
  return out.length === ACCOUNT_CODE_POLICY.length ? out : null;
}

/** Whether another reset message may go to the account now, given when the earlier ones went. */
export function resetAllowed(sentAt: readonly string[], now: string): boolean {
  const at = Date.parse(now);
  return sentAt.filter((s) => at - Date.parse(s) < 3_600_000).length < ACCOUNT_CODE_POLICY.resetsPerHour;
}

// ---------------------------------------------------------------------------------------------
// Roster files (danh sách tài khoản): a header row, then one person a row.

/** The template's columns, as its header row names them (Vietnamese, as the province's staff write). */
export const ROSTER_COLUMNS = [
  { key: 'username', header: 'Tên đăng nhập', required: true },
  { key: 'displayName', header: 'Họ và tên', required: true },
  { key: 'unit', header: 'Đơn vị (mã hoặc tên)', required: true },
  { key: 'roles', header: 'Chức vụ', required: true },
  { key: 'email', header: 'Thư điện tử', required: false },
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number]['key'];

/** Role names as a roster writes them; the role keys themselves are read too. */
export const ROLE_NAMES_VI: Readonly<Record<AdministeredRole, string>> = {
  chair: 'Chủ tịch',
  vice_chair: 'Phó Chủ tịch',
  officer: 'Cán bộ',
  province_leader: 'Lãnh đạo tỉnh',
  province_admin: 'Quản trị tỉnh',
  system_admin: 'Quản trị hệ thống',
};

export const ROSTER_LIMITS = { rows: 2_000, columns: 20, cellChars: 300 } as const;

export type RosterErrorCode =
  | 'MISSING_COLUMN'
  | 'REQUIRED'
  | 'INVALID_USERNAME'
  | 'DUPLICATE_USERNAME'
  | 'UNKNOWN_UNIT'
  | 'AMBIGUOUS_UNIT'
  | 'UNIT_OUT_OF_SCOPE'
  | 'UNKNOWN_ROLE'
  | 'ROLE_NOT_ALLOWED'
  | 'INVALID_EMAIL'
  | 'NOT_ADMINISTERED'
  | 'TOO_LONG';

/** One problem, where the file has it: the row as a spreadsheet numbers it (the header is row 1) and the column's header. */
export interface RosterError {
  readonly row: number;
  readonly column: string;
  readonly code: RosterErrorCode;
  /** The cell's text, where it helps to see it. */
  readonly value?: string;
}

export interface RosterPerson {
  readonly username: string;
  readonly displayName: string;
  readonly unitId: string;
  readonly roles: readonly AdministeredRole[];
  readonly email: string | null;
}

/** An account as it stands, for telling a new row from a change or from nothing to do. */
export interface ExistingAccount {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly unitId: string;
  readonly grants: readonly RoleGrant[];
  readonly email: string | null;
  readonly demo: boolean;
}

export type RosterOutcome = 'create' | 'update' | 'unchanged' | 'error';

export interface RosterRow {
  readonly row: number;
  readonly outcome: RosterOutcome;
  readonly username: string;
  readonly person: RosterPerson | null;
  /** The account the row changes, for update and unchanged. */
  readonly accountId: string | null;
  /** For update: which fields change. */
  readonly changes: readonly ('displayName' | 'unitId' | 'roles' | 'email')[];
}

export interface RosterPlan {
  readonly rows: readonly RosterRow[];
  readonly errors: readonly RosterError[];
  readonly counts: Readonly<Record<RosterOutcome, number>>;
}

/** Text compared without case, accents kept (Vĩnh Thanh ≠ Vĩnh Thạnh), spaces collapsed, "Ủy ban nhân dân" read as "UBND". */
function unitKey(name: string): string {
  return name
    .normalize('NFC')
    .trim()
    .replace(/^(?:ủy|uỷ) ban nhân dân\s/iu, 'UBND ')
    .split(/\s+/u)
    .join(' ')
    .toLocaleLowerCase('vi');
}

/** The keys a unit is found by: its name as registered, and without "UBND" in front. */
function namesOf(unit: Unit): string[] {
  const full = unitKey(unit.name);
  return full.startsWith('ubnd ') ? [full, full.slice(5)] : [full];
}

/**
 * Reads a roster's cells (first row the header) against the tree and the accounts as they stand:
 * every row's outcome (create, update, unchanged or error) and every error by row and column. Pure:
 * the dry run shows exactly this, and the import applies it only when it has no error. A unit is
 * found by its official code or its name (with or without "UBND"), among the units the administrator
 * administers; a name that fits two units must be given by code.
 */
export function planRoster(
  cells: readonly (readonly string[])[],
  context: {
    readonly hierarchy: Hierarchy;
    readonly adminGrants: readonly RoleGrant[];
    readonly existing: ReadonlyMap<string, ExistingAccount>;
  },
): RosterPlan {
  const errors: RosterError[] = [];
  const [header = [], ...body] = cells;
  const index = new Map<RosterColumn, number>();
  const headerKeys = header.map((h) => unitKey(h));
  for (const column of ROSTER_COLUMNS) {
    const at = headerKeys.findIndex((h) => h === unitKey(column.header) || h === column.key.toLowerCase());
    if (at >= 0) index.set(column.key, at);
    else if (column.required) errors.push({ row: 1, column: column.header, code: 'MISSING_COLUMN' });
  }
  if (errors.length > 0) return { rows: [], errors, counts: { create: 0, update: 0, unchanged: 0, error: 0 } };

  const { hierarchy, adminGrants, existing } = context;
  const byCode = new Map<string, Unit[]>();
  const byName = new Map<string, Unit[]>();
  for (const unit of hierarchy.units.values()) {
    if (administeringGrant(hierarchy, adminGrants, unit.id) === null) continue;
    if (unit.code) byCode.set(unit.code, [...(byCode.get(unit.code) ?? []), unit]);
    for (const key of namesOf(unit)) byName.set(key, [...(byName.get(key) ?? []), unit]);
  }
  const roleByName = new Map<string, AdministeredRole>();
  for (const role of ADMINISTERED_ROLES) {
    roleByName.set(role, role);
    roleByName.set(unitKey(ROLE_NAMES_VI[role]), role);
  }

  const rows: RosterRow[] = [];
  const seen = new Map<string, number>();
  body.forEach((cellsOfRow, i) => {
    const row = i + 2;
    if (cellsOfRow.every((c) => c.trim() === '')) return;
    const rowErrors: RosterError[] = [];
    const fail = (column: RosterColumn, code: RosterErrorCode, value?: string) =>
      rowErrors.push({ row, column: ROSTER_COLUMNS.find((c) => c.key === column)!.header, code, ...(value !== undefined && value !== '' ? { value } : {}) });
    const cell = (column: RosterColumn): string => {
      const at = index.get(column);
      const value = (at === undefined ? '' : (cellsOfRow[at] ?? '')).normalize('NFC').trim();
      if (value.length > ROSTER_LIMITS.cellChars) {
        fail(column, 'TOO_LONG');
        return '';
      }
      return value;
    };

    const rawUsername = cell('username');
    let username = '';
    if (rawUsername === '') fail('username', 'REQUIRED');
    else {
      try {
        username = checkUsername(rawUsername);
      } catch {
        fail('username', 'INVALID_USERNAME', rawUsername);
      }
    }
    if (username !== '') {
      const earlier = seen.get(username);
      if (earlier !== undefined) fail('username', 'DUPLICATE_USERNAME', rawUsername);
      else seen.set(username, row);
    }

    const displayName = cell('displayName');
    if (displayName === '') fail('displayName', 'REQUIRED');

    const unitText = cell('unit');
    let unit: Unit | null = null;
    if (unitText === '') fail('unit', 'REQUIRED');
    else {
      const found = byCode.get(unitText) ?? byName.get(unitKey(unitText)) ?? [];
      if (found.length === 1) unit = found[0]!;
      else if (found.length > 1) fail('unit', 'AMBIGUOUS_UNIT', unitText);
      else {
        // Known to the installation but not the administrator's: said so, for it is their file that is wrong.
        const anywhere = [...hierarchy.units.values()].some((u) => u.code === unitText || namesOf(u).includes(unitKey(unitText)));
        fail('unit', anywhere ? 'UNIT_OUT_OF_SCOPE' : 'UNKNOWN_UNIT', unitText);
      }
    }

    const roleText = cell('roles');
    const roles: AdministeredRole[] = [];
    if (roleText === '') fail('roles', 'REQUIRED');
    for (const part of roleText.split(/[;,]/u)) {
      const name = part.trim();
      if (name === '') continue;
      const role = roleByName.get(unitKey(name)) ?? roleByName.get(name);
      if (!role) fail('roles', 'UNKNOWN_ROLE', name);
      else if (!roles.includes(role)) roles.push(role);
    }
    if (unit && roles.includes('system_admin') && !adminGrants.some((g) => g.role === 'system_admin')) fail('roles', 'ROLE_NOT_ALLOWED', ROLE_NAMES_VI.system_admin);

    const emailText = cell('email');
    let email: string | null = null;
    if (emailText !== '') {
      try {
        email = normalizeContact('email', emailText);
      } catch {
        fail('email', 'INVALID_EMAIL', emailText);
      }
    }

    const account = username === '' ? undefined : existing.get(username);
    if (account && (account.demo || !mayAdministerAccount(hierarchy, adminGrants, account))) fail('username', 'NOT_ADMINISTERED', rawUsername);

    if (rowErrors.length > 0 || !unit) {
      errors.push(...rowErrors);
      rows.push({ row, outcome: 'error', username: username || rawUsername, person: null, accountId: account?.id ?? null, changes: [] });
      return;
    }
    const person: RosterPerson = { username, displayName, unitId: unit.id, roles, email };
    if (!account) {
      rows.push({ row, outcome: 'create', username, person, accountId: null, changes: [] });
      return;
    }
    const changes = rosterChanges(account, person);
    rows.push({ row, outcome: changes.length === 0 ? 'unchanged' : 'update', username, person, accountId: account.id, changes });
  });

  const counts = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const r of rows) counts[r.outcome]++;
  return { rows, errors, counts };
}

/**
 * What a roster row changes in an account. Roles compare as the set the row gives at its unit:
 * roles held elsewhere (another post, a coordinator's) are kept, so a person who moves keeps them
 * until someone takes them away; an e-mail left empty keeps the address the person has.
 */
export function rosterChanges(account: ExistingAccount, person: RosterPerson): ('displayName' | 'unitId' | 'roles' | 'email')[] {
  const changes: ('displayName' | 'unitId' | 'roles' | 'email')[] = [];
  if (account.displayName !== person.displayName) changes.push('displayName');
  if (account.unitId !== person.unitId) changes.push('unitId');
  const held = new Set(account.grants.filter((g) => g.unitId === person.unitId && g.directiveId === null).map((g) => g.role));
  if (held.size !== person.roles.length || person.roles.some((r) => !held.has(r))) changes.push('roles');
  if (person.email !== null && person.email !== account.email) changes.push('email');
  return changes;
}

/** The grants an account has after a roster row: its grants at other units kept, the row's roles at its unit. */
export function grantsAfterRoster(account: ExistingAccount | null, person: RosterPerson): RoleGrant[] {
  const kept = (account?.grants ?? []).filter((g) => g.unitId !== person.unitId || g.directiveId !== null);
  return [...kept, ...person.roles.map((role) => ({ role, unitId: person.unitId, directiveId: null }))];
}
