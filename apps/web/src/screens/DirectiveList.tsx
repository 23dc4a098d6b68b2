import { canReadCompiledReport, unitDisplayName } from '@chidao/domain';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DirectiveSummary, Me } from '../api';
import { CardSection } from '../components/Card';
import { AckRatio } from '../components/Progress';
import { ListTable } from '../components/Table';
import { formatDate, formatNumber } from '../lib/format';
import { chartedRate, formatRatePercent } from '../lib/rates';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';
import { overviewRefetchInterval } from './overview';

/**
 * The province's and the coordinator's list of directives with their standing: acknowledged,
 * overdue, and the goal rate against its target across the whole issuing unit. Only directives whose
 * compiled report the user reads (they coordinate it, or lead the issuer) are listed.
 */
export function DirectiveList({ me, directives }: { me: Me; directives: readonly DirectiveSummary[] }) {
  const { t } = useTranslation();
  const mine = directives.filter((d) => canReadCompiledReport(me.roles, d));
  if (mine.length === 0) return null;
  return (
    <CardSection className="directive-list" titleId="directive-list-title" title={t('directives.title')} testId="directive-list">
      <ListTable
        className="children"
        caption={t('directives.caption')}
        columns={[t('directives.reference'), t('directives.acknowledged'), t('directives.overdue'), t('directives.rate'), t('directives.actions')]}
      >
        {mine.map((d) => (
          <DirectiveRow key={d.id} me={me} directive={d} />
        ))}
      </ListTable>
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
        <span className="directive-list__reference">{directive.reference}</span>
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
