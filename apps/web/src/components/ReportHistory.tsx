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
}: {
  reports: readonly ReportView[];
  metrics: readonly MetricDefView[];
  /** The assignment's progress periods, for their deadlines; none when unknown or not asked for. */
  periods?: readonly PeriodChoice[];
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
