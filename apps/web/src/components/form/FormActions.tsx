import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../ErrorNotice';

/** What a form's mutation refused with: a tRPC client error (its domain code chooses the words). */
export interface FormError {
  readonly message: string;
  readonly data?: unknown;
}

/**
 * The end of every form: the refusal of its last submit, if any, then submit (its label changes while
 * pending, and it is disabled then) and, when the form can be left, cancel.
 */
export function FormActions({
  submitLabel,
  pendingLabel,
  pending = false,
  error = null,
  onCancel,
  cancelLabel,
  submitTestId,
  submitClass = 'button--primary',
  disabled = false,
  errorId,
  children,
}: {
  submitLabel: ReactNode;
  pendingLabel?: ReactNode;
  pending?: boolean;
  error?: FormError | null;
  onCancel?: () => void;
  /** Defaults to "Huỷ" / "Cancel". */
  cancelLabel?: ReactNode;
  submitTestId?: string;
  submitClass?: 'button--primary' | 'button--danger' | 'button--secondary';
  disabled?: boolean;
  /** The id of the refusal's notice, for the form's aria-describedby. */
  errorId?: string;
  /** More actions after these (a link back). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error ? (
        <div id={errorId}>
          <ErrorNotice error={error} />
        </div>
      ) : null}
      <div className="button-row">
        <button type="submit" className={`button ${submitClass}`} disabled={pending || disabled} data-testid={submitTestId}>
          {pending && pendingLabel ? pendingLabel : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button button--secondary" disabled={pending} onClick={onCancel}>
            {cancelLabel ?? t('app.cancel')}
          </button>
        ) : null}
        {children}
      </div>
    </>
  );
}
