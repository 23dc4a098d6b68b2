import { useQuery } from '@tanstack/react-query';
import type { ReportFieldCode } from '@chidao/domain';
import { useEffect, useId, useRef, useState } from 'react';
import { useController, useForm, useWatch, type FieldError, type FieldErrors, type Path, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Assignment, MetricDefView, RateDefView, ReportView } from '../api';
import { formatDate, formatNumber } from '../lib/format';
import {
  checkReport,
  decreasedMetrics,
  defaultReportFor,
  initialDraft,
  parseFigure,
  refusedFields,
  typedWords,
  reportForInput,
  type PeriodChoice,
  type ReportDraft,
  type ReportFor,
} from '../lib/report';
import { useStaleWhenChanged } from '../lib/useStaleWhenChanged';
import { loadDraft, saveDraft, useEnqueue, useOutboxEntry } from '../device';
import type { OutboxEntry } from '../lib/outbox';
import { useMe } from '../session';
import { OutboxStatus } from './OutboxStatus';
import { useTRPC } from '../trpc';
import { ErrorNotice, Loading } from './ErrorNotice';
import { FromRollup } from './FromRollup';
import { Field, Form } from './form/Field';
import { FormActions } from './form/FormActions';
import { Icon } from './Icon';
import { AttachmentPicker, usePendingAttachments } from './Attachments';
import { ReportHistory } from './ReportHistory';

/** The report form's values: the draft, mutable for react-hook-form. */
interface ReportValues {
  figures: Record<string, string>;
  narrative: string;
  correction: boolean;
  correctionReason: string;
  /** What the report answers: a period's number, 'final', or '' for the engine's default (which moves on by itself once a period is answered). */
  reportFor: string;
  /** The unit's tasks it reports on, in order. */
  tasks: Array<{ id: string; done: boolean; note: string }>;
}

/**
 * Whether the report form is shown: acknowledged and not yet accepted. Before acknowledging, the card's
 * one action is "Tiếp nhận" (a form below it read as if acknowledging were optional), unless "Tiếp nhận"
 * was tapped on this phone and waits for a signal (or was sent, before the list says so): then the report
 * may be written now and waits behind it in the device's queue, as a commune on bad signal does both in
 * one go. Once the report is accepted, nothing is left to send.
 */
function reportFormShown(state: Assignment['state'], acknowledging: OutboxEntry | null): boolean {
  if (state === 'issued') return acknowledging !== null && acknowledging.state !== 'refused';
  return REPORTABLE.has(state);
}

const REPORTABLE = new Set<Assignment['state']>(['acknowledged', 'in_progress', 'reported', 'returned']);

/**
 * An assignment's reporting: the return reason when the last report came back, the report form built
 * from the directive's metrics, and every version sent so far.
 */
export function ReportSection({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // The directive's metrics and rates come with its rollup; they do not change while it runs.
  const definitions = useQuery(
    trpc.directives.rollup.queryOptions({ directiveId: assignment.directiveId, unitId: assignment.unitId }, { staleTime: 5 * 60_000 }),
  );
  const history = useQuery(trpc.reports.history.queryOptions({ assignmentId: assignment.id }));
  // The same query (and cache) as the periods list beside the form.
  const periods = useQuery(trpc.assignments.periods.queryOptions({ assignmentId: assignment.id }));
  // A review by the assigner shows up as a new state in the polled list: read the history again then.
  const state = assignment.state;
  useStaleWhenChanged({ path: 'reports.history', input: { assignmentId: assignment.id } }, [state]);

  const headingId = useId();
  const me = useMe().data?.id ?? '';
  const acknowledging = useOutboxEntry(me, assignment.id, 'acknowledge');
  if (definitions.isPending || history.isPending || periods.isPending) return <Loading />;
  if (definitions.isError) return <ErrorNotice error={definitions.error} onRetry={() => void definitions.refetch()} />;
  if (history.isError) return <ErrorNotice error={history.error} onRetry={() => void history.refetch()} />;
  if (periods.isError) return <ErrorNotice error={periods.error} onRetry={() => void periods.refetch()} />;
  const reports = history.data;
  const latest = reports.at(-1) ?? null;
  const { metrics, rates } = definitions.data;
  return (
    <section className="report-section" aria-labelledby={headingId}>
      {state === 'returned' && latest?.review === 'returned' ? <ReturnedNotice report={latest} /> : null}
      <h4 id={headingId}>{t('report.title')}</h4>
      {assignment.role === 'info' ? (
        <p className="hint" data-testid="info-only">
          {t('tasks.infoOnly')}
        </p>
      ) : reportFormShown(state, acknowledging) ? (
        <ReportForm assignment={assignment} metrics={metrics} rates={rates} previous={latest} periods={periods.data} />
      ) : (
        <>
          {state === 'issued' ? (
            <p className="hint" data-testid="report-after-acknowledging">
              {t('report.acknowledgeFirst')}
            </p>
          ) : null}
          <UnsentReport assignmentId={assignment.id} state={state} />
        </>
      )}
      <details className="report-history-wrap" open={reports.length > 0}>
        <summary>
          {t('history.title')} ({formatNumber(reports.length)})
        </summary>
        <ReportHistory reports={reports} metrics={metrics} periods={periods.data} tasks={assignment.tasks} />
      </details>
    </section>
  );
}

/**
 * A report sent from the outbox after the task closed (recalled, reassigned) is refused and its form is
 * gone: say why, and show what was typed so it is not lost (it stays on the device until sign-out).
 */
function UnsentReport({ assignmentId, state }: { assignmentId: string; state: Assignment['state'] }) {
  const { t } = useTranslation();
  const userId = useMe().data?.id ?? '';
  const entry = useOutboxEntry(userId, assignmentId, 'report');
  if (entry === null || entry.state === 'sent') return null;
  const narrative = (entry.input as { narrative?: unknown }).narrative;
  return (
    <>
      <OutboxStatus entry={entry} testId="outbox-report" taskState={state} />
      {typeof narrative === 'string' && narrative !== '' ? (
        <blockquote className="unsent-report" data-testid="unsent-report">
          <p>{t('offline.unsentText')}</p>
          <p>{narrative}</p>
        </blockquote>
      ) : null}
    </>
  );
}

function ReturnedNotice({ report }: { report: ReportView }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--returned" data-testid="returned-notice">
      <p className="notice__title">
        <Icon name="undo" /> <strong>{t('report.returnedTitle')}</strong>
      </p>
      {report.reviewReason ? <p className="notice__reason">{t('report.returnedReason', { reason: report.reviewReason })}</p> : null}
      <p>{t('report.returnedHint')}</p>
    </div>
  );
}

function ReportForm({
  assignment,
  metrics,
  rates,
  previous,
  periods,
}: {
  assignment: Assignment;
  metrics: readonly MetricDefView[];
  rates: readonly RateDefView[];
  previous: ReportView | null;
  /** The assignment's progress periods; empty when the directive asks for none. */
  periods: readonly PeriodChoice[];
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const doneRef = useRef<HTMLParagraphElement>(null);
  // The words for a broken rule; the field is flagged once, so name the denominator it actually exceeds.
  const messageOf = (key: string, code: ReportFieldCode, draft: ReportDraft): string => {
    if (key.startsWith('task:') && code === 'TOO_LONG') return t('report.taskNoteTooLong');
    if (code === 'NOT_INTEGER' && typedWords(draft.figures[key] ?? '')) return t('report.needsDigits');
    if (code !== 'ABOVE_DENOMINATOR') return t(`report.codes.${code}`);
    const typed = (k: string) => parseFigure(draft.figures[k] ?? '');
    const above = (r: RateDefView) => {
      const [n, d] = [typed(r.numerator), typed(r.denominator)];
      return typeof n === 'number' && typeof d === 'number' && n > d;
    };
    const rate = rates.find((r) => r.numerator === key && above(r)) ?? rates.find((r) => r.numerator === key);
    const denominator = metrics.find((m) => m.key === rate?.denominator)?.label ?? rate?.denominator ?? '';
    return t('report.codes.ABOVE_DENOMINATOR', { denominator });
  };
  // The whole report is checked at once (rates tie figures together), as the server checks it; react-hook-form
  // checks again on every change after the first attempt, so nobody is scolded while still typing.
  /** Where each wrong field's error goes in the form: the field's name and its words. */
  const placed = (fields: Record<string, ReportFieldCode>, values: ReportValues) =>
    Object.entries(fields).flatMap(([key, code]): Array<[string, FieldError]> => {
      const error: FieldError = { type: code, message: messageOf(key, code, values) };
      if (key === 'correction') return [['correctionReason', error]];
      if (key === 'narrative') return [['narrative', error]];
      if (key.startsWith('task:')) {
        const index = values.tasks.findIndex((task) => `task:${task.id}` === key);
        return index >= 0 ? [[`tasks.${index}.note`, error]] : [];
      }
      return metrics.some((m) => m.key === key) ? [[`figures.${key}`, error]] : [];
    });
  const resolver: Resolver<ReportValues> = (values) => {
    const checked = checkReport(metrics, rates, previous, values);
    if (checked.ok) return { values, errors: {} };
    const errors: Record<string, unknown> = {};
    const figures: Record<string, FieldError> = {};
    const tasks: Array<{ note: FieldError } | undefined> = [];
    for (const [name, error] of placed({ ...checked.fields }, values)) {
      const [head, part] = name.split('.');
      if (head === 'figures') figures[name.slice('figures.'.length)] = error;
      else if (head === 'tasks') tasks[Number(part)] = { note: error };
      else errors[name] = error;
    }
    if (Object.keys(figures).length > 0) errors.figures = figures;
    if (tasks.length > 0) errors.tasks = tasks;
    return { values: {}, errors: errors as FieldErrors<ReportValues> };
  };
  // Tasks the unit reports on: those it leads and those it cooperates on (its contribution); not those it is only told of.
  const owed = assignment.tasks.filter((task) => task.role !== 'info' && !task.dropped);
  const userId = useMe().data?.id ?? '';
  // What was typed and not yet sent is kept on the device (device.ts) as it is typed, so a reload, Back
  // or a closed tab loses nothing; it is dropped once the report is sent.
  const [defaultValues] = useState(() => {
    const initial = { ...initialDraft(metrics, previous, owed.map((task) => task.id)), reportFor: '' } as ReportValues;
    return keptDraft(loadDraft(userId, assignment.id), initial) ?? initial;
  });
  const form = useForm<ReportValues>({ defaultValues, resolver });
  useEffect(() => {
    const subscription = form.watch((values, { type }) => {
      if (type === 'change') saveDraft(userId, assignment.id, values);
    });
    return () => subscription.unsubscribe();
  }, [form, userId, assignment.id]);
  const draft = useWatch({ control: form.control }) as ReportValues;
  // What the report answers: the reporter's choice, else (null) the engine's default, which moves on
  // by itself once a period is answered.
  const chosen = useController({ control: form.control, name: 'reportFor' });
  const reportFor: ReportFor | null = chosen.field.value === '' ? defaultReportFor(periods) : chosen.field.value === 'final' ? 'final' : Number(chosen.field.value);
  // "Gửi báo cáo" goes through the device's outbox: sent at once with a connection, else kept with its
  // Idempotency-Key and sent when it returns; refused (the task changed meanwhile), the text stays.
  const enqueue = useEnqueue();
  const entry = useOutboxEntry(userId, assignment.id, 'report');
  const waiting = entry?.state === 'pending' || entry?.state === 'sending';
  // "Sent, awaiting review" is said for a report sent from this form, until the assigner decides.
  const [sentHere, setSentHere] = useState<string | null>(null);
  const watched = useRef<string | null>(null);
  // The server refused what the form let through (the last report changed meanwhile): its data.fields
  // (kept on the outbox entry) says which fields, and each gets its error beside it, as the form's own
  // checks do. The text stays as typed.
  useEffect(() => {
    if (entry?.state !== 'refused' || !entry.fields) return;
    for (const [name, fieldError] of placed({ ...entry.fields }, form.getValues())) form.setError(name as Path<ReportValues>, fieldError, { shouldFocus: false });
  }, [entry, form]);
  useEffect(() => {
    if (!entry) return;
    if (waiting) watched.current = entry.key;
    else if (entry.state === 'sent' && watched.current === entry.key) {
      watched.current = null;
      const values = form.getValues();
      form.reset({ ...values, narrative: '', correction: false, correctionReason: '', reportFor: '', tasks: values.tasks.map((task) => ({ ...task, note: '' })) });
      setSentHere(entry.key);
    }
  }, [entry, waiting, form]);
  useEffect(() => {
    if (sentHere !== null) doneRef.current?.focus();
  }, [sentHere]);
  const state = assignment.state;
  const sentIn = useRef(state);
  useEffect(() => {
    if (sentIn.current !== state && state !== 'reported') setSentHere(null);
    sentIn.current = state;
  }, [state]);
  const receipt = entry?.key === sentHere ? entry.receipt : undefined;

  const { errors } = form.formState;
  const errorCount =
    Object.keys(errors.figures ?? {}).length + (errors.correctionReason ? 1 : 0) + (errors.narrative ? 1 : 0) + (Array.isArray(errors.tasks) ? errors.tasks.filter(Boolean).length : 0);
  const offerCorrection = decreasedMetrics(metrics, previous, draft).length > 0;

  // Clean files uploaded for this report go with it; the outbox keeps their ids with the report, so a
  // report sent later (offline now) carries the same files, once.
  const { cleanIds } = usePendingAttachments(assignment.id);
  const onSubmit = (values: ReportValues) => {
    const result = checkReport(metrics, rates, previous, values);
    if (!result.ok) return;
    if (waiting) return;
    setSentHere(null);
    saveDraft(userId, assignment.id, values);
    enqueue(userId, 'report', assignment.id, {
      assignmentId: assignment.id,
      ...result.input,
      ...reportForInput(reportFor),
      ...(cleanIds.length > 0 ? { attachmentIds: cleanIds } : {}),
    });
  };

  return (
    <Form form={form} onSubmit={onSubmit} className="report-form" testId="report-form">
      {reportFor !== null ? (
        <div className="field">
          <label htmlFor={`${baseId}-for`}>{t('report.for')}</label>
          <select
            id={`${baseId}-for`}
            ref={chosen.field.ref}
            name={chosen.field.name}
            value={String(reportFor)}
            aria-describedby={`${baseId}-for-hint`}
            onChange={(e) => chosen.field.onChange(e.target.value)}
            onBlur={chosen.field.onBlur}
            data-testid="report-for"
          >
            {periods.map((p) => (
              <option key={p.period} value={p.period}>
                {t('report.forPeriod', { number: p.period, date: formatDate(p.dueBy) })}
                {p.reportedVersion !== null ? ` — ${t('report.forAnswered')}` : ''}
              </option>
            ))}
            <option value="final">{t('report.forFinal')}</option>
          </select>
          <p className="hint" id={`${baseId}-for-hint`}>
            {t('report.forHint')}
          </p>
        </div>
      ) : null}
      {owed.length > 0 ? (
        <fieldset className="report-form__tasks" data-testid="report-tasks">
          <legend>{t('report.tasksLegend')}</legend>
          <p className="hint">{t('report.tasksHint')}</p>
          {owed.map((task, index) => (
            <div key={task.id} className="report-task" data-task={task.id} data-role={task.role}>
              <p className="report-task__text">
                <span className="badge">{t(`tasks.role.${task.role}`)}</span> {task.text}
              </p>
              <div className="checkbox">
                <input id={`${baseId}-task-${index}`} type="checkbox" {...form.register(`tasks.${index}.done`)} />
                <label htmlFor={`${baseId}-task-${index}`}>{task.role === 'cooperating' ? t('report.taskContributed') : t('report.taskDone')}</label>
              </div>
              <Field<ReportValues>
                name={`tasks.${index}.note`}
                label={task.role === 'cooperating' ? t('report.taskContribution') : t('report.taskNote')}
              >
                {(control) => <textarea {...control} rows={2} />}
              </Field>
            </div>
          ))}
        </fieldset>
      ) : null}
      {metrics.length > 0 ? (
        <fieldset className="report-form__figures">
          <legend>{t('report.figuresLegend')}</legend>
          <FromRollup
            assignmentId={assignment.id}
            metrics={metrics}
            onFill={(figures, correction) => {
              for (const [key, value] of Object.entries(figures)) form.setValue(`figures.${key}`, String(value), { shouldDirty: true });
              if (correction) form.setValue('correction', true, { shouldDirty: true });
            }}
          />
          {metrics.map((metric) => {
            const before = previous?.figures[metric.key];
            return (
              <Field<ReportValues>
                key={metric.key}
                name={`figures.${metric.key}`}
                label={metric.label}
                hint={before !== undefined ? t('report.previousHint', { value: formatNumber(before) }) : t('report.integerHint')}
              >
                {(control) => <input {...control} type="text" inputMode="numeric" autoComplete="off" />}
              </Field>
            );
          })}
        </fieldset>
      ) : (
        <p className="hint">{t('report.noMetrics')}</p>
      )}
      {offerCorrection ? (
        <div className="correction" data-testid="correction">
          <p className="hint">{t('report.correctionHint')}</p>
          <div className="checkbox">
            <input id={`${baseId}-correction`} type="checkbox" {...form.register('correction')} />
            <label htmlFor={`${baseId}-correction`}>{t('report.correction')}</label>
          </div>
          {draft.correction ? (
            <Field<ReportValues> name="correctionReason" label={t('report.correctionReason')}>
              {(control) => <textarea {...control} rows={2} required />}
            </Field>
          ) : null}
        </div>
      ) : null}
      <Field<ReportValues> name="narrative" label={t('report.narrative')} hint={t('report.narrativeHint')}>
        {(control) => <textarea {...control} rows={3} />}
      </Field>
      <AttachmentPicker assignmentId={assignment.id} />
      {errorCount > 0 ? (
        <p className="notice notice--error" role="alert" data-testid="report-form-errors">
          {t('report.fixErrors', { n: errorCount })}
        </p>
      ) : null}
      {receipt ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="report-sent">
          {receipt.period !== null ? t('report.submittedPeriod', { version: receipt.version, number: receipt.period }) : t('report.submitted', { version: receipt.version })}
        </p>
      ) : null}
      <OutboxStatus entry={entry} testId="outbox-report" keepsText />
      <FormActions submitLabel={t('report.submit')} pendingLabel={entry?.state === 'sending' ? t('report.submitting') : t('report.submit')} pending={waiting} />
    </Form>
  );
}

/**
 * A draft read back from the device, if it still fits the form: the same tasks in the same order (the
 * assigner may have changed them since), figures and text as strings. Otherwise the form starts afresh.
 */
function keptDraft(stored: unknown, initial: ReportValues): ReportValues | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const draft = stored as Partial<ReportValues>;
  const tasks = Array.isArray(draft.tasks) ? draft.tasks : [];
  const sameTasks = tasks.length === initial.tasks.length && tasks.every((task, i) => task?.id === initial.tasks[i]?.id);
  if (!sameTasks || typeof draft.narrative !== 'string' || typeof draft.figures !== 'object' || draft.figures === null) return null;
  const figures: Record<string, string> = { ...initial.figures };
  for (const key of Object.keys(initial.figures)) {
    const value = (draft.figures as Record<string, unknown>)[key];
    if (typeof value === 'string') figures[key] = value;
  }
  return {
    figures,
    narrative: draft.narrative,
    correction: draft.correction === true,
    correctionReason: typeof draft.correctionReason === 'string' ? draft.correctionReason : '',
    reportFor: typeof draft.reportFor === 'string' ? draft.reportFor : '',
    tasks: initial.tasks.map((task, i) => ({ id: task.id, done: tasks[i]?.done === true, note: typeof tasks[i]?.note === 'string' ? tasks[i].note : '' })),
  };
}
