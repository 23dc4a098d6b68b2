import { useId, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/form/Field';
import { UnitOptions } from '../../components/form/UnitOptions';
import { Icon } from '../../components/Icon';
import { findUnits, GROUP_KINDS, type GroupValue } from '../../lib/issue';
import type { Shared } from './fields';
import { describeGroup, levelName, unitName } from './names';

/** Who a recipient or an assignee is: a level and kinds of unit, or one unit; an unresolved name warns. */
export function GroupEditor({ name, control, setValue, getValues, units, errorOf }: Shared & { name: `recipients.${number}.group` | `tasks.${number}.assignees.${number}.group` }) {
  const { t } = useTranslation();
  const id = useId();
  const group = useWatch({ control, name }) as GroupValue;
  const error = errorOf(name) ?? errorOf(name.replace(/\.group$/, ''));
  const levels = [...new Set(units.map((u) => u.level))];
  const set = (value: GroupValue) => {
    // A recipient's "Kính gửi" line follows its group until the issuer writes one of their own.
    if (name.startsWith('recipients.')) {
      const textName = name.replace(/\.group$/, '.text') as `recipients.${number}.text`;
      const text = getValues(textName).trim();
      if (text === '' || text === describeGroup(t, units, group)) setValue(textName, describeGroup(t, units, value), { shouldDirty: true });
    }
    setValue(name, value, { shouldDirty: true });
  };
  return (
    <div className={`field issue__group${error ? ' field--invalid' : ''}`} data-testid="group-editor">
      {group.type === 'level' ? (
        <>
          <label htmlFor={`${id}-level`}>{t('issue.group.level')}</label>
          <select id={`${id}-level`} value={group.level} onChange={(e) => set({ ...group, level: e.target.value })}>
            {levels.map((level) => (
              <option key={level} value={level}>
                {levelName(t, level)}
              </option>
            ))}
          </select>
          <fieldset className="issue__kinds">
            <legend>{t('issue.group.kinds')}</legend>
            {GROUP_KINDS.map((kind) => (
              <label key={kind} className="checkbox">
                <input
                  type="checkbox"
                  checked={group.kinds.includes(kind)}
                  onChange={(e) => set({ ...group, kinds: e.target.checked ? [...group.kinds, kind] : group.kinds.filter((k) => k !== kind) })}
                />
                {t(`issue.kind.${kind}`)}
              </label>
            ))}
          </fieldset>
        </>
      ) : group.type === 'units' && group.unitIds.length > 1 ? (
        <p>{group.unitIds.map((u) => unitName(units, u)).join(', ')}</p>
      ) : (
        <>
          {group.type === 'unresolved' ? (
            <p className="notice notice--warning" data-testid="group-unresolved">
              <Icon name="alert" /> {t('issue.unresolved', { text: group.text })}
            </p>
          ) : null}
          <UnitPicker
            id={id}
            units={units}
            levels={levels}
            value={group.type === 'units' ? (group.unitIds[0] ?? '') : ''}
            onPick={(unitId) => set({ type: 'units', unitIds: [unitId] })}
          />
        </>
      )}
      <FieldError message={error} announce={false} />
    </div>
  );
}

/**
 * One unit among some two hundred: narrowed by level and by a few letters of its name (or its
 * district's), then chosen in the list, which holds only the units found (and the one chosen).
 */
function UnitPicker({
  id,
  units,
  levels,
  value,
  onPick,
}: {
  id: string;
  units: Shared['units'];
  levels: readonly string[];
  value: string;
  onPick: (unitId: string) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [level, setLevel] = useState('');
  const found = findUnits(units, { query, level });
  const chosen = units.find((u) => u.id === value);
  const offered = chosen && !found.includes(chosen) ? [chosen, ...found] : found;
  const narrowed = query.trim() !== '' || level !== '';
  return (
    <div className="unit-picker" data-testid="unit-picker">
      <div className="unit-picker__filters">
        <div className="field">
          <label htmlFor={`${id}-search`}>{t('issue.group.search')}</label>
          <input id={`${id}-search`} type="search" autoComplete="off" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby={`${id}-search-hint`} />
          <p className="hint" id={`${id}-search-hint`}>
            {t('issue.group.searchHint')}
          </p>
        </div>
        {levels.length > 1 ? (
          <div className="field">
            <label htmlFor={`${id}-filter-level`}>{t('issue.group.filterLevel')}</label>
            <select id={`${id}-filter-level`} value={level} onChange={(e) => setLevel(e.target.value)}>
              <option value="">{t('issue.group.allLevels')}</option>
              {levels.map((l) => (
                <option key={l} value={l}>
                  {levelName(t, l)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {narrowed ? (
        <p className="hint" role="status" data-testid="unit-picker-found">
          {t('issue.group.found', { count: found.length })}
        </p>
      ) : null}
      <label htmlFor={`${id}-unit`}>{t('issue.group.unit')}</label>
      <select id={`${id}-unit`} value={value} onChange={(e) => (e.target.value === '' ? undefined : onPick(e.target.value))}>
        <UnitOptions none={t('issue.group.chooseUnit')} units={offered} />
      </select>
    </div>
  );
}
