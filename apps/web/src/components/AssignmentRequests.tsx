import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Assignment, ExplanationRequest, ExtensionRequest } from '../api';
import { checkDate, vietnamDay, type DateProblem } from '../lib/dates';
import { formatDate, formatDateTime } from '../lib/format';
import { useStaleWhenChanged } from '../lib/useStaleWhenChanged';
import { useTRPC } from '../trpc';
import { DateField, TextAreaField } from './DateField';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './Icon';

/** The assigner decides and asks in its own time; the card looks again now and then. */
export const REQUESTS_REFRESH_MS = 15_000;

/** States in which the assignee may still ask for more time. */
const EXTENDABLE = new Set<Assignment['state']>(['acknowledged', 'in_progress', 'returned']);

/**
 * The assignee's side of gia hạn and giải trình on its card: an open explanation request first and
 * prominently with its answer form, then its extension requests with their decisions, and the form to ask.
 */
export function AssignmentRequests({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const requests = useQuery(trpc.assignments.requests.queryOptions({ assignmentId: assignment.id }, { refetchInterval: REQUESTS_REFRESH_MS }));
  // An approval moves the deadline the polled list shows: read the requests again then.
  const state = assignment.state;
  useStaleWhenChanged({ path: 'assignments.requests', input: { assignmentId: assignment.id } }, [assignment.deadline?.at ?? null, state]);

  if (requests.isPending) return null;
  if (requests.isError) return <ErrorNotice error={requests.error} onRetry={() => void requests.refetch()} />;
  const { extensions, explanations } = requests.data;
  const open = explanations.filter((e) => e.answer === undefined);
  const answered = explanations.filter((e) => e.answer !== undefined);
  const pending = extensions.some((e) => e.state === 'pending');
  return (
    <div className="assignment-requests" data-testid="assignment-requests">
      {open.map((request) => (
        <ExplanationAnswer key={request.number} assignmentId={assignment.id} request={request} />
      ))}
      {extensions.length > 0 || EXTENDABLE.has(state) ? (
        <section className="extensions" aria-labelledby={`${assignment.id}-ext-title`}>
          <h4 id={`${assignment.id}-ext-title`}>{t('extension.title')}</h4>
          {extensions.length > 0 ? (
            <ul className="request-list">
              {extensions.map((e) => (
                <li key={e.number}>
                  <ExtensionLine extension={e} />
                </li>
              ))}
            </ul>
          ) : null}
          {EXTENDABLE.has(state) ? <ExtensionForm assignment={assignment} canAsk={!pending} /> : null}
        </section>
      ) : null}
      {answered.length > 0 ? (
        <details className="explanations">
          <summary>{t('explanation.history')}</summary>
          <ul className="request-list">
            {answered.map((e) => (
              <li key={e.number} data-testid={`explanation-${e.number}`}>
                <p>{t('explanation.question', { question: e.question })}</p>
                <p>{t('explanation.answered', { answer: e.answer ?? '' })}</p>
                {e.answeredAt ? <p className="muted">{t('explanation.answeredAt', { dateTime: formatDateTime(e.answeredAt) })}</p> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

export function ExtensionBadge({ state }: { state: ExtensionRequest['state'] }) {
  const { t } = useTranslation();
  return (
    <span className={`state state--extension-${state}`} data-state={state}>
      {t(`extension.states.${state}`)}
    </span>
  );
}

function ExtensionLine({ extension }: { extension: ExtensionRequest }) {
  const { t } = useTranslation();
  return (
    <div className={`extension extension--${extension.state}`} data-testid={`extension-${extension.number}`} data-state={extension.state}>
      <p>
        <strong>{t('extension.request', { date: formatDate(extension.proposedDate) })}</strong> <ExtensionBadge state={extension.state} />
      </p>
      <p className="muted">{t('extension.requestedAt', { dateTime: formatDateTime(extension.requestedAt) })}</p>
      <p>{t('extension.reasonLine', { reason: extension.reason })}</p>
      {extension.decisionNote ? <p className="notice__reason">{t('extension.decisionNote', { note: extension.decisionNote })}</p> : null}
    </div>
  );
}

export function dateProblemMessage(t: TFunction, problem: DateProblem, bound: string | null): string {
  if (problem === 'notLater') return t('dateField.notLater', { date: bound ? formatDate(bound) : '' });
  if (problem === 'tooLate') return t('dateField.tooLate', { date: bound ? formatDate(bound) : '' });
  return t('dateField.invalid');
}

/** The form to ask; while a request awaits its decision only the confirmation of sending it stays. */
function ExtensionForm({ assignment, canAsk }: { assignment: Assignment; canAsk: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const [openForm, setOpenForm] = useState(false);
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const dateRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const current = assignment.deadline?.kind === 'report' ? vietnamDay(assignment.deadline.at) : null;
  const send = useMutation(
    trpc.assignments.requestExtension.mutationOptions({
      onSuccess: () => {
        setOpenForm(false);
        setDate('');
        setReason('');
        setAttempted(false);
      },
    }),
  );
  useEffect(() => {
    if (openForm) dateRef.current?.focus();
  }, [openForm]);
  useEffect(() => {
    if (send.isSuccess) doneRef.current?.focus();
  }, [send.isSuccess]);

  const checked = checkDate(date, { after: current });
  const dateError = attempted && !checked.ok ? dateProblemMessage(t, checked.problem, current) : null;
  const reasonError = attempted && reason.trim() === '' ? t('extension.reasonRequired') : null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (!checked.ok) return dateRef.current?.focus();
    if (reason.trim() === '') return reasonRef.current?.focus();
    send.mutate({ assignmentId: assignment.id, proposedDate: checked.date, reason: reason.trim() });
  };
  return (
    <>
      {send.isSuccess ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="extension-sent">
          {t('extension.sent', { date: formatDate(send.data.proposedDate) })}
        </p>
      ) : null}
      {!canAsk ? null : openForm ? (
        <form className="request-form" onSubmit={onSubmit} noValidate data-testid="extension-form">
          <DateField
            id={`${baseId}-date`}
            ref={dateRef}
            label={t('extension.proposedDate')}
            value={date}
            onChange={setDate}
            error={dateError}
            testId="extension-date"
          />
          <TextAreaField
            id={`${baseId}-reason`}
            ref={reasonRef}
            label={t('extension.reason')}
            value={reason}
            onChange={setReason}
            error={reasonError}
            testId="extension-reason"
          />
          {send.isError ? <ErrorNotice error={send.error} /> : null}
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={send.isPending} data-testid="extension-submit">
              {send.isPending ? t('extension.submitting') : t('extension.submit')}
            </button>
            <button type="button" className="button button--secondary" disabled={send.isPending} onClick={() => setOpenForm(false)}>
              {t('extension.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button button--secondary"
            data-testid="extension-open"
            onClick={() => {
              send.reset();
              setOpenForm(true);
            }}
          >
            <Icon name="clock" /> {t('extension.button')}
          </button>
        </div>
      )}
    </>
  );
}

function ExplanationAnswer({ assignmentId, request }: { assignmentId: string; request: ExplanationRequest }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const [answer, setAnswer] = useState('');
  const [attempted, setAttempted] = useState(false);
  const answerRef = useRef<HTMLTextAreaElement>(null);
  const send = useMutation(
    trpc.assignments.answerExplanation.mutationOptions(),
  );
  const error = attempted && answer.trim() === '' ? t('explanation.answerRequired') : null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (answer.trim() === '') return answerRef.current?.focus();
    send.mutate({ assignmentId, answer: answer.trim() });
  };
  const titleId = `${baseId}-title`;
  return (
    <section className="notice notice--warning explanation-request" aria-labelledby={titleId} data-testid="explanation-open" data-number={request.number}>
      <p className="notice__title" id={titleId}>
        <Icon name="alert" /> <strong>{t('explanation.title')}</strong>
      </p>
      <p className="explanation-request__question">
        <strong>{t('explanation.question', { question: request.question })}</strong>
      </p>
      <p className="muted">{t('explanation.requestedAt', { dateTime: formatDateTime(request.requestedAt) })}</p>
      <form className="request-form" onSubmit={onSubmit} noValidate data-testid="explanation-form">
        <TextAreaField
          id={`${baseId}-answer`}
          ref={answerRef}
          label={t('explanation.answerLabel')}
          value={answer}
          onChange={setAnswer}
          error={error}
          testId="explanation-answer"
        />
        {send.isError ? <ErrorNotice error={send.error} /> : null}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={send.isPending} data-testid="explanation-submit">
            {send.isPending ? t('explanation.submitting') : t('explanation.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
