import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { DirectiveSummary } from '../../api';
import { ConfirmStep } from '../../components/form/ConfirmStep';
import { TextAreaField } from '../../components/form/DateField';
import { Form } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { Icon } from '../../components/Icon';
import { useTRPC } from '../../trpc';

type Step = 'closed' | 'reason' | 'confirm';

/**
 * "Kết thúc báo cáo định kỳ": the issuer ends the periodic reports of a directive that asked for them
 * ("… cho đến khi có chỉ đạo khác"), with a reason and a confirmation. Periods whose figures closed by
 * now are still owed.
 */
export function EndProgressReports({ directive }: { directive: Pick<DirectiveSummary, 'id' | 'reference'> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const [step, setStep] = useState<Step>('closed');
  const form = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const doneRef = useRef<HTMLParagraphElement>(null);
  const end = useMutation(trpc.directives.endProgressReports.mutationOptions({ onSuccess: () => setStep('closed') }));
  useEffect(() => {
    if (step === 'reason') form.setFocus('reason');
  }, [step, form]);
  useEffect(() => {
    if (end.isSuccess) doneRef.current?.focus();
  }, [end.isSuccess]);

  if (end.isSuccess) {
    return (
      <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="end-progress-done">
        {t('endProgress.done', { reference: directive.reference })}
      </p>
    );
  }
  const reason = form.getValues('reason').trim();
  return (
    <section className="recall" data-testid="end-progress" aria-labelledby={`${baseId}-title`}>
      {step === 'closed' ? (
        <button type="button" className="button button--secondary" onClick={() => setStep('reason')} data-testid="end-progress-button">
          {t('endProgress.button')}
        </button>
      ) : (
        <div className="card recall__panel">
          <h2 id={`${baseId}-title`} className="card__title">
            {t('endProgress.title', { reference: directive.reference })}
          </h2>
          <p className="notice notice--warning">
            <Icon name="alert" /> {t('endProgress.warning')}
          </p>
          {step === 'reason' ? (
            <Form form={form} onSubmit={() => setStep('confirm')}>
              <TextAreaField<{ reason: string }> name="reason" label={t('endProgress.reason')} requiredKey="endProgress.reasonRequired" />
              <FormActions submitLabel={t('endProgress.next')} onCancel={() => setStep('closed')} submitTestId="end-progress-next" />
            </Form>
          ) : (
            <ConfirmStep
              question={t('endProgress.confirmQuestion', { reference: directive.reference, reason })}
              confirmLabel={t('endProgress.confirm')}
              pendingLabel={t('endProgress.confirming')}
              pending={end.isPending}
              error={end.error}
              confirmTestId="end-progress-confirm"
              onConfirm={() => end.mutate({ directiveId: directive.id, reason })}
              onBack={() => setStep('reason')}
            />
          )}
        </div>
      )}
    </section>
  );
}
