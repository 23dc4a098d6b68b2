import { canReadCompiledReport, unitDisplayName } from '@chidao/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectiveSummary, Me } from '../api';
import { CardSection } from '../components/Card';
import { DirectiveName } from '../components/DirectiveName';
import { ErrorNotice } from '../components/ErrorNotice';
import { dayOf, DayFilter, FinderBar, Pager, SearchField } from '../components/Finder';
import { AckRatio } from '../components/Progress';
import { ListTable } from '../components/Table';
import { formatDate, formatNumber } from '../lib/format';
import { chartedRate, formatRatePercent } from '../lib/rates';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';
import { overviewRefetchInterval } from './overview';

/** Rows per page: each row asks for its overview and rollup, so a page stays short. */
const DIRECTIVES_PAGE_SIZE = 10;

/**
 * The province's and the coordinator's list of directives with their standing: acknowledged,
 * overdue, and the goal rate against its target across the whole issuing unit. Only directives whose
 * compiled report the user reads (they coordinate it, or lead the issuer) are listed; found by words
 * and dates, a page at a time (directives.search).
 */
export function DirectiveList({ me }: { me: Me }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [filters, setFilters] = useState({ query: '', from: '', to: '' });
  const [page, setPage] = useState(1);
  const query = useDeferredValue(filters.query.trim());
  const [from, to] = [dayOf(filters.from), dayOf(filters.to)];
  const found = useQuery(
    trpc.directives.search.queryOptions(
      { compiledOnly: true, page, pageSize: DIRECTIVES_PAGE_SIZE, ...(query ? { query } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) },
      { placeholderData: keepPreviousData },
    ),
  );
  const set = (change: Partial<typeof filters>) => {
    setFilters({ ...filters, ...change });
    setPage(1);
  };
  const active = filters.query !== '' || filters.from !== '' || filters.to !== '';
  const data = found.data;
  if (found.isError) return <ErrorNotice error={found.error} onRetry={() => void found.refetch()} />;
  // Nothing to compile and nothing being looked for: no empty section.
  if (!data || (data.total === 0 && !active)) return null;
  return (
    <CardSection className="directive-list" titleId="directive-list-title" title={t('directives.title')} testId="directive-list">
      <FinderBar testId="directive-finder" active={active} onClear={() => set({ query: '', from: '', to: '' })}>
        <SearchField value={filters.query} onChange={(v) => set({ query: v })} hint={t('find.searchDirectivesHint')} testId="directive-search" />
        <DayFilter label={t('find.from')} value={filters.from} onChange={(v) => set({ from: v })} testId="directive-from" />
        <DayFilter label={t('find.to')} value={filters.to} onChange={(v) => set({ to: v })} testId="directive-to" />
      </FinderBar>
      {data.total === 0 ? (
        <p className="empty" role="status">
          {t('find.nothing')}
        </p>
      ) : (
        <ListTable
          className="children"
          caption={t('directives.caption')}
          columns={[t('directives.reference'), t('directives.acknowledged'), t('directives.overdue'), t('directives.rate'), t('directives.actions')]}
        >
          {data.items.map((d) => (
            <DirectiveRow key={d.id} me={me} directive={d} />
          ))}
        </ListTable>
      )}
      {data.pages > 1 ? <Pager page={data.page} pages={data.pages} total={data.total} onPage={setPage} testId="directive-pager" /> : null}
    </CardSection>
  );
}

function DirectiveRow({ me, directive }: { me: Me; directive: DirectiveSummary }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // Seen from the issuing unit: the coordinator's own unit has nothing below it.
  const at = { directiveId: directive.id, unitId: directive.issuerUnitId };
  const overview = useQuery(trpc.directives.overview.queryOptions(at, { refetchInterval: overviewRefetchInterval }));
  const rollup = useQuery(trpc.directives.rollup.queryOptions(at, { refetchInterval: 10_000 }));
  const trail = me.unitId === directive.issuerUnitId ? [] : [directive.issuerUnitId];
  const rate = rollup.data ? chartedRate(rollup.data.rates) : null;
  const value = rate && rollup.data ? (rollup.data.rollup.rates[rate.key] ?? null) : null;
  const met = rate?.targetPercent !== undefined && value?.percent != null ? value.percent >= rate.targetPercent : null;
  return (
    <tr role="row" data-testid={`directive-${directive.id}`}>
      <th scope="row" role="rowheader" data-label={t('directives.reference')}>
        <span className="directive-list__reference">
          <DirectiveName directive={directive} />
        </span>
        <span className="directive-list__subject">{directive.subject}</span>
        <span className="muted">
          {formatDate(directive.date)} · {unitDisplayName(directive.issuerName)}
        </span>
      </th>
      <td role="cell" data-label={t('directives.acknowledged')}>
        <AckRatio count={{ acknowledged: directive.acknowledgedCount, total: directive.assignmentCount }} />
      </td>
      <td role="cell" data-label={t('directives.overdue')} data-testid="directive-overdue">
        {overview.data ? (overview.data.overdueBelow > 0 ? t('directives.overdueCount', { count: overview.data.overdueBelow }) : t('directives.none')) : '…'}
      </td>
      <td role="cell" data-label={t('directives.rate')} data-testid="directive-rate">
        {value ? (
          <>
            {formatRatePercent(value.percent)}
            {rate?.targetPercent !== undefined ? ` / ${formatRatePercent(rate.targetPercent)}` : null}
            {met !== null ? ` (${met ? t('rollup.atTarget') : t('rollup.belowTarget')})` : null}
            <span className="visually-hidden"> {rate?.label}</span>
          </>
        ) : (
          '…'
        )}
        {rollup.data ? (
          <span className="muted directive-list__reported">
            {' '}
            · {t('rollup.reportedCount', { reported: formatNumber(rollup.data.rollup.reported), expected: formatNumber(rollup.data.rollup.expected) })}
          </span>
        ) : null}
      </td>
      <td role="cell" data-label={t('directives.actions')} className="directive-list__actions">
        <a href={hrefFor({ name: 'directive', directiveId: directive.id, trail })}>{t('directives.open')}</a>
        <a href={hrefFor({ name: 'compiled', directiveId: directive.id })} data-testid="directive-compiled-link">
          {t('compiled.link')}
        </a>
      </td>
    </tr>
  );
}
