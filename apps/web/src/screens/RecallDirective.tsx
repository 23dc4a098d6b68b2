import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectiveSummary } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { Icon } from '../components/Icon';
import { useTRPC } from '../trpc';

type Step = 'closed' | 'reason' | 'confirm';

/** "Thu hồi": the issuer withdraws the directive, with a reason and a second, explicit confirmation. */
export function RecallDirective({ directive }: { directive: Pick<DirectiveSummary, 'id' | 'reference'> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const [step, setStep] = useState<Step>('closed');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const recall = useMutation(
    trpc.directives.recall.mutationOptions({
      onSuccess: () => setStep('closed'),
    }),
  );
  useEffect(() => {
    if (step === 'reason') reasonRef.current?.focus();
    if (step === 'confirm') confirmRef.current?.focus();
  }, [step]);
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
  const next = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') {
      setMissing(true);
      reasonRef.current?.focus();
      return;
    }
    setStep('confirm');
  };
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
            <form onSubmit={next} noValidate>
              <div className={`field${missing ? ' field--invalid' : ''}`}>
                <label htmlFor={`${baseId}-reason`}>{t('recall.reason')}</label>
                <textarea
                  id={`${baseId}-reason`}
                  ref={reasonRef}
                  rows={3}
                  required
                  value={reason}
                  aria-invalid={missing ? true : undefined}
                  aria-describedby={missing ? `${baseId}-error` : undefined}
                  onChange={(e) => {
                    setReason(e.target.value);
                    if (e.target.value.trim() !== '') setMissing(false);
                  }}
                />
                {missing ? (
                  <p className="field__error" id={`${baseId}-error`} role="alert">
                    <Icon name="alert" /> {t('recall.reasonRequired')}
                  </p>
                ) : null}
              </div>
              <div className="button-row">
                <button type="submit" className="button button--primary">
                  {t('recall.next')}
                </button>
                <button type="button" className="button button--secondary" onClick={() => setStep('closed')}>
                  {t('recall.cancel')}
                </button>
              </div>
            </form>
          ) : (
            <>
              <p>{t('recall.confirmQuestion', { reference: directive.reference, reason: reason.trim() })}</p>
              {recall.isError ? <ErrorNotice error={recall.error} /> : null}
              <div className="button-row">
                <button
                  type="button"
                  ref={confirmRef}
                  className="button button--danger"
                  disabled={recall.isPending}
                  onClick={() => recall.mutate({ directiveId: directive.id, reason: reason.trim() })}
                >
                  {recall.isPending ? t('recall.confirming') : t('recall.confirm')}
                </button>
                <button type="button" className="button button--secondary" disabled={recall.isPending} onClick={() => setStep('reason')}>
                  {t('recall.cancel')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
