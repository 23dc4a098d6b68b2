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

/** "Thu hồi": the issuer withdraws the directive, with a reason and a second, explicit confirmation. */
export function RecallDirective({ directive }: { directive: Pick<DirectiveSummary, 'id' | 'reference'> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const [step, setStep] = useState<Step>('closed');
  const form = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const doneRef = useRef<HTMLParagraphElement>(null);
  const recall = useMutation(trpc.directives.recall.mutationOptions({ onSuccess: () => setStep('closed') }));
  useEffect(() => {
    if (step === 'reason') form.setFocus('reason');
  }, [step, form]);
  useEffect(() => {
    if (recall.isSuccess) doneRef.current?.focus();
  }, [recall.isSuccess]);

  if (recall.isSuccess) {
    return (
      <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="recall-done">
        {t('recall.done', { reference: directive.reference })}
      </p>
    );
  }
  const reason = form.getValues('reason').trim();
  return (
    <section className="recall" data-testid="recall" aria-labelledby={`${baseId}-title`}>
      {step === 'closed' ? (
        <button type="button" className="button button--danger" onClick={() => setStep('reason')}>
          <Icon name="undo" /> {t('recall.button')}
        </button>
      ) : (
        <div className="card recall__panel">
          <h2 id={`${baseId}-title`} className="card__title">
            {t('recall.title', { reference: directive.reference })}
          </h2>
          <p className="notice notice--warning">
            <Icon name="alert" /> {t('recall.warning')}
          </p>
          {step === 'reason' ? (
            <Form form={form} onSubmit={() => setStep('confirm')}>
              <TextAreaField<{ reason: string }> name="reason" label={t('recall.reason')} requiredKey="recall.reasonRequired" />
              <FormActions submitLabel={t('recall.next')} onCancel={() => setStep('closed')} />
            </Form>
          ) : (
            <ConfirmStep
              question={t('recall.confirmQuestion', { reference: directive.reference, reason })}
              confirmLabel={t('recall.confirm')}
              pendingLabel={t('recall.confirming')}
              pending={recall.isPending}
              error={recall.error}
              confirmClass="button--danger"
              onConfirm={() => recall.mutate({ directiveId: directive.id, reason })}
              onBack={() => setStep('reason')}
            />
          )}
        </div>
      )}
    </section>
  );
}
