import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectiveSummary } from '../api';
import { dateProblemMessage } from './AssignmentRequests';
import { DateField, TextAreaField } from './DateField';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './Icon';
import { checkDate } from '../lib/dates';
import { formatDate } from '../lib/format';

type Step = 'closed' | 'form' | 'confirm';

/** What an issuer's date amendment sends, and what it says once done. */
export interface DateAmendment {
  mutate(date: string, reason: string): void;
  reset(): void;
  readonly isPending: boolean;
  readonly isSuccess: boolean;
  readonly isError: boolean;
  readonly error: unknown;
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
  const [step, setStep] = useState<Step>('closed');
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const dateRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (step === 'form') dateRef.current?.focus();
    if (step === 'confirm') confirmRef.current?.focus();
  }, [step]);
  useEffect(() => {
    if (!amend.isSuccess) return;
    setStep('closed');
    setAttempted(false);
  }, [amend.isSuccess]);
  useEffect(() => {
    if (amend.isSuccess && step === 'closed') doneRef.current?.focus();
  }, [amend.isSuccess, step]);

  const checked = checkDate(date);
  const dateError = attempted && !checked.ok ? dateProblemMessage(t, checked.problem, null) : null;
  const reasonError = attempted && reason.trim() === '' ? t(`${texts}.reasonRequired`) : null;
  const next = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (!checked.ok) return dateRef.current?.focus();
    if (reason.trim() === '') return reasonRef.current?.focus();
    setStep('confirm');
  };
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
            <form onSubmit={next} noValidate className="request-form">
              <DateField id={`${baseId}-date`} ref={dateRef} label={t(`${texts}.date`)} value={date} onChange={setDate} error={dateError} testId={`${testIds}-date`} />
              <TextAreaField
                id={`${baseId}-reason`}
                ref={reasonRef}
                label={t(`${texts}.reason`)}
                value={reason}
                onChange={setReason}
                error={reasonError}
                testId={`${testIds}-reason`}
              />
              <div className="button-row">
                <button type="submit" className="button button--primary" data-testid={`${testIds}-next`}>
                  {t(`${texts}.next`)}
                </button>
                <button type="button" className="button button--secondary" onClick={() => setStep('closed')}>
                  {t(`${texts}.cancel`)}
                </button>
              </div>
            </form>
          ) : (
            <>
              <p>{t(`${texts}.confirmQuestion`, { reference: directive.reference, date: checked.ok ? formatDate(checked.date) : date, reason: reason.trim() })}</p>
              {amend.isError ? <ErrorNotice error={amend.error} /> : null}
              <div className="button-row">
                <button
                  type="button"
                  ref={confirmRef}
                  className="button button--primary"
                  disabled={amend.isPending || !checked.ok}
                  data-testid={`${testIds}-confirm`}
                  onClick={() => {
                    if (checked.ok) amend.mutate(checked.date, reason.trim());
                  }}
                >
                  {amend.isPending ? t(`${texts}.confirming`) : t(`${texts}.confirm`)}
                </button>
                <button type="button" className="button button--secondary" disabled={amend.isPending} onClick={() => setStep('form')}>
                  {t(`${texts}.cancel`)}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
