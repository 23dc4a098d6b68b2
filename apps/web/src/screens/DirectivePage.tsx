import { canActOn, canReadCompiledReport, isTerminal } from '@chidao/domain';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { hrefFor } from '../lib/route';
import { useMe } from '../session';
import { useTRPC } from '../trpc';
import { AmendDeadline } from './AmendDeadline';
import { ChildDeadline } from './ChildDeadline';
import { ChildRequests } from './ChildRequests';
import { RecallDirective } from './RecallDirective';
import { ReviewQueue } from './ReviewQueue';
import { RollupPanel } from './RollupPanel';
import { TrendPanel } from './TrendPanel';
import { UnitReportsPanel } from './UnitReportsPanel';
import { overviewRefetchInterval } from './overview';
import { OverviewPanel } from './OverviewPanel';

/**
 * One directive from one unit, drilled down along `trail` (unit ids below the signed-in unit),
 * with a breadcrumb back up. Polls so acknowledgements below show up without reloading.
 */
export function DirectivePage({ directiveId, trail }: { directiveId: string; trail: readonly string[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const unitId = trail.at(-1);
  const me = useMe().data ?? null;
  const overview = useQuery(
    trpc.directives.overview.queryOptions(unitId === undefined ? { directiveId } : { directiveId, unitId }, {
      refetchInterval: overviewRefetchInterval,
    }),
  );
  return (
    <div className="page directive-page">
      <Breadcrumb directiveId={directiveId} trail={trail} />
      <h1 id="page-title" tabIndex={-1}>
        {overview.data ? `${t('overview.title')}: ${overview.data.unit.name}` : t('overview.title')}
      </h1>
      {overview.isPending ? <Loading /> : null}
      {overview.isError ? <ErrorNotice error={overview.error} onRetry={() => void overview.refetch()} /> : null}
      {overview.isSuccess && trail.length === 0 && actsFor(me, overview.data.directive.issuerUnitId) ? (
        <div className="issuer-actions button-row">
          <AmendDeadline directive={overview.data.directive} />
          <RecallDirective directive={overview.data.directive} />
        </div>
      ) : null}
      {overview.isSuccess && me !== null && canReadCompiledReport(me.roles, overview.data.directive) ? (
        <p className="compiled-link">
          <a className="button button--secondary" href={hrefFor({ name: 'compiled', directiveId })} data-testid="compiled-link">
            {t('compiled.link')}
          </a>
        </p>
      ) : null}
      {overview.isSuccess && overview.data.directive.workflowUrl ? (
        <p className="operator-link">
          <a href={overview.data.directive.workflowUrl} target="_blank" rel="noopener noreferrer" data-testid="temporal-link">
            {t('overview.temporalLink')}
          </a>
        </p>
      ) : null}
      {overview.isSuccess ? (
        <>
          <OverviewPanel overview={overview.data} trail={trail} updatedAt={overview.dataUpdatedAt} heading="h2" />
          {/* Drilled down to a unit that was assigned the directive: its own reports. */}
          {trail.length > 0 && overview.data.own ? <UnitReportsPanel overview={overview.data} /> : null}
          {/* Reports of the units below are reviewed by the unit that assigned them: only its own people see the queue. */}
          {actsFor(me, overview.data.unit.id) && overview.data.children.length > 0 ? (
            <>
              <ReviewQueue overview={overview.data} />
              <ChildRequests overview={overview.data} />
              {overview.data.own && !isTerminal(overview.data.own.state) ? (
                <ChildDeadline own={overview.data.own} />
              ) : null}
            </>
          ) : null}
          <RollupPanel overview={overview.data} trail={trail} />
          {overview.data.children.length > 0 ? <TrendPanel overview={overview.data} /> : null}
        </>
      ) : null}
    </div>
  );
}

function Breadcrumb({ directiveId, trail }: { directiveId: string; trail: readonly string[] }) {
  const { t } = useTranslation();
  // Home, then the signed-in unit, then each unit drilled into; the last is this page.
  const steps = [null, ...trail.map((_, i) => trail.slice(0, i + 1))];
  return (
    <nav className="breadcrumb" aria-label={t('overview.breadcrumb')}>
      <ol>
        <li>
          <a href={hrefFor({ name: 'home' })}>{t('home.title')}</a>
        </li>
        {steps.map((path, i) => {
          const stepTrail = path ?? [];
          const current = i === steps.length - 1;
          return (
            <li key={stepTrail.join('/') || '(own)'}>
              <Crumb directiveId={directiveId} trail={stepTrail} current={current} />
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** A unit's name for the breadcrumb; the query is the same one its page uses, so it is usually cached. */
function Crumb({ directiveId, trail, current }: { directiveId: string; trail: readonly string[]; current: boolean }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const unitId = trail.at(-1);
  const me = useMe().data ?? null;
  const overview = useQuery(
    trpc.directives.overview.queryOptions(unitId === undefined ? { directiveId } : { directiveId, unitId }, { staleTime: 60_000 }),
  );
  const name = overview.data?.unit.name ?? unitId ?? t('app.loading');
  if (current) return <span aria-current="page">{name}</span>;
  return <a href={hrefFor({ name: 'directive', directiveId, trail })}>{name}</a>;
}

/** The server decides every action again; this only hides buttons the user could not use. */
function actsFor(me: Me | null, unitId: string): boolean {
  return me !== null && canActOn(me.roles, unitId);
}
