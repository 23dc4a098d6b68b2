import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Inputs, Outputs } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { SelectFilter } from '../components/Finder';
import { Icon, type IconName } from '../components/Icon';
import { ListTable } from '../components/Table';
import { formatDateTime } from '../lib/format';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';
import { ExplanationAsk } from './directive/ChildRequests';
import { ESCALATION_PAGE_SIZE, inboxRefreshInterval } from './escalations';

type Row = Outputs['escalations']['list']['items'][number];
type Filters = Omit<NonNullable<Inputs['escalations']['list']>, 'offset' | 'limit'>;

const STATE_ICONS: Record<Row['state'], IconName> = { open: 'alert', seen: 'eye', resolved: 'check' };
const LEVELS = ['parent', 'province'] as const;
const REASONS = ['acknowledge_overdue', 'report_overdue', 'progress_overdue', 'task_overdue', 'behind_target'] as const;

/**
 * "Đơn vị chậm, quá hạn cần đôn đốc": the escalations addressed to the units the user acts for, on a
 * page of their own (on the home page they buried a province's directives under dozens of cards).
 * Filtered and paged by the API; each row names its công văn and unit with links, and offers what an
 * official does next: urge (đôn đốc), ask to explain (yêu cầu giải trình), mark handled (đã xử lý).
 */
export function EscalationsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // Not yet handled by default: what still needs someone to act.
  const [filters, setFilters] = useState<Filters>({ state: 'open' });
  const [offset, setOffset] = useState(0);
  const [shownAt] = useState(() => Date.now());
  const directives = useQuery(trpc.directives.list.queryOptions());
  const page = useQuery(
    trpc.escalations.list.queryOptions(
      { ...filters, offset, limit: ESCALATION_PAGE_SIZE },
      { refetchInterval: () => inboxRefreshInterval(Date.now() - shownAt), placeholderData: (previous) => previous },
    ),
  );
  const change = (patch: Partial<Filters>) => {
    const next: Filters = { ...filters, ...patch };
    for (const key of Object.keys(next) as Array<keyof Filters>) if (next[key] === undefined) delete next[key];
    setFilters(next);
    setOffset(0);
  };
  const total = page.data?.total ?? 0;
  return (
    <div className="page escalations-page">
      <p className="no-print">
        <a href={hrefFor({ name: 'home' })}>{t('escalations.back')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('escalations.title')}
      </h1>
      <p className="muted">{t('escalations.intro')}</p>
      <form className="escalations__filters" role="search" aria-label={t('escalations.filters')} onSubmit={(e) => e.preventDefault()} data-testid="escalation-filters">
        <SelectFilter
          label={t('escalations.filterDirective')}
          value={filters.directiveId ?? ''}
          onChange={(v) => change({ directiveId: v || undefined })}
          options={(directives.data ?? []).map((d) => [d.id, `${d.reference} — ${d.subject}`] as const)}
          anyLabel={t('escalations.allDirectives')}
          testId="filter-directive"
        />
        <SelectFilter
          label={t('escalations.state')}
          value={filters.state ?? ''}
          onChange={(v) => change({ state: (v || undefined) as Filters['state'] })}
          options={[
            ['open', t('escalations.filterOpen')],
            ['handled', t('escalations.filterHandled')],
          ]}
          anyLabel={t('escalations.filterAll')}
          testId="filter-state"
        />
        <SelectFilter
          label={t('escalations.filterLevel')}
          value={filters.level ?? ''}
          onChange={(v) => change({ level: (v || undefined) as Filters['level'] })}
          options={LEVELS.map((level) => [level, t(`escalations.level.${level}`)] as const)}
          anyLabel={t('escalations.allLevels')}
          testId="filter-level"
        />
        <SelectFilter
          label={t('escalations.reason')}
          value={filters.reason ?? ''}
          onChange={(v) => change({ reason: (v || undefined) as Filters['reason'] })}
          options={REASONS.map((reason) => [reason, t(`escalations.reasons.${reason}`)] as const)}
          anyLabel={t('escalations.allReasons')}
          testId="filter-reason"
        />
      </form>
      {page.isPending ? <Loading /> : null}
      {page.isError ? <ErrorNotice error={page.error} onRetry={() => void page.refetch()} /> : null}
      {page.isSuccess ? (
        <>
          <p className="escalations__count" aria-live="polite" data-testid="escalation-count" data-total={total}>
            {total === 0
              ? t('escalations.empty')
              : t('escalations.showing', { from: page.data.offset + 1, to: page.data.offset + page.data.items.length, total })}
          </p>
          {page.data.items.length > 0 ? (
            <ListTable
              className="children escalations__table"
              caption={t('escalations.caption')}
              columns={[
                t('escalations.unit'),
                t('escalations.directive'),
                t('escalations.reason'),
                t('escalations.raisedAt'),
                t('escalations.dueAt'),
                t('escalations.state'),
                t('escalations.actions'),
              ]}
            >
              {page.data.items.map((e) => (
                <EscalationRow key={e.id} escalation={e} />
              ))}
            </ListTable>
          ) : null}
          {total > ESCALATION_PAGE_SIZE ? (
            <nav className="pager button-row" aria-label={t('escalations.pages')}>
              <button type="button" className="button button--secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - ESCALATION_PAGE_SIZE))} data-testid="page-previous">
                {t('escalations.previous')}
              </button>
              <span className="muted">{t('escalations.pageOf', { page: Math.floor(offset / ESCALATION_PAGE_SIZE) + 1, pages: Math.ceil(total / ESCALATION_PAGE_SIZE) })}</span>
              <button
                type="button"
                className="button button--secondary"
                disabled={offset + ESCALATION_PAGE_SIZE >= total}
                onClick={() => setOffset(offset + ESCALATION_PAGE_SIZE)}
                data-testid="page-next"
              >
                {t('escalations.next')}
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function EscalationRow({ escalation: e }: { escalation: Row }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const markSeen = useMutation(trpc.escalations.markSeen.mutationOptions());
  const resolve = useMutation(trpc.escalations.resolve.mutationOptions());
  const [asked, setAsked] = useState<string | null>(null);
  const busy = markSeen.isPending || resolve.isPending;
  const rowId = useId();
  const open = e.state !== 'resolved';
  return (
    <tr role="row" data-testid={`escalation-${e.id}`} data-state={e.state}>
      <th scope="row" role="rowheader" id={rowId} data-label={t('escalations.unit')}>
        <a href={hrefFor({ name: 'directive', directiveId: e.directiveId, trail: [e.unitId] })} className="children__link">
          {e.unitName}
        </a>
      </th>
      <td role="cell" data-label={t('escalations.directive')}>
        <a href={hrefFor({ name: 'directive', directiveId: e.directiveId, trail: [] })} data-testid="escalation-directive">
          {e.directive.reference}
        </a>
        {e.directive.subject ? <span className="escalations__subject muted"> {e.directive.subject}</span> : null}
      </td>
      <td role="cell" data-label={t('escalations.reason')}>
        {t(`escalations.reasons.${e.reason}`)}
        <br />
        <span className="muted">{t(`escalations.level.${e.level}`)}</span>
      </td>
      <td role="cell" data-label={t('escalations.raisedAt')}>
        <time dateTime={e.raisedAt}>{formatDateTime(e.raisedAt)}</time>
        {e.enteredAfterDeadline ? (
          <small className="escalations__note muted" data-testid="entered-after-deadline">
            {' '}
            {t('escalations.enteredAfterDeadline')}
          </small>
        ) : null}
      </td>
      <td role="cell" data-label={t('escalations.dueAt')}>
        <time dateTime={e.dueAt}>{formatDateTime(e.dueAt)}</time>
        {e.overdue ? (
          <span className="escalations__overdue" data-testid="escalation-overdue">
            {t(e.overdue.counted === 'workingDays' ? 'standing.overdueWorking' : 'standing.overdue', { count: e.overdue.days })}
          </span>
        ) : null}
      </td>
      <td role="cell" data-label={t('escalations.state')}>
        <span className={`state state--escalation-${e.state}`}>
          <Icon name={STATE_ICONS[e.state]} />
          <span className="state__label">{t(`escalations.states.${e.state}`)}</span>
        </span>
      </td>
      <td role="cell" data-label={t('escalations.actions')}>
        {open ? (
          <div className="button-row">
            <a className="button button--secondary" href={hrefFor({ name: 'urging', directiveId: e.directiveId })} aria-describedby={rowId} data-testid="escalation-urge">
              {t('escalations.urge')}
            </a>
            {e.state === 'open' ? (
              <button type="button" className="button button--secondary" disabled={busy} aria-describedby={rowId} onClick={() => markSeen.mutate({ id: e.id })}>
                {t('escalations.markSeen')}
              </button>
            ) : null}
            <button type="button" className="button button--primary" disabled={busy} aria-describedby={rowId} onClick={() => resolve.mutate({ id: e.id })} data-testid="escalation-resolve">
              {t('escalations.resolve')}
            </button>
          </div>
        ) : (
          '—'
        )}
        {open && e.mayRequestExplanation ? (
          asked ? (
            <p className="notice notice--success" role="status">
              {asked}
            </p>
          ) : (
            <ExplanationAsk assignmentId={e.assignmentId} unitName={e.unitName} titleId={rowId} onDone={setAsked} />
          )
        ) : null}
        {markSeen.isError ? <ErrorNotice error={markSeen.error} /> : null}
        {resolve.isError ? <ErrorNotice error={resolve.error} /> : null}
      </td>
    </tr>
  );
}
