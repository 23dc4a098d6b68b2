import { canActOn, canDecideReorganisation, canReadCompiledReport, isTerminal } from '@chidao/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, Overview, OverviewChild } from '../../api';
import { DownloadFile } from '../../components/DownloadFile';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { hrefFor } from '../../lib/route';
import { useStaleWhenChanged } from '../../lib/useStaleWhenChanged';
import { useMe } from '../../session';
import { useTRPC } from '../../trpc';
import { AmendAcknowledgement } from './AmendAcknowledgement';
import { AmendDeadline } from './AmendDeadline';
import { ChildDeadline } from './ChildDeadline';
import { ChildRequests } from './ChildRequests';
import { AdjustmentDecisions } from './AdjustmentDecisions';
import { EndProgressReports } from './EndProgressReports';
import { ChainBelow, ImplementButton, ImplementsNote } from './Chain';
import { ForwardTask } from './ForwardTask';
import { reassignDraftName, ReassignTask } from './ReassignTask';
import { deviceDrafts } from '../../device';
import { keptDraftForms } from '../../lib/drafts';
import { ReorganisationDecisions } from './ReorganisationDecisions';
import { RecallDirective } from './RecallDirective';
import { ReviewQueue } from './ReviewQueue';
import { RollupPanel } from '../RollupPanel';
import { TrendPanel } from '../TrendPanel';
import { UnitReportsPanel } from '../UnitReportsPanel';
import { overviewRefetchInterval } from '../overview';
import { OverviewPanel } from '../OverviewPanel';

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
      {overview.isSuccess ? <ImplementsNote overview={overview.data} /> : null}
      {overview.isSuccess ? (
        <p className="document-link">
          <a
            className="button button--secondary"
            href={hrefFor({ name: 'document', directiveId })}
            aria-label={t('document.linkFor', { reference: overview.data.directive.reference })}
            data-testid="document-link"
          >
            {t('document.link')}
          </a>
        </p>
      ) : null}
      {overview.isPending ? <Loading /> : null}
      {overview.isError ? <ErrorNotice error={overview.error} onRetry={() => void overview.refetch()} /> : null}
      {overview.isSuccess && trail.length === 0 && actsFor(me, overview.data.directive.issuerUnitId) ? (
        <div className="issuer-actions button-row">
          <AmendDeadline directive={overview.data.directive} />
          <AmendAcknowledgement directive={overview.data.directive} />
          {overview.data.periodic ? <EndProgressReports directive={overview.data.directive} /> : null}
          <RecallDirective directive={overview.data.directive} />
        </div>
      ) : null}
      {overview.isSuccess && trail.length === 0 && me !== null && me.mayIssue && me.unitId === overview.data.directive.issuerUnitId ? (
        <>
          <AdjustmentDecisions directiveId={directiveId} />
          {/* The directive as a package for another document-management system (QCVN 102:2016/BTTTT). */}
          <p className="compiled-link">
            <DownloadFile request={{ name: 'edxml', query: { directiveId } }} label={t('overview.exportEdxml')} testId="export-edxml" />
          </p>
        </>
      ) : null}
      {overview.isSuccess && trail.length === 0 && me !== null && canDecideReorganisation(me.roles, overview.data.directive) ? (
        <ReorganisationDecisions directiveId={directiveId} />
      ) : null}
      {overview.isSuccess && me !== null && canReadCompiledReport(me.roles, overview.data.directive) ? (
        <p className="compiled-link">
          <a className="button button--secondary" href={hrefFor({ name: 'compiled', directiveId })} data-testid="compiled-link">
            {t('compiled.link')}
          </a>
        </p>
      ) : null}
      {overview.isSuccess && overview.data.own !== null && overview.data.hasUnitsBelow ? (
        // A unit that received the directive and passed it down (a district of 2020): its report of the units below.
        <p className="compiled-link button-row" data-testid="progress-report">
          <a className="button button--secondary" href={hrefFor({ name: 'progress', directiveId, unitId: overview.data.unit.id })} data-testid="progress-link">
            {t('compiled.progress.link')}
          </a>
          <DownloadFile request={{ name: 'progress', query: { directiveId, unitId: overview.data.unit.id } }} label={t('compiled.progress.download')} />
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
          <AssignerView overview={overview.data} trail={trail} updatedAt={overview.dataUpdatedAt} me={me} />
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
          {/* A unit that received it and may issue to units below it carries it out with a directive of its own. */}
          {me !== null && me.mayIssue && me.unitId === overview.data.unit.id && overview.data.own && !isTerminal(overview.data.own.state) ? (
            <ImplementButton overview={overview.data} me={me} />
          ) : null}
          {overview.data.children.length > 0 ? <ChainBelow overview={overview.data} trail={trail} /> : null}
          {/* Its own people hand the unit's task down to the units below it (shown when there are any). */}
          {actsFor(me, overview.data.unit.id) && overview.data.own && !isTerminal(overview.data.own.state) ? <ForwardTask own={overview.data.own} /> : null}
          {/* While the directive is still being delivered there is nothing to report yet ("0 / 0 đã báo cáo"). */}
          {overview.data.delivery ? null : <RollupPanel overview={overview.data} trail={trail} />}
          {overview.data.children.length > 0 ? <TrendPanel overview={overview.data} /> : null}
        </>
      ) : null}
    </div>
  );
}

/**
 * The overview, and for the people of the unit that assigned a child's task (the parent unit, or the
 * issuer for what it delivered itself) a "Giao lại" action on that child's row, opening the form below.
 */
function AssignerView({ overview, trail, updatedAt, me }: { overview: Overview; trail: readonly string[]; updatedAt: number; me: Me | null }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const unitId = overview.unit.id;
  // A reassignment left half-written (a reload, a closed tab) opens again on its row, with its reason.
  const [moving, setMoving] = useState<string | null>(() => {
    const kept = me === null ? [] : keptDraftForms(deviceDrafts, me.id, 'reassign:');
    return overview.children.find((child) => kept.includes(reassignDraftName(overview.directive.id, child.id)))?.id ?? null;
  });
  const mayAssign = actsFor(me, unitId) && overview.children.length > 0;
  const below = useQuery({ ...trpc.directives.subordinates.queryOptions({ directiveId: overview.directive.id, unitId }), enabled: mayAssign });
  // Who holds what below is read again when the rows change: a forwarded task reaches the units one by
  // one (read when the first arrived, the others would never get their button), and tasks move.
  useStaleWhenChanged({ path: 'directives.subordinates', input: { directiveId: overview.directive.id, unitId } }, [
    overview.children.map((child) => `${child.id}:${child.own ?? ''}`).join(' '),
  ]);
  const assignedHere = (child: OverviewChild): boolean => {
    // A unit whose own units below still work on it is not moved (the server refuses it too).
    if (child.own === null || isTerminal(child.own) || child.below.total > 0) return false;
    const held = below.data?.find((u) => u.id === child.id);
    if (!held) return false;
    return (held.parentUnitId ?? overview.directive.issuerUnitId) === unitId;
  };
  const movingChild = overview.children.find((c) => c.id === moving) ?? null;
  const close = (childId: string) => {
    setMoving(null);
    // Back to the row's button (gone when the move succeeded: then the page's title).
    requestAnimationFrame(() => (document.getElementById(`reassign-${childId}`) ?? document.getElementById('page-title'))?.focus());
  };
  const rowAction =
    // Only where some unit below is free to take a task over (the form offers the units directly below).
    mayAssign && below.isSuccess && below.data.some((u) => u.state === null) && overview.children.some(assignedHere)
      ? (child: OverviewChild) =>
          assignedHere(child) ? (
            <button
              type="button"
              id={`reassign-${child.id}`}
              className="button button--secondary"
              aria-label={t('reassign.buttonFor', { unit: child.name })}
              aria-expanded={moving === child.id}
              onClick={() => setMoving(child.id)}
              data-testid={`reassign-${child.id}`}
            >
              {t('reassign.button')}
            </button>
          ) : null
      : undefined;
  return (
    <>
      <OverviewPanel overview={overview} trail={trail} updatedAt={updatedAt} heading="h2" {...(rowAction ? { rowAction } : {})} />
      {movingChild && below.isSuccess ? (
        <ReassignTask key={movingChild.id} directiveId={overview.directive.id} child={movingChild} candidates={below.data} onClose={() => close(movingChild.id)} />
      ) : null}
    </>
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
