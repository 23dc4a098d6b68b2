import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assignment, MetricDefView, RateDefView, ReportView } from '../api';
import { formatDate, formatNumber } from '../lib/format';
import {
  checkReport,
  decreasedMetrics,
  defaultReportFor,
  initialDraft,
  parseFigure,
  reportForInput,
  type FieldErrors,
  type PeriodChoice,
  type ReportDraft,
  type ReportFor,
} from '../lib/report';
import { useStaleWhenChanged } from '../lib/useStaleWhenChanged';
import { useTRPC } from '../trpc';
import { ErrorNotice, Loading } from './ErrorNotice';
import { Icon } from './Icon';
import { ReportHistory } from './ReportHistory';

/** States in which the assignee may (re)submit a report: every open one. */
const REPORTABLE = new Set<Assignment['state']>(['issued', 'acknowledged', 'in_progress', 'reported', 'returned', 'accepted']);

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
      {REPORTABLE.has(state) ? <ReportForm assignment={assignment} metrics={metrics} rates={rates} previous={latest} periods={periods.data} /> : null}
      <details className="report-history-wrap" open={reports.length > 0}>
        <summary>
          {t('history.title')} ({formatNumber(reports.length)})
        </summary>
        <ReportHistory reports={reports} metrics={metrics} periods={periods.data} />
      </details>
    </section>
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
  const formRef = useRef<HTMLFormElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const [draft, setDraft] = useState<ReportDraft>(() => initialDraft(metrics, previous));
  // Checked live only after the first attempt, so nobody is scolded while still typing.
  const [attempted, setAttempted] = useState(false);
  // What the report answers: the reporter's choice, else (null) the engine's default, which moves on
  // by itself once a period is answered.
  const [chosenFor, setChosenFor] = useState<ReportFor | null>(null);
  const reportFor = chosenFor ?? defaultReportFor(periods);
  const submit = useMutation(
    trpc.reports.submit.mutationOptions({
      onSuccess: () => {
        setAttempted(false);
        setChosenFor(null);
        setDraft((d) => ({ ...d, narrative: '', correction: false, correctionReason: '' }));
      },
    }),
  );
  useEffect(() => {
    if (submit.isSuccess) doneRef.current?.focus();
  }, [submit.isSuccess]);
  // "Sent, awaiting review" stops being true once the assigner decides: drop it when the state moves on.
  const state = assignment.state;
  const sentIn = useRef(state);
  const { reset } = submit;
  useEffect(() => {
    if (sentIn.current !== state && state !== 'reported') reset();
    sentIn.current = state;
  }, [state, reset]);

  const checked = checkReport(metrics, rates, previous, draft);
  const fields: FieldErrors = attempted && !checked.ok ? checked.fields : {};
  const errorCount = Object.keys(fields).length;
  const decreased = decreasedMetrics(metrics, previous, draft);
  const offerCorrection = decreased.length > 0;
  const idOf = (key: string) => `${baseId}-${key}`;
  const errorId = (key: string) => `${baseId}-${key}-error`;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    const result = checkReport(metrics, rates, previous, draft);
    if (!result.ok) {
      const firstKey = [...metrics.map((m) => m.key), 'correction', 'narrative'].find((k) => k in result.fields);
      const target = firstKey === 'correction' ? `${baseId}-correction-reason` : firstKey ? idOf(firstKey) : null;
      if (target) formRef.current?.querySelector<HTMLElement>(`[id="${target}"]`)?.focus();
      return;
    }
    submit.reset();
    submit.mutate({ assignmentId: assignment.id, ...result.input, ...reportForInput(reportFor) });
  };

  const message = (key: string): string | null => {
    const code = fields[key];
    if (!code) return null;
    if (code === 'ABOVE_DENOMINATOR') {
      // The field is flagged once; name the denominator it actually exceeds.
      const typed = (k: string) => parseFigure(draft.figures[k] ?? '');
      const above = (r: RateDefView) => {
        const [n, d] = [typed(r.numerator), typed(r.denominator)];
        return typeof n === 'number' && typeof d === 'number' && n > d;
      };
      const rate = rates.find((r) => r.numerator === key && above(r)) ?? rates.find((r) => r.numerator === key);
      const denominator = metrics.find((m) => m.key === rate?.denominator)?.label ?? rate?.denominator ?? '';
      return t('report.codes.ABOVE_DENOMINATOR', { denominator });
    }
    return t(`report.codes.${code}`);
  };

  return (
    <form ref={formRef} className="report-form" noValidate onSubmit={onSubmit} data-testid="report-form">
      {reportFor !== null ? (
        <div className="field">
          <label htmlFor={`${baseId}-for`}>{t('report.for')}</label>
          <select
            id={`${baseId}-for`}
            value={String(reportFor)}
            aria-describedby={`${baseId}-for-hint`}
            onChange={(e) => setChosenFor(e.target.value === 'final' ? 'final' : Number(e.target.value))}
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
      {metrics.length > 0 ? (
        <fieldset className="report-form__figures">
          <legend>{t('report.figuresLegend')}</legend>
          {metrics.map((metric) => {
            const error = message(metric.key);
            const before = previous?.figures[metric.key];
            const hintId = `${baseId}-${metric.key}-hint`;
            return (
              <div key={metric.key} className={`field${error ? ' field--invalid' : ''}`}>
                <label htmlFor={idOf(metric.key)}>{metric.label}</label>
                <input
                  id={idOf(metric.key)}
                  name={metric.key}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  value={draft.figures[metric.key] ?? ''}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={[hintId, error ? errorId(metric.key) : null].filter(Boolean).join(' ')}
                  onChange={(e) => {
                    const value = e.target.value;
                    setDraft((d) => ({ ...d, figures: { ...d.figures, [metric.key]: value } }));
                  }}
                />
                <p className="hint" id={hintId}>
                  {before !== undefined ? t('report.previousHint', { value: formatNumber(before) }) : t('report.integerHint')}
                </p>
                {error ? (
                  <p className="field__error" id={errorId(metric.key)}>
                    <Icon name="alert" /> {error}
                  </p>
                ) : null}
              </div>
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
            <input
              id={`${baseId}-correction`}
              type="checkbox"
              checked={draft.correction}
              onChange={(e) => {
                const on = e.target.checked;
                setDraft((d) => ({ ...d, correction: on }));
              }}
            />
            <label htmlFor={`${baseId}-correction`}>{t('report.correction')}</label>
          </div>
          {draft.correction ? (
            <div className={`field${fields.correction ? ' field--invalid' : ''}`}>
              <label htmlFor={`${baseId}-correction-reason`}>{t('report.correctionReason')}</label>
              <textarea
                id={`${baseId}-correction-reason`}
                rows={2}
                required
                value={draft.correctionReason}
                aria-invalid={fields.correction ? true : undefined}
                aria-describedby={fields.correction ? errorId('correction') : undefined}
                onChange={(e) => {
                  const value = e.target.value;
                  setDraft((d) => ({ ...d, correctionReason: value }));
                }}
              />
              {fields.correction ? (
                <p className="field__error" id={errorId('correction')}>
                  <Icon name="alert" /> {message('correction')}
                </p>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
      <div className={`field${fields.narrative ? ' field--invalid' : ''}`}>
        <label htmlFor={`${baseId}-narrative`}>{t('report.narrative')}</label>
        <textarea
          id={idOf('narrative')}
          rows={3}
          value={draft.narrative}
          aria-invalid={fields.narrative ? true : undefined}
          aria-describedby={[`${baseId}-narrative-hint`, fields.narrative ? errorId('narrative') : null].filter(Boolean).join(' ')}
          onChange={(e) => {
            const value = e.target.value;
            setDraft((d) => ({ ...d, narrative: value }));
          }}
        />
        <p className="hint" id={`${baseId}-narrative-hint`}>
          {t('report.narrativeHint')}
        </p>
        {fields.narrative ? (
          <p className="field__error" id={errorId('narrative')}>
            <Icon name="alert" /> {message('narrative')}
          </p>
        ) : null}
      </div>
      {errorCount > 0 ? (
        <p className="notice notice--error" role="alert" data-testid="report-form-errors">
          {t('report.fixErrors', { n: errorCount })}
        </p>
      ) : null}
      {submit.isError ? <ErrorNotice error={submit.error} /> : null}
      {submit.isSuccess ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef}>
          {submit.data.period !== null
            ? t('report.submittedPeriod', { version: submit.data.version, number: submit.data.period })
            : t('report.submitted', { version: submit.data.version })}
        </p>
      ) : null}
      <div className="card__actions">
        <button type="submit" className="button button--primary" disabled={submit.isPending}>
          {submit.isPending ? t('report.submitting') : t('report.submit')}
        </button>
      </div>
    </form>
  );
}
