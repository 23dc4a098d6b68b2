import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { FormActions, type FormError } from './FormActions';

/**
 * The second, explicit step of a weighty action (recall, an amendment for every unit): what will happen
 * in words, then confirm (focused when the step appears) or back to the form.
 */
export function ConfirmStep({
  question,
  confirmLabel,
  pendingLabel,
  pending,
  error,
  onConfirm,
  onBack,
  backLabel,
  confirmClass = 'button--primary',
  confirmTestId,
}: {
  question: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  error: FormError | null;
  onConfirm: () => void;
  onBack: () => void;
  backLabel?: string;
  confirmClass?: 'button--primary' | 'button--danger';
  confirmTestId?: string;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => formRef.current?.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!pending) onConfirm();
  };
  return (
    <form ref={formRef} onSubmit={submit}>
      <p>{question}</p>
      <FormActions
        submitLabel={confirmLabel}
        pendingLabel={pendingLabel}
        pending={pending}
        error={error}
        submitClass={confirmClass}
        submitTestId={confirmTestId}
        onCancel={onBack}
        cancelLabel={backLabel}
      />
    </form>
  );
}
