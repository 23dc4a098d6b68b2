import type { TFunction } from 'i18next';
import { GROUP_KINDS, type GroupKind, type GroupValue, type UnitOption } from '../../lib/issue';

/** The words for the issue form's units, levels, groups and problem fields. */

export const unitName = (units: readonly UnitOption[], id: string) => units.find((u) => u.id === id)?.name ?? id;

type Translate = TFunction;

const PROBLEM_FIELDS = ['reference', 'date', 'place', 'subject', 'recipients', 'tasks', 'targets', 'deadlines', 'coordinatorUnitId', 'metrics', 'rates', 'implements'] as const;
type ProblemField = (typeof PROBLEM_FIELDS)[number];
const LEVELS = ['province', 'district', 'commune'] as const;

/** A level's name, or its key when the scheme has a level these strings do not know. */
export function levelName(t: Translate, level: string): string {
  return (LEVELS as readonly string[]).includes(level) ? t(`issue.level.${level as (typeof LEVELS)[number]}`) : level;
}

export function kindName(t: Translate, kind: string): string {
  return (GROUP_KINDS as readonly string[]).includes(kind) ? t(`issue.kind.${kind as GroupKind}`) : kind;
}

export function fieldLabel(t: Translate, field: string): string {
  const [head, index, sub] = field.split('.');
  const name =
    head && (PROBLEM_FIELDS as readonly string[]).includes(head)
      ? t(`issue.problemField.${head as ProblemField}`)
      : head?.startsWith('progress')
        ? t('issue.field.progress')
        : head?.startsWith('signer')
          ? t('issue.sections.signer')
          : t('issue.problemField.tracking');
  return index !== undefined && /^\d+$/.test(index) ? `${name} ${Number(index) + 1}${sub === 'assignees' ? ` · ${t('issue.assignees')}` : ''}` : name;
}

export function describeGroup(t: Translate, units: readonly UnitOption[], group: GroupValue): string {
  if (group.type === 'unresolved') return t('issue.unresolved', { text: group.text });
  if (group.type === 'units') return group.unitIds.map((id) => unitName(units, id)).join(', ');
  return t('issue.levelGroup', { level: levelName(t, group.level), kinds: group.kinds.map((k) => kindName(t, k)).join(', ') });
}
