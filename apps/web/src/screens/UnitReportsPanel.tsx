import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Overview } from '../api';
import { CardSection } from '../components/Card';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { ReportHistory } from '../components/ReportHistory';
import { Timeline } from '../components/Timeline';
import { useTRPC } from '../trpc';

/**
 * The end of a drill-down (province → district → commune): the unit's own reports, every version
 * with its review, and what happened to its assignment. Read-only; the unit itself reports from its tasks.
 */
export function UnitReportsPanel({ overview }: { overview: Overview }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  const own = overview.own!;
  const history = useQuery(trpc.reports.history.queryOptions({ assignmentId: own.id }, { refetchInterval: 10_000 }));
  const rollup = useQuery(trpc.directives.rollup.queryOptions({ directiveId: overview.directive.id, unitId: overview.unit.id }));
  return (
    <CardSection className="unit-reports" titleId={titleId} title={t('drill.reportsOf', { unit: overview.unit.name })} testId="unit-reports" unitId={overview.unit.id}>
      {history.isPending || rollup.isPending ? <Loading /> : null}
      {history.isError ? <ErrorNotice error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.isSuccess && rollup.isSuccess ? <ReportHistory reports={history.data} metrics={rollup.data.metrics} /> : null}
      <Timeline assignmentId={own.id} />
    </CardSection>
  );
}
