import { useId, type ReactNode } from 'react';
import { useController, useWatch, type Control, type UseFormGetValues, type UseFormRegister, type UseFormSetValue } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/form/Field';
import { PickDay } from '../../components/form/PickDay';
import { HANDLING_ROLES, quote, type IssueFormValues, type IssuerOption, type Span, type UnitOption } from '../../lib/issue';
import { SourcePage } from './SourcePage';

/**
 * The issue form's controls. Their errors are the problems the form's own check and the server's
 * preview found (`errorOf`), listed together above the form, so a field's message is not announced twice.
 */

export interface Shared {
  register: UseFormRegister<IssueFormValues>;
  control: Control<IssueFormValues>;
  setValue: UseFormSetValue<IssueFormValues>;
  getValues: UseFormGetValues<IssueFormValues>;
  units: readonly UnitOption[];
  /** Whose name the directive is issued in, with the days it exists: the date field says when it cannot be. */
  issuer: IssuerOption;
  /** The dispatch's text; null for a blank form, which quotes nothing. */
  source: string | null;
  errorOf: (field: string) => string | null;
}

export function SourceQuote({ source, span }: { source: string | null; span: Span | null | undefined }) {
  const { t } = useTranslation();
  const text = source === null ? null : quote(source, span);
  if (!text) return null;
  return (
    <>
      <p className="source-quote" data-testid="source-quote">
        <span className="visually-hidden">{t('issue.fromSource')}: </span>
        <q>{text}</q>
      </p>
      <SourcePage span={span} />
    </>
  );
}

export function TextInput({
  name,
  label,
  hint,
  span,
  register,
  source,
  errorOf,
  testId,
  multiline,
  date,
  control,
  setValue,
}: Shared & { name: string; label: string; hint?: string; span?: Span | null; testId?: string; multiline?: boolean; date?: boolean }) {
  const id = useId();
  // A date field keeps its dd/mm/yyyy text, with a calendar beside it to pick from.
  const typed: unknown = useWatch({ control, name: name as keyof IssueFormValues, disabled: !date });
  const error = errorOf(name);
  const field = register(name as keyof IssueFormValues);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = { id, 'data-testid': testId, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } as const;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea rows={3} className="grows" {...field} {...common} />
      ) : date ? (
        <span className="date-field">
          <input type="text" inputMode="numeric" autoComplete="off" placeholder="dd/mm/yyyy" className="date-input" {...field} {...common} />
          <PickDay
            value={typeof typed === 'string' ? typed : ''}
            label={label}
            onPick={(text) => setValue(name as 'date', text, { shouldDirty: true })}
            {...(testId ? { testId } : {})}
          />
        </span>
      ) : (
        <input type="text" autoComplete="off" {...field} {...common} />
      )}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <SourceQuote source={source} span={span} />
      <FieldError message={error} id={`${id}-error`} announce={false} />
    </div>
  );
}

/**
 * A rate's numerator or denominator among the metrics. Controlled: the metrics it names may appear in
 * the same render as the rate (the figures proposed from a target), and a select registered before
 * its option exists would show "—" while holding the key.
 */
export function MetricSelect({
  name,
  label,
  metrics,
  control,
  error,
}: {
  name: `rates.${number}.numerator` | `rates.${number}.denominator`;
  label: string;
  metrics: readonly { key: string; label: string }[];
  control: Control<IssueFormValues>;
  error: string | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { field } = useController({ control, name });
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={field.name} ref={field.ref} value={field.value} onChange={field.onChange} onBlur={field.onBlur} aria-invalid={error ? true : undefined}>
        <option value="">—</option>
        {metrics.map((m, i) => (
          <option key={m.key} value={m.key}>
            {m.label || t('issue.field.metricUnnamed', { n: i + 1 })}
          </option>
        ))}
      </select>
      <FieldError message={error} announce={false} />
    </div>
  );
}

export function RoleSelect({ name, register }: { name: `recipients.${number}.role` | `tasks.${number}.assignees.${number}.role`; register: UseFormRegister<IssueFormValues> }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('issue.field.role')}</label>
      <select id={id} {...register(name)}>
        {HANDLING_ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`issue.role.${role}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A button of the form that does not submit it: add a row ("+ …"), remove one. */
export function RowButton({ onClick, children, testId, disabled }: { onClick: () => void; children: ReactNode; testId?: string; disabled?: boolean }) {
  return (
    <button type="button" className="button button--secondary" onClick={onClick} disabled={disabled} data-testid={testId}>
      {children}
    </button>
  );
}
