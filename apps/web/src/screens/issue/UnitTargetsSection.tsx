import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../lib/format';
import { quote, type Draft, type UnitOption } from '../../lib/issue';

/**
 * The targets a table of the document gives each unit (a phụ lục "Chỉ tiêu giao cho các huyện"), as
 * the intake read them: each row's unit as placed in the tree, each figure with the cell it came
 * from. Read-only: a directive does not yet carry targets per unit, and the hint says so.
 */
export function UnitTargetsSection({ draft, source, units }: { draft: Draft | null; source: string | null; units: readonly UnitOption[] }) {
  const { t } = useTranslation();
  const id = useId();
  // A draft kept on the device before tables were read has none.
  const rows = draft?.unitTargets ?? [];
  if (rows.length === 0 || source === null) return null;
  const names = new Map(units.map((u) => [u.id, u.name]));
  const unitOf = (group: Draft['unitTargets'][number]['group'], written: string) =>
    group.type === 'units' && group.unitIds.length === 1
      ? (names.get(group.unitIds[0]!) ?? written)
      : t('issue.unitTargets.unresolved', { name: written });
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="issue-unit-targets">
      <h2 id={`${id}-title`} className="card__title">
        {t('issue.unitTargets.title', { count: rows.length })}
      </h2>
      <p className="hint">{t('issue.unitTargets.hint')}</p>
      <div className="table-wrap">
        <table className="children">
          <thead>
            <tr>
              <th scope="col">{t('issue.unitTargets.unit')}</th>
              <th scope="col">{t('issue.unitTargets.indicator')}</th>
              <th scope="col">{t('issue.unitTargets.value')}</th>
              <th scope="col">{t('issue.unitTargets.due')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const cell = draft!.spans.unitTargets[i];
              return (
                <tr key={i} data-testid="issue-unit-target">
                  <th scope="row">{unitOf(row.group, row.unitName)}</th>
                  <td data-label={t('issue.unitTargets.indicator')}>{row.indicator}</td>
                  <td data-label={t('issue.unitTargets.value')}>
                    <span className="num">{row.unit === 'percent' ? `${formatNumber(row.value)}%` : formatNumber(row.value)}</span>
                    {cell ? (
                      <span className="hint issue__sample">
                        <span className="visually-hidden">{t('issue.fromSource')}: </span>
                        <q>{quote(source, cell.value)}</q>
                      </span>
                    ) : null}
                  </td>
                  <td data-label={t('issue.unitTargets.due')}>{row.due ? formatDate(row.due) : t('issue.none')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
