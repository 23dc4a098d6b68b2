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
 * With several provinces, each one's top level is a group titled with its name, followed by its
 * districts; a two-level province's communes sit in its top group.
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

  const rootOf = (unitId: string): string => {
    let current = unitId;
    for (let parent = parentOf.get(current) ?? null; parent !== null; parent = parentOf.get(current) ?? null) current = parent;
    return current;
  };
  // Several provinces (Kiên Giang 2020 beside An Giang 2025): each has a top group of its own, titled.
  const roots = [...ids].filter((id) => parentOf.get(id) === null && hasChildren.has(id));
  const severalRoots = roots.length > 1;

  const tops = new Map<string | null, DemoAccount[]>();
  const branches = new Map<string, DemoAccount[]>();
  for (const account of accounts) {
    const branch = branchOf(account.unitId);
    if (branch === null || !hasChildren.has(branch)) {
      const key = severalRoots ? rootOf(account.unitId) : null;
      tops.set(key, [...(tops.get(key) ?? []), account]);
      continue;
    }
    const list = branches.get(branch) ?? [];
    list.push(account);
    branches.set(branch, list);
  }
  const groups: AccountGroup[] = [];
  const titled = (unitId: string, list: readonly DemoAccount[]): AccountGroup => {
    // The group's own unit first (the district, the province), then the units below it in list order.
    const own = list.filter((a) => a.unitId === unitId);
    const rest = list.filter((a) => a.unitId !== unitId);
    return { unitId, title: own[0]?.unitName ?? unitId, accounts: [...own, ...rest] };
  };
  for (const [root, list] of tops) {
    if (root === null) groups.push({ unitId: null, title: null, accounts: list });
    else {
      groups.push(titled(root, list));
      for (const [unitId, below] of branches) if (rootOf(unitId) === root) groups.push(titled(unitId, below));
    }
  }
  for (const [unitId, list] of branches) if (!severalRoots) groups.push(titled(unitId, list));
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
