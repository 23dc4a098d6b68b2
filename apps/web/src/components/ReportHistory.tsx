import { useTranslation } from 'react-i18next';
import type { MetricDefView, ReportView } from '../api';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import type { PeriodChoice } from '../lib/report';
import { ReviewBadge } from './ReviewBadge';

/**
 * Every version of a unit's report, newest first: its date, the progress period it answered (with
 * that period's deadline) or that it was the final report, its review and the reviewer's reason.
 */
export function ReportHistory({
  reports,
  metrics,
  periods = [],
  tasks = [],
}: {
  reports: readonly ReportView[];
  metrics: readonly MetricDefView[];
  /** The assignment's progress periods, for their deadlines; none when unknown or not asked for. */
  periods?: readonly PeriodChoice[];
  /** The assignment's tasks, to name the ones a report marked. */
  tasks?: readonly TaskView[];
}) {
  const { t } = useTranslation();
  if (reports.length === 0) return <p className="empty">{t('history.empty')}</p>;
  const newestFirst = [...reports].reverse();
  const periodLabel = (number: number) => {
    const due = periods.find((p) => p.period === number)?.dueBy;
    return due ? t('history.periodDue', { number, date: formatDate(due) }) : t('periods.period', { number });
  };
  return (
    <ol className="report-history" reversed data-testid="report-history">
      {newestFirst.map((report) => (
        <li key={report.version} className="report-history__item" data-version={report.version} data-review={report.review}>
          <p className="report-history__head">
            <strong>{t('history.version', { version: report.version })}</strong>{' '}
            {report.period !== null ? (
              <span data-testid="report-period">{periodLabel(report.period)} </span>
            ) : report.final || periods.length > 0 ? (
              <span data-testid="report-period">{t('history.final')} </span>
            ) : null}
            <span className="muted" data-testid="report-date">
              {t('history.reportDate', { dateTime: formatDateTime(report.submittedAt) })}
            </span>{' '}
            <ReviewBadge review={report.review} />
          </p>
          <ReportFigures report={report} metrics={metrics} />
          <ReportTaskMarks report={report} tasks={tasks} />
          {report.correctionReason ? <p className="report-history__note">{t('history.correction', { reason: report.correctionReason })}</p> : null}
          {report.narrative ? (
            <p className="report-history__narrative">
              <span className="muted">{t('history.narrative')}: </span>
              {report.narrative}
            </p>
          ) : null}
          {report.review === 'returned' && report.reviewReason ? (
            <p className="report-history__reason" data-testid="history-return-reason">
              {t('history.reviewReason', { reason: report.reviewReason })}
            </p>
          ) : null}
          {report.reviewedAt ? <p className="muted report-history__note">{t('history.reviewedAt', { dateTime: formatDateTime(report.reviewedAt) })}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** A report's figures by metric, "—" for one it does not give. */
export function ReportFigures({ report, metrics }: { report: Pick<ReportView, 'figures'>; metrics: readonly MetricDefView[] }) {
  return (
    <dl className="figures">
      {metrics.map((metric) => (
        <div key={metric.key}>
          <dt>{metric.label}</dt>
          <dd>{report.figures[metric.key] !== undefined ? formatNumber(report.figures[metric.key]!) : '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One task as a report lists it: its text and the unit's role on it. */
export interface TaskView {
  readonly id: string;
  readonly text: string;
  readonly role: 'lead' | 'cooperating' | 'info';
}

/** What a report said of each task: done or not (a cooperating unit: its contribution), with its note. */
export function ReportTaskMarks({ report, tasks }: { report: Pick<ReportView, 'tasks'>; tasks: readonly TaskView[] }) {
  const { t } = useTranslation();
  const marks = report.tasks;
  if (!marks) return null;
  const marked = tasks.filter((task) => Object.hasOwn(marks, task.id));
  if (marked.length === 0) return null;
  return (
    <ul className="report-task-marks" data-testid="report-task-marks">
      {marked.map((task) => {
        const mark = marks[task.id]!;
        const word = task.role === 'cooperating' ? (mark.done ? t('history.contributed') : t('history.notContributed')) : mark.done ? t('history.taskDone') : t('history.taskOpen');
        return (
          <li key={task.id} data-task={task.id} data-done={mark.done}>
            <span className="report-task-marks__text">{task.text}</span> — <strong>{word}</strong>
            {mark.note ? <span className="report-task-marks__note">: {mark.note}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
