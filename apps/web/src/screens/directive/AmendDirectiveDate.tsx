import { useEffect, useId, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { DirectiveSummary } from '../../api';
import { ConfirmStep } from '../../components/form/ConfirmStep';
import { DateField, TextAreaField } from '../../components/form/DateField';
import { Form } from '../../components/form/Field';
import { FormActions, type FormError } from '../../components/form/FormActions';
import { Icon } from '../../components/Icon';
import { checkDate } from '../../lib/dates';
import { formatDate } from '../../lib/format';
import { useHadKeptDraft, useKeptDraft } from '../../lib/useKeptDraft';

type Step = 'closed' | 'form' | 'confirm';

interface AmendValues {
  date: string;
  reason: string;
}

/** What an issuer's date amendment sends, and what it says once done. */
export interface DateAmendment {
  mutate(date: string, reason: string): void;
  reset(): void;
  readonly isPending: boolean;
  readonly isSuccess: boolean;
  readonly isError: boolean;
  readonly error: FormError | null;
  /** The success message, once the amendment went through. */
  readonly done: string | null;
}

/**
 * An issuer's change of one of the directive's dates for every unit: a date and a reason, then a
 * confirmation. `texts` is the i18n key prefix, `testIds` the prefix of the elements' test ids.
 */
export function AmendDirectiveDate({
  directive,
  amend,
  texts,
  testIds,
  sectionTestId,
}: {
  directive: Pick<DirectiveSummary, 'id' | 'reference'>;
  amend: DateAmendment;
  texts: 'amend' | 'amendAck';
  testIds: 'amend' | 'amend-ack';
  sectionTestId: string;
}) {
  const { t } = useTranslation();
  const baseId = useId();
  // Kept on the device until done or cancelled (useKeptDraft); a kept draft opens the form again.
  const draft = `${texts}:${directive.id}`;
  const [step, setStep] = useState<Step>(useHadKeptDraft(draft) ? 'form' : 'closed');
  const form = useForm<AmendValues>({ defaultValues: { date: '', reason: '' } });
  const forgetDraft = useKeptDraft(form, draft);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (step === 'form') form.setFocus('date');
  }, [step, form]);
  useEffect(() => {
    if (!amend.isSuccess) return;
    forgetDraft();
    setStep('closed');
  }, [amend.isSuccess, forgetDraft]);
  useEffect(() => {
    if (amend.isSuccess && step === 'closed') doneRef.current?.focus();
  }, [amend.isSuccess, step]);

  const { date, reason } = form.getValues();
  const checked = checkDate(date);
  const titleId = `${baseId}-title`;
  return (
    <section className="amend" data-testid={sectionTestId} aria-labelledby={step === 'closed' ? undefined : titleId}>
      {amend.isSuccess && step === 'closed' ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid={`${testIds}-done`}>
          {amend.done}
        </p>
      ) : null}
      {step === 'closed' ? (
        <button
          type="button"
          className="button button--secondary"
          data-testid={`${testIds}-open`}
          onClick={() => {
            amend.reset();
            setStep('form');
          }}
        >
          <Icon name="clock" /> {t(`${texts}.button`)}
        </button>
      ) : (
        <div className="card amend__panel">
          <h2 id={titleId} className="card__title">
            {t(`${texts}.title`, { reference: directive.reference })}
          </h2>
          <p className="notice notice--warning">
            <Icon name="alert" /> {t(`${texts}.warning`)}
          </p>
          {step === 'form' ? (
            <Form form={form} onSubmit={() => setStep('confirm')} className="request-form">
              <DateField<AmendValues> name="date" label={t(`${texts}.date`)} testId={`${testIds}-date`} />
              <TextAreaField<AmendValues> name="reason" label={t(`${texts}.reason`)} requiredKey={`${texts}.reasonRequired`} testId={`${testIds}-reason`} />
              <FormActions submitLabel={t(`${texts}.next`)} submitTestId={`${testIds}-next`} onCancel={() => {
                  forgetDraft();
                  form.reset();
                  setStep('closed');
                }}
              />
            </Form>
          ) : (
            <ConfirmStep
              question={t(`${texts}.confirmQuestion`, { reference: directive.reference, date: checked.ok ? formatDate(checked.date) : date, reason: reason.trim() })}
              confirmLabel={t(`${texts}.confirm`)}
              pendingLabel={t(`${texts}.confirming`)}
              pending={amend.isPending}
              error={amend.error}
              confirmTestId={`${testIds}-confirm`}
              onConfirm={() => {
                if (checked.ok) amend.mutate(checked.date, reason.trim());
              }}
              onBack={() => setStep('form')}
            />
          )}
        </div>
      )}
    </section>
  );
}
