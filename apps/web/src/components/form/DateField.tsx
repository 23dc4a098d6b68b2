import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useFormContext, useWatch, type FieldPath, type FieldValues, type PathValue } from 'react-hook-form';
import { checkDate, type DateProblem } from '../../lib/dates';
import { formatDate } from '../../lib/format';
import { Field, filled, type MessageKey } from './Field';
import { PickDay } from './PickDay';

/** The words for a date that cannot be used; `bound` is the date it must follow or not pass (dd/MM/yyyy). */
export function dateProblemMessage(t: TFunction, problem: DateProblem, bound: string | null): string {
  if (problem === 'notLater') return t('dateField.notLater', { date: bound ? formatDate(bound) : '' });
  if (problem === 'tooLate') return t('dateField.tooLate', { date: bound ? formatDate(bound) : '' });
  return t('dateField.invalid');
}

/**
 * A day typed as dd/mm/yyyy (the way dates are written in Việt Nam, whatever the browser's locale);
 * checked with `checkDate` against its bounds: read it back as yyyy-MM-dd with `checkDate` too.
 */
export function DateField<T extends FieldValues>({
  name,
  label,
  testId,
  after = null,
  notAfter = null,
  tooLateMessage,
  optional = false,
}: {
  name: FieldPath<T>;
  label: string;
  testId?: string;
  /** The day it must come after, if any (yyyy-MM-dd). */
  after?: string | null;
  /** The last day it may be, if any (yyyy-MM-dd). */
  notAfter?: string | null;
  /** What to say when it passes `notAfter`, if not the general words. */
  tooLateMessage?: string;
  optional?: boolean;
}) {
  const { t } = useTranslation();
  const { control, setValue } = useFormContext<T>();
  const typed: unknown = useWatch({ control, name });
  const validate = (value: unknown) => {
    const text = typeof value === 'string' ? value : '';
    if (optional && text.trim() === '') return true;
    const checked = checkDate(text, { after, notAfter });
    if (checked.ok) return true;
    return (checked.problem === 'tooLate' && tooLateMessage) || dateProblemMessage(t, checked.problem, after ?? notAfter);
  };
  return (
    <Field<T> name={name} label={label} hint={t('dateField.hint')} rules={{ validate }}>
      {(control) => (
        <span className="date-field">
          <input
            {...control}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder="dd/mm/yyyy"
            required={!optional}
            className="date-input"
            data-testid={testId}
          />
          <PickDay
            value={typeof typed === 'string' ? typed : ''}
            label={label}
            onPick={(text) => setValue(name, text as PathValue<T, FieldPath<T>>, { shouldDirty: true, shouldValidate: true })}
            {...(testId ? { testId } : {})}
          />
        </span>
      )}
    </Field>
  );
}

/** A required multi-line text, blank refused with the message of `requiredKey`. */
export function TextAreaField<T extends FieldValues>({
  name,
  label,
  requiredKey,
  hint,
  rows = 3,
  testId,
}: {
  name: FieldPath<T>;
  label: string;
  requiredKey: MessageKey;
  hint?: string;
  rows?: number;
  testId?: string;
}) {
  return (
    <Field<T> name={name} label={label} hint={hint} rules={{ validate: filled(requiredKey) }}>
      {(control) => <textarea {...control} rows={rows} required data-testid={testId} />}
    </Field>
  );
}
