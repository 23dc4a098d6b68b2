import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

/**
 * A day typed as dd/mm/yyyy (the way dates are written in Việt Nam, whatever the browser's locale);
 * the caller turns it into yyyy-MM-dd with `parseDisplayDate`. `error` is the message to show, if any.
 */
export const DateField = forwardRef<
  HTMLInputElement,
  { id: string; label: string; value: string; onChange: (value: string) => void; error: string | null; testId?: string; optional?: boolean }
>(function DateField({ id, label, value, onChange, error, testId, optional = false }, ref) {
  const { t } = useTranslation();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={ref}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="dd/mm/yyyy"
        required={!optional}
        className="date-input"
        value={value}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="hint" id={`${id}-hint`}>
        {t('dateField.hint')}
      </p>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          <Icon name="alert" /> {error}
        </p>
      ) : null}
    </div>
  );
});

/** A required multi-line text with its label, hint and error, as the forms here use it. */
export const TextAreaField = forwardRef<
  HTMLTextAreaElement,
  { id: string; label: string; value: string; onChange: (value: string) => void; error: string | null; hint?: string; rows?: number; testId?: string }
>(function TextAreaField({ id, label, value, onChange, error, hint, rows = 3, testId }, ref) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={ref}
        rows={rows}
        required
        value={value}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          <Icon name="alert" /> {error}
        </p>
      ) : null}
    </div>
  );
});
