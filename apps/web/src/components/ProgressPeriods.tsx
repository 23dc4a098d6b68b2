import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '../api';
import { formatDate } from '../lib/format';
import { useTRPC } from '../trpc';
import { ErrorNotice } from './ErrorNotice';
import { StandingBadge } from './Standing';

/** A report changes which periods are answered; the list looks again now and then. */
const PERIODS_REFRESH_MS = 15_000;

/**
 * The progress-report periods of an assignment (báo cáo định kỳ): each period's deadline (and, by the
 * calendar, the days its figures cover: "số liệu từ 15/07/2026 đến 14/08/2026"), whether a
 * report answered it and how it stands. Nothing when the directive asks for no progress reports.
 */
export function ProgressPeriods({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const periods = useQuery(trpc.assignments.periods.queryOptions({ assignmentId: assignment.id }, { refetchInterval: PERIODS_REFRESH_MS }));
  if (periods.isPending) return null;
  if (periods.isError) return <ErrorNotice error={periods.error} onRetry={() => void periods.refetch()} />;
  if (periods.data.length === 0) return null;
  return (
    <section className="progress-periods" aria-labelledby={`${assignment.id}-periods-title`} data-testid="progress-periods">
      <h4 id={`${assignment.id}-periods-title`}>{t('periods.title')}</h4>
      <p className="hint">{t('periods.hint')}</p>
      <ul className="request-list">
        {periods.data.map((p) => (
          <li key={p.period} data-testid="progress-period" data-period={p.period} data-reported={p.reportedVersion !== null}>
            <strong>{t('periods.period', { number: p.period })}</strong>
            {p.window ? <span data-testid="progress-period-window"> ({t('periods.window', { from: formatDate(p.window.from), to: formatDate(p.window.to) })})</span> : null} —{' '}
            {t('periods.due', { date: formatDate(p.dueBy) })}{' '}
            <span>{p.reportedVersion !== null ? t('periods.reported', { version: p.reportedVersion }) : t('periods.notReported')}</span>{' '}
            <StandingBadge standing={p.standing} />
          </li>
        ))}
      </ul>
    </section>
  );
}
