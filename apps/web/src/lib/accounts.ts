import { slugify } from '@chidao/domain';
import type { DemoAccount } from '../api';

export interface AccountGroup {
  /** The unit heading the group; null for the top group (the province and its agencies). */
  readonly unitId: string | null;
  readonly title: string | null;
  readonly accounts: readonly DemoAccount[];
}

/**
 * Parent of a unit id among the given ids. Unit ids are dotted paths from the top
 * (`kg`, `kg.an-bien`, `kg.an-bien.x-nam-yen`), so the nearest known prefix is the parent.
 * The demo account list carries no hierarchy; the path convention is all it offers.
 */
function parentIn(ids: ReadonlySet<string>, unitId: string): string | null {
  for (let i = unitId.lastIndexOf('.'); i > 0; i = unitId.lastIndexOf('.', i - 1)) {
    const candidate = unitId.slice(0, i);
    if (ids.has(candidate)) return candidate;
  }
  return null;
}

/**
 * Groups accounts for the sign-in list: first the top level (top units and the units directly
 * below them that have nothing below, e.g. provincial departments), then one group per unit directly
 * below the top that has units below it (a district with all its communes), in the given order.
 */
export function groupAccounts(accounts: readonly DemoAccount[]): AccountGroup[] {
  const ids = new Set(accounts.map((a) => a.unitId));
  const parentOf = new Map<string, string | null>();
  for (const id of ids) parentOf.set(id, parentIn(ids, id));
  const hasChildren = new Set<string>();
  for (const parent of parentOf.values()) if (parent !== null) hasChildren.add(parent);

  // The unit directly below a top unit that this unit sits in (itself included); null for a top unit.
  const branchOf = (unitId: string): string | null => {
    let current = unitId;
    let parent = parentOf.get(current) ?? null;
    if (parent === null) return null;
    for (let up = parentOf.get(parent) ?? null; up !== null; up = parentOf.get(parent) ?? null) {
      current = parent;
      parent = up;
    }
    return current;
  };

  const top: DemoAccount[] = [];
  const branches = new Map<string, DemoAccount[]>();
  for (const account of accounts) {
    const branch = branchOf(account.unitId);
    if (branch === null || !hasChildren.has(branch)) {
      top.push(account);
      continue;
    }
    const list = branches.get(branch) ?? [];
    list.push(account);
    branches.set(branch, list);
  }
  const groups: AccountGroup[] = [];
  if (top.length > 0) groups.push({ unitId: null, title: null, accounts: top });
  for (const [unitId, list] of branches) {
    // The branch's own accounts first (the district), then the units below it in list order.
    const own = list.filter((a) => a.unitId === unitId);
    const rest = list.filter((a) => a.unitId !== unitId);
    const title = own[0]?.unitName ?? unitId;
    groups.push({ unitId, title, accounts: [...own, ...rest] });
  }
  return groups;
}

/** Accent- and case-insensitive text for matching: "Vĩnh Thanh" and "vinh thanh" match. */
export function searchKey(text: string): string {
  return slugify(text).replace(/-/g, ' ');
}

/**
 * Filters groups by a free-text query over the person's name, the unit's name and the username.
 * A group whose title matches keeps all its accounts, so "An Biên" lists the district and its communes.
 */
export function filterGroups(groups: readonly AccountGroup[], query: string): AccountGroup[] {
  const words = searchKey(query).split(' ').filter(Boolean);
  if (words.length === 0) return [...groups];
  const matches = (text: string) => {
    const key = searchKey(text);
    return words.every((w) => key.includes(w));
  };
  const out: AccountGroup[] = [];
  for (const group of groups) {
    if (group.title !== null && matches(group.title)) {
      out.push(group);
      continue;
    }
    const accounts = group.accounts.filter((a) => matches(`${a.displayName} ${a.unitName ?? ''} ${a.username}`));
    if (accounts.length > 0) out.push({ ...group, accounts });
  }
  return out;
}
