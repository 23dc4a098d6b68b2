import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDisplayDate } from '../lib/dates';
import { PickDay } from './form/PickDay';

/**
 * The parts of a list one searches and pages through (issue 22): a row of filters that wraps on a
 * phone, and a pager under the list. The API does the finding and the paging (assignments.search,
 * directives.search); these only say what was asked and show where one is.
 */

export function FinderBar({ children, testId, onClear, active }: { children: ReactNode; testId: string; onClear: () => void; active: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="finder" role="search" aria-label={t('find.title')} data-testid={testId}>
      <div className="finder__fields">{children}</div>
      {active ? (
        <button type="button" className="button button--secondary finder__clear" onClick={onClear}>
          {t('find.clear')}
        </button>
      ) : null}
    </div>
  );
}

export function SearchField({ value, onChange, hint, testId }: { value: string; onChange: (value: string) => void; hint: string; testId: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field finder__search">
      <label htmlFor={id}>{t('find.search')}</label>
      <input id={id} type="search" autoComplete="off" maxLength={200} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`} data-testid={testId} />
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}

/** A choice among options, the empty value meaning any of them (`anyLabel` names it where "any" reads badly). */
export function SelectFilter({
  label,
  value,
  onChange,
  options,
  testId,
  anyLabel,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: ReadonlyArray<readonly [string, string]>;
  testId: string;
  anyLabel?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{anyLabel ?? t('find.any')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A day typed dd/mm/yyyy as the rest of the app takes it; says so while it is not one yet (the filter waits). */
export function DayFilter({ label, value, onChange, testId }: { label: string; value: string; onChange: (value: string) => void; testId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const invalid = value.trim() !== '' && parseDisplayDate(value) === null;
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <span className="date-field">
        <input
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="dd/mm/yyyy"
          className="date-input"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? `${id}-error` : undefined}
          data-testid={testId}
        />
        <PickDay value={value} onPick={onChange} label={label} testId={testId} />
      </span>
      {invalid ? (
        <p className="field__error" id={`${id}-error`}>
          {t('find.dateInvalid')}
        </p>
      ) : null}
    </div>
  );
}

/** The day a dd/mm/yyyy filter names (yyyy-MM-dd), or nothing while it is empty or not yet a day. */
export const dayOf = (text: string): string | undefined => parseDisplayDate(text) ?? undefined;

export function Pager({ page, pages, total, onPage, testId }: { page: number; pages: number; total: number; onPage: (page: number) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={t('find.pager')} data-testid={testId}>
      <button type="button" className="button button--secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('find.previous')}
      </button>
      <span className="pager__where" role="status">
        {t('find.pages', { page, pages, total })}
      </span>
      <button type="button" className="button button--secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('find.next')}
      </button>
    </nav>
  );
}
