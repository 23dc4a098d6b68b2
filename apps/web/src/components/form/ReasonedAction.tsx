import { useEffect, useId, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../Icon';
import { ConfirmStep } from './ConfirmStep';
import { TextAreaField } from './DateField';
import { Form } from './Field';
import { FormActions, type FormError } from './FormActions';
import { useHadKeptDraft, useKeptDraft } from '../../lib/useKeptDraft';

type Step = 'closed' | 'reason' | 'confirm';

/**
 * An issuer's action on a whole directive that cannot be undone (thu hồi, kết thúc báo cáo định kỳ):
 * a button, then a warning and the reason, then a second, explicit confirmation naming the directive
 * and the reason; once done, a notice in its place. `words` names the i18n section holding its texts.
 */
export function ReasonedAction({
  words,
  reference,
  pending,
  error,
  done,
  onConfirm,
  testId,
  buttonClass = 'button--secondary',
  buttonIcon,
  confirmClass,
}: {
  words: 'recall' | 'endProgress';
  reference: string;
  pending: boolean;
  error: FormError | null;
  done: boolean;
  onConfirm: (reason: string) => void;
  /** The section's test id; its button, next, confirm and done notice take it as a prefix. */
  testId: string;
  buttonClass?: string;
  buttonIcon?: IconName;
  confirmClass?: 'button--primary' | 'button--danger';
}) {
  const { t } = useTranslation();
  const baseId = useId();
  // The reason is kept on the device until done or cancelled: one typed before the session ended
  // underneath the page opens the panel again with it.
  const draft = `${words}:${reference}`;
  const [step, setStep] = useState<Step>(useHadKeptDraft(draft) ? 'reason' : 'closed');
  const form = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const forget = useKeptDraft(form, draft);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (step === 'reason') form.setFocus('reason');
  }, [step, form]);
  useEffect(() => {
    if (!done) return;
    forget();
    doneRef.current?.focus();
  }, [done, forget]);

  if (done) {
    return (
      <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid={`${testId}-done`}>
        {t(`${words}.done`, { reference })}
      </p>
    );
  }
  const reason = form.getValues('reason').trim();
  return (
    <section className="recall" data-testid={testId} aria-labelledby={`${baseId}-title`}>
      {step === 'closed' ? (
        <button type="button" className={`button ${buttonClass}`} onClick={() => setStep('reason')} data-testid={`${testId}-button`}>
          {buttonIcon ? <Icon name={buttonIcon} /> : null} {t(`${words}.button`)}
        </button>
      ) : (
        <div className="card recall__panel">
          <h2 id={`${baseId}-title`} className="card__title">
            {t(`${words}.title`, { reference })}
          </h2>
          <p className="notice notice--warning">
            <Icon name="alert" /> {t(`${words}.warning`)}
          </p>
          {step === 'reason' ? (
            <Form form={form} onSubmit={() => setStep('confirm')}>
              <TextAreaField<{ reason: string }> name="reason" label={t(`${words}.reason`)} requiredKey={`${words}.reasonRequired`} />
              <FormActions submitLabel={t(`${words}.next`)} onCancel={() => {
                  forget();
                  form.reset();
                  setStep('closed');
                }}
                submitTestId={`${testId}-next`} />
            </Form>
          ) : (
            <ConfirmStep
              question={t(`${words}.confirmQuestion`, { reference, reason })}
              confirmLabel={t(`${words}.confirm`)}
              pendingLabel={t(`${words}.confirming`)}
              pending={pending}
              error={error}
              {...(confirmClass ? { confirmClass } : {})}
              confirmTestId={`${testId}-confirm`}
              onConfirm={() => onConfirm(reason)}
              onBack={() => setStep('reason')}
            />
          )}
        </div>
      )}
    </section>
  );
}
