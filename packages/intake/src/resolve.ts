import { descendantsOf, getUnit, type Hierarchy, type RecipientGroup, type Unit } from '@chidao/domain';
import type { DispatchDraft, IntakeGroup, Span, Unrecognized } from './types';

/**
 * A draft's groups against a unit tree: a named unit becomes the domain's `{type:'units'}` group,
 * the businesses of the area the business association that stands for them. What cannot be placed
 * stays `unresolved` with the name as written and is added to `unrecognized`: never dropped.
 */
export type ResolvedGroup = RecipientGroup | { readonly type: 'unresolved'; readonly text: string };

export interface ResolvedDraft extends Omit<DispatchDraft, 'recipients' | 'tasks' | 'deadlines' | 'unitTargets'> {
  readonly recipients: readonly { readonly text: string; readonly group: ResolvedGroup | null }[];
  readonly tasks: readonly (Omit<DispatchDraft['tasks'][number], 'assignees'> & { readonly assignees: readonly ResolvedGroup[] })[];
  readonly deadlines: readonly (Omit<DispatchDraft['deadlines'][number], 'owers'> & { readonly owers: readonly ResolvedGroup[] })[];
  /** The coordinator named by the dispatch, as a unit of the tree; null when absent or not found. */
  readonly coordinatorUnitId: string | null;
  /** The targets of a table per unit, each row's unit placed in the tree (or unresolved, and listed). */
  readonly unitTargets: readonly (Omit<DispatchDraft['unitTargets'][number], 'group'> & { readonly group: ResolvedGroup })[];
}

/** The area's own name ("Kiên Giang" of "Ủy ban nhân dân tỉnh Kiên Giang"), which unit names repeat. */
function areaName(unit: Unit): string | null {
  // `s`: with `.` taking any character, `(.+)$` always reaches the end and is not tried again from each keyword.
  const m = /(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+(.+)$/isu.exec(unit.name.normalize('NFC'));
  return m ? m[1]!.toLocaleLowerCase('vi') : null;
}

/** A comparable form of a unit name: lower case, no brackets or punctuation, without "tỉnh" or the area's name. */
function keyOf(name: string, area: string | null): string {
  let s = name.normalize('NFC').toLocaleLowerCase('vi').replace(/\bubnd\b/gu, 'ủy ban nhân dân');
  if (area) s = s.split(area).join(' ');
  return s
    .replace(/[()[\],.;:"“”]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0 && w !== 'tỉnh')
    .join(' ');
}

/** The unit named `name` among `units`: the one whose name reads the same, else the only one whose name contains it. */
function findNamed(units: readonly Unit[], name: string, area: string | null): Unit | null {
  const key = keyOf(name, area);
  if (key.length === 0) return null;
  const keyed = units.map((unit) => ({ unit, key: keyOf(unit.name, area) }));
  const exact = keyed.filter((k) => k.key === key);
  if (exact.length === 1) return exact[0]!.unit;
  const containing = keyed.filter((k) => ` ${k.key} `.includes(` ${key} `));
  return containing.length === 1 ? containing[0]!.unit : null;
}

/** A group of the draft in the issuer's tree, or null when it names nothing there. */
export function resolveIntakeGroup(hierarchy: Hierarchy, issuerUnitId: string, group: IntakeGroup): RecipientGroup | null {
  const issuer = getUnit(hierarchy, issuerUnitId);
  const below = descendantsOf(hierarchy, issuerUnitId);
  switch (group.type) {
    case 'units':
    case 'level':
      return group;
    case 'businesses': {
      const associations = below.filter((u) => u.kind === 'business_association');
      const top = Math.min(...associations.map((u) => hierarchy.scheme.levels.indexOf(u.level)));
      const nearest = associations.filter((u) => hierarchy.scheme.levels.indexOf(u.level) === top);
      return nearest.length > 0 ? { type: 'units', unitIds: nearest.map((u) => u.id) } : null;
    }
    case 'named': {
      if (group.each === undefined) {
        const found = findNamed(below, group.name, areaName(issuer));
        return found ? { type: 'units', unitIds: [found.id] } : null;
      }
      // "Sở TT&TT các tỉnh": that unit in every unit of the level; all of them or nothing.
      const ids: string[] = [];
      for (const area of below.filter((u) => u.level === group.each && u.kind === 'people_committee')) {
        const found = findNamed(descendantsOf(hierarchy, area.id), group.name, areaName(area));
        if (!found) return null;
        ids.push(found.id);
      }
      return ids.length > 0 ? { type: 'units', unitIds: ids } : null;
    }
  }
}

/**
 * The unit a row of a table of targets names ("Huyện Châu Thành", "Thành phố Rạch Giá", "UBND xã
 * Bình An"): a People's Committee below the issuer whose name reads the same, else the only one
 * whose name contains it. Rows name areas, so the province's departments are never taken.
 */
export function resolveAreaName(hierarchy: Hierarchy, issuerUnitId: string, name: string): RecipientGroup | null {
  const committees = descendantsOf(hierarchy, issuerUnitId).filter((u) => u.kind === 'people_committee');
  const found = findNamed(committees, name.replace(/^(?:UBND|[UỦ]y ban nhân dân)\s+/iu, ''), areaName(getUnit(hierarchy, issuerUnitId)));
  return found ? { type: 'units', unitIds: [found.id] } : null;
}

/** The draft with its groups placed in the issuer's tree; see `ResolvedGroup`. */
export function resolveDraft(hierarchy: Hierarchy, issuerUnitId: string, draft: DispatchDraft, source: string): ResolvedDraft {
  const extra: Unrecognized[] = [];
  const seen = new Set<string>();
  const place = (group: IntakeGroup, span: Span | null | undefined, fallback: Span): ResolvedGroup => {
    const resolved = resolveIntakeGroup(hierarchy, issuerUnitId, group);
    if (resolved) return resolved;
    const where = span ?? fallback;
    const text = group.type === 'named' ? group.name : source.slice(where.start, where.end);
    const key = `${where.start}:${where.end}`;
    if (!seen.has(key)) {
      seen.add(key);
      extra.push({ text, span: where });
    }
    return { type: 'unresolved', text };
  };
  const { spans } = draft;
  const recipients = draft.recipients.map((r, i) => ({
    text: r.text,
    group: r.group === null ? null : place(r.group, spans.recipients[i]?.group, spans.recipients[i]!.text),
  }));
  // Spread, so that what else a task or deadline carries (its own due date, "trước ngày" read) reaches the form.
  const tasks = draft.tasks.map((t, i) => ({
    ...t,
    assignees: t.assignees.map((g, j) => place(g, spans.tasks[i]?.assignees[j], spans.tasks[i]!.text)),
  }));
  const deadlines = draft.deadlines.map((d, i) => ({
    ...d,
    owers: d.owers.map((g, j) => place(g, spans.deadlines[i]?.owers[j], spans.deadlines[i]!.text)),
  }));
  const unitTargets = draft.unitTargets.map((t, i) => {
    const span = spans.unitTargets[i]!.unitName;
    const found = resolveAreaName(hierarchy, issuerUnitId, t.unitName);
    return { ...t, group: found ?? place(t.group, span, span) };
  });
  let coordinatorUnitId: string | null = null;
  if (draft.coordinator !== null) {
    const found = resolveIntakeGroup(hierarchy, issuerUnitId, { type: 'named', name: draft.coordinator });
    if (found?.type === 'units' && found.unitIds.length === 1) coordinatorUnitId = found.unitIds[0]!;
    else if (spans.coordinator) place({ type: 'named', name: draft.coordinator }, spans.coordinator, spans.coordinator);
  }
  const unrecognized = [...draft.unrecognized, ...extra].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { ...draft, recipients, tasks, deadlines, unitTargets, coordinatorUnitId, unrecognized };
}
