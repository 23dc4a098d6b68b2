import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Assignment, AssignmentRequests, ExplanationRequest, ExtensionRequest } from '../api';
import { checkDate, vietnamDay } from '../lib/dates';
import { formatDate, formatDateTime } from '../lib/format';
import { useStaleWhenChanged } from '../lib/useStaleWhenChanged';
import { useTRPC } from '../trpc';
import { ErrorNotice } from './ErrorNotice';
import { DateField, TextAreaField } from './form/DateField';
import { Field, Form } from './form/Field';
import { FormActions } from './form/FormActions';
import { Icon } from './Icon';
import { useHadKeptDraft, useKeptDraft } from '../lib/useKeptDraft';

/** The assigner decides and asks in its own time; the card looks again now and then. */
export const REQUESTS_REFRESH_MS = 15_000;

/** States in which the assignee may ask to change or drop a task: while it is open. */
const ADJUSTABLE = new Set<Assignment['state']>(['issued', 'acknowledged', 'in_progress', 'reported', 'returned', 'accepted']);

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
          {EXTENDABLE.has(state) ? <ExtensionForm assignment={assignment} canAsk={!pending} closesAt={requests.data.extensionsCloseAt} /> : null}
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
      {assignment.tasks.some((task) => task.role !== 'info') && (requests.data.adjustments.length > 0 || ADJUSTABLE.has(state)) ? (
        <Adjustments assignment={assignment} adjustments={requests.data.adjustments} open={ADJUSTABLE.has(state)} />
      ) : null}
    </div>
  );
}

interface AdjustmentValues {
  taskId: string;
  kind: 'change' | 'drop';
  reason: string;
  proposal: string;
}

/**
 * Đề nghị điều chỉnh: the unit asks the issuer to change one of its tasks (what it proposes, in words)
 * or to drop it for the unit, with a reason; the requests and their decisions stay listed.
 */
function Adjustments({ assignment, adjustments, open }: { assignment: Assignment; adjustments: AssignmentRequests['adjustments']; open: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  // Kept on the device until sent or cancelled (useKeptDraft); a kept request opens the form again.
  const draft = `adjustment:${assignment.id}`;
  const [asking, setAsking] = useState(useHadKeptDraft(draft));
  const askable = assignment.tasks.filter((task) => task.role !== 'info' && !task.dropped);
  const form = useForm<AdjustmentValues>({ defaultValues: { taskId: askable[0]?.id ?? '', kind: 'change', reason: '', proposal: '' } });
  const forgetDraft = useKeptDraft(form, draft, asking && open && askable.length > 0);
  const kind = useWatch({ control: form.control, name: 'kind' });
  const send = useMutation(
    trpc.assignments.requestAdjustment.mutationOptions({
      onSuccess: () => {
        forgetDraft();
        setAsking(false);
        form.reset();
      },
    }),
  );
  const textOf = (taskId: string) => assignment.tasks.find((task) => task.id === taskId)?.text ?? taskId;
  return (
    <section className="adjustments" aria-labelledby={titleId} data-testid="adjustments">
      <h4 id={titleId}>{t('adjustment.title')}</h4>
      {adjustments.length > 0 ? (
        <ul className="request-list">
          {adjustments.map((a) => (
            <li key={a.number} data-testid={`adjustment-${a.number}`} data-state={a.state}>
              <p>
                <strong>{t(`adjustment.kinds.${a.kind}`)}</strong>: {textOf(a.taskId)} — {t(`adjustment.states.${a.state}`)}
              </p>
              <p className="muted">{t('adjustment.reasonLine', { reason: a.reason })}</p>
              {a.decisionNote ? <p className="notice__reason">{t('adjustment.decisionNote', { note: a.decisionNote })}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {send.isSuccess ? (
        <p className="notice notice--success" role="status" data-testid="adjustment-sent">
          {t('adjustment.sent')}
        </p>
      ) : null}
      {!open || askable.length === 0 ? null : asking ? (
        <Form
          form={form}
          className="request-form"
          testId="adjustment-form"
          onSubmit={(values) =>
            send.mutate({
              assignmentId: assignment.id,
              taskId: values.taskId,
              kind: values.kind,
              reason: values.reason.trim(),
              ...(values.kind === 'change' ? { proposal: values.proposal.trim() } : {}),
            })
          }
        >
          <Field<AdjustmentValues> name="taskId" label={t('adjustment.task')}>
            {(control) => (
              <select {...control}>
                {askable.map((task) => (
                  <option key={task.id} value={task.id}>
                    {task.text.length > 90 ? `${task.text.slice(0, 90)}…` : task.text}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field<AdjustmentValues> name="kind" label={t('adjustment.kind')}>
            {(control) => (
              <select {...control}>
                <option value="change">{t('adjustment.kinds.change')}</option>
                <option value="drop">{t('adjustment.kinds.drop')}</option>
              </select>
            )}
          </Field>
          {kind === 'change' ? (
            <TextAreaField<AdjustmentValues> name="proposal" label={t('adjustment.proposal')} requiredKey="adjustment.proposalRequired" />
          ) : null}
          <TextAreaField<AdjustmentValues> name="reason" label={t('adjustment.reason')} requiredKey="adjustment.reasonRequired" />
          <FormActions submitLabel={t('adjustment.submit')} pendingLabel={t('requests.sending')} pending={send.isPending} error={send.error}
            onCancel={() => {
              forgetDraft();
              form.reset();
              setAsking(false);
            }}
          />
        </Form>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button button--secondary"
            data-testid="adjustment-open"
            onClick={() => {
              send.reset();
              setAsking(true);
            }}
          >
            {t('adjustment.button')}
          </button>
        </div>
      )}
    </section>
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

interface ExtensionValues {
  date: string;
  reason: string;
}

/** The form to ask; while a request awaits its decision only the confirmation of sending it stays. */
function ExtensionForm({ assignment, canAsk, closesAt }: { assignment: Assignment; canAsk: boolean; closesAt: string | null }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // Kept on the device until sent or cancelled (useKeptDraft); a kept request opens the form again.
  const draft = `extension:${assignment.id}`;
  const [openForm, setOpenForm] = useState(useHadKeptDraft(draft));
  const form = useForm<ExtensionValues>({ defaultValues: { date: '', reason: '' } });
  const forgetDraft = useKeptDraft(form, draft, openForm && canAsk && !(closesAt !== null && Date.now() > Date.parse(closesAt)));
  const doneRef = useRef<HTMLParagraphElement>(null);
  const current = assignment.deadline?.kind === 'report' ? vietnamDay(assignment.deadline.at) : null;
  const send = useMutation(
    trpc.assignments.requestExtension.mutationOptions({
      onSuccess: () => {
        forgetDraft();
        setOpenForm(false);
        form.reset();
      },
    }),
  );
  useEffect(() => {
    if (openForm) form.setFocus('date');
  }, [openForm, form]);
  useEffect(() => {
    if (send.isSuccess) doneRef.current?.focus();
  }, [send.isSuccess]);

  const onSubmit = ({ date, reason }: ExtensionValues) => {
    const checked = checkDate(date, { after: current });
    if (checked.ok) send.mutate({ assignmentId: assignment.id, proposedDate: checked.date, reason: reason.trim() });
  };
  return (
    <>
      {send.isSuccess ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="extension-sent">
          {t('extension.sent', { date: formatDate(send.data.proposedDate) })}
        </p>
      ) : null}
      {closesAt !== null && canAsk ? (
        <p className="hint" data-testid="extension-closes">
          {Date.now() > Date.parse(closesAt) ? t('extension.closed', { dateTime: formatDateTime(closesAt) }) : t('extension.closesAt', { dateTime: formatDateTime(closesAt) })}
        </p>
      ) : null}
      {!canAsk || (closesAt !== null && Date.now() > Date.parse(closesAt)) ? null : openForm ? (
        <Form form={form} onSubmit={onSubmit} className="request-form" testId="extension-form">
          <DateField<ExtensionValues> name="date" label={t('extension.proposedDate')} after={current} testId="extension-date" />
          <TextAreaField<ExtensionValues> name="reason" label={t('extension.reason')} requiredKey="extension.reasonRequired" testId="extension-reason" />
          <FormActions
            submitLabel={t('extension.submit')}
            pendingLabel={t('extension.submitting')}
            pending={send.isPending}
            error={send.error}
            submitTestId="extension-submit"
            onCancel={() => {
              forgetDraft();
              form.reset();
              setOpenForm(false);
            }}
          />
        </Form>
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
  const titleId = useId();
  const form = useForm<{ answer: string }>({ defaultValues: { answer: '' } });
  const forgetDraft = useKeptDraft(form, `explanation-answer:${assignmentId}:${request.number}`);
  const send = useMutation(trpc.assignments.answerExplanation.mutationOptions({ onSuccess: () => forgetDraft() }));
  return (
    <section className="notice notice--warning explanation-request" aria-labelledby={titleId} data-testid="explanation-open" data-number={request.number}>
      <p className="notice__title" id={titleId}>
        <Icon name="alert" /> <strong>{t('explanation.title')}</strong>
      </p>
      <p className="explanation-request__question">
        <strong>{t('explanation.question', { question: request.question })}</strong>
      </p>
      <p className="muted">{t('explanation.requestedAt', { dateTime: formatDateTime(request.requestedAt) })}</p>
      <Form form={form} onSubmit={({ answer }) => send.mutate({ assignmentId, answer: answer.trim() })} className="request-form" testId="explanation-form">
        <TextAreaField<{ answer: string }>
          name="answer"
          label={t('explanation.answerLabel')}
          requiredKey="explanation.answerRequired"
          testId="explanation-answer"
        />
        <FormActions
          submitLabel={t('explanation.submit')}
          pendingLabel={t('explanation.submitting')}
          pending={send.isPending}
          error={send.error}
          submitTestId="explanation-submit"
        />
      </Form>
    </section>
  );
}
