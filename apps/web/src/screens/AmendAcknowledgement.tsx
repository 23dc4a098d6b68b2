import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectiveSummary } from '../api';
import { dateProblemMessage } from '../components/AssignmentRequests';
import { DateField, TextAreaField } from '../components/DateField';
import { ErrorNotice } from '../components/ErrorNotice';
import { Icon } from '../components/Icon';
import { checkDate } from '../lib/dates';
import { formatDate } from '../lib/format';
import { useTRPC } from '../trpc';

type Step = 'closed' | 'form' | 'confirm';

/** "Điều chỉnh hạn tiếp nhận": the issuer moves the acknowledgement deadline of every unit that has not acknowledged yet, with a reason and a confirmation. */
export function AmendAcknowledgement({ directive }: { directive: Pick<DirectiveSummary, 'id' | 'reference'> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const baseId = useId();
  const [step, setStep] = useState<Step>('closed');
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const dateRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const amend = useMutation(
    trpc.directives.amendAcknowledgement.mutationOptions({
      onSuccess: () => {
        setStep('closed');
        setAttempted(false);
      },
      onSettled: () => Promise.all([queryClient.invalidateQueries(trpc.directives.pathFilter()), queryClient.invalidateQueries(trpc.assignments.pathFilter())]),
    }),
  );
  useEffect(() => {
    if (step === 'form') dateRef.current?.focus();
    if (step === 'confirm') confirmRef.current?.focus();
  }, [step]);
  useEffect(() => {
    if (amend.isSuccess) doneRef.current?.focus();
  }, [amend.isSuccess]);

  const checked = checkDate(date);
  const dateError = attempted && !checked.ok ? dateProblemMessage(t, checked.problem, null) : null;
  const reasonError = attempted && reason.trim() === '' ? t('amendAck.reasonRequired') : null;
  const next = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (!checked.ok) return dateRef.current?.focus();
    if (reason.trim() === '') return reasonRef.current?.focus();
    setStep('confirm');
  };
  const titleId = `${baseId}-title`;
  return (
    <section className="amend" data-testid="amend-acknowledgement" aria-labelledby={step === 'closed' ? undefined : titleId}>
      {amend.isSuccess && step === 'closed' ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="amend-ack-done">
          {t('amendAck.done', { date: formatDate(amend.data.acknowledgeDate) })}
        </p>
      ) : null}
      {step === 'closed' ? (
        <button
          type="button"
          className="button button--secondary"
          data-testid="amend-ack-open"
          onClick={() => {
            amend.reset();
            setStep('form');
          }}
        >
          <Icon name="clock" /> {t('amendAck.button')}
        </button>
      ) : (
        <div className="card amend__panel">
          <h2 id={titleId} className="card__title">
            {t('amendAck.title', { reference: directive.reference })}
          </h2>
          <p className="notice notice--warning">
            <Icon name="alert" /> {t('amendAck.warning')}
          </p>
          {step === 'form' ? (
            <form onSubmit={next} noValidate className="request-form">
              <DateField id={`${baseId}-date`} ref={dateRef} label={t('amendAck.date')} value={date} onChange={setDate} error={dateError} testId="amend-ack-date" />
              <TextAreaField
                id={`${baseId}-reason`}
                ref={reasonRef}
                label={t('amendAck.reason')}
                value={reason}
                onChange={setReason}
                error={reasonError}
                testId="amend-ack-reason"
              />
              <div className="button-row">
                <button type="submit" className="button button--primary" data-testid="amend-ack-next">
                  {t('amendAck.next')}
                </button>
                <button type="button" className="button button--secondary" onClick={() => setStep('closed')}>
                  {t('amendAck.cancel')}
                </button>
              </div>
            </form>
          ) : (
            <>
              <p>{t('amendAck.confirmQuestion', { reference: directive.reference, date: checked.ok ? formatDate(checked.date) : date, reason: reason.trim() })}</p>
              {amend.isError ? <ErrorNotice error={amend.error} /> : null}
              <div className="button-row">
                <button
                  type="button"
                  ref={confirmRef}
                  className="button button--primary"
                  disabled={amend.isPending || !checked.ok}
                  data-testid="amend-ack-confirm"
                  onClick={() => {
                    if (checked.ok) amend.mutate({ directiveId: directive.id, acknowledgeDate: checked.date, reason: reason.trim() });
                  }}
                >
                  {amend.isPending ? t('amendAck.confirming') : t('amendAck.confirm')}
                </button>
                <button type="button" className="button button--secondary" disabled={amend.isPending} onClick={() => setStep('form')}>
                  {t('amendAck.cancel')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
