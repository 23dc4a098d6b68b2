import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Overview, RateDefView, RollupChild, RollupResult } from '../api';
import { CardSection } from '../components/Card';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Icon } from '../components/Icon';
import { UnitNameCell } from '../components/Table';
import { formatNumber } from '../lib/format';
import { barWidth, chartedRate, formatRatePercent } from '../lib/rates';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';

/** Reports arrive and get reviewed while the page is open; the figures follow. */
const ROLLUP_REFRESH_MS = 5_000;

/**
 * "Kết quả thực hiện": the figures below one unit, its child units ranked by the directive's goal
 * rate, and a bar chart of the charted rate against its target.
 */
export function RollupPanel({ overview, trail }: { overview: Overview; trail: readonly string[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  const { directive, unit } = overview;
  const rollup = useQuery(
    trpc.directives.rollup.queryOptions({ directiveId: directive.id, unitId: unit.id }, { refetchInterval: ROLLUP_REFRESH_MS }),
  );
  return (
    <CardSection className="rollup" titleId={titleId} title={t('rollup.title')} testId="rollup" unitId={unit.id}>
      {rollup.isPending ? <Loading /> : null}
      {rollup.isError ? <ErrorNotice error={rollup.error} onRetry={() => void rollup.refetch()} /> : null}
      {rollup.isSuccess ? <RollupBody data={rollup.data} overview={overview} trail={trail} /> : null}
    </CardSection>
  );
}

function RollupBody({ data, overview, trail }: { data: RollupResult; overview: Overview; trail: readonly string[] }) {
  const { t } = useTranslation();
  const captionId = useId();
  const { metrics, rates, rollup } = data;
  const { directive, unit } = overview;
  if (rates.length === 0 && metrics.length === 0) return <p className="empty">{t('rollup.noRates')}</p>;
  // The same rate the server ranks by: the directive's goal.
  const first = chartedRate(rates);
  const drillable = new Set(overview.children.filter((c) => c.below.total > 0 || c.own !== null).map((c) => c.id));
  return (
    <>
      <p className="rollup__summary" data-testid="rollup-summary">
        <span>{t('rollup.reportedCount', { reported: formatNumber(rollup.reported), expected: formatNumber(rollup.expected) })}</span>
        {rates.map((rate) => (
          <span key={rate.key}>
            {' · '}
            {rate.label}: <strong>{formatRatePercent(rollup.rates[rate.key]?.percent)}</strong>
          </span>
        ))}
        {rollup.pendingReview ? (
          <>
            {' · '}
            <PendingMarker />
          </>
        ) : null}
      </p>
      {rollup.children.length === 0 ? (
        <p className="empty">{t('rollup.noChildren')}</p>
      ) : (
        <>
          <div className="table-wrap">
            {/* The heading outside the table names it: a caption may not hold a heading. */}
            <h3 className="children__caption" id={captionId}>
              {t('rollup.caption', { unit: unit.name, rate: first?.label ?? '' })}
            </h3>
            <table className="children rollup__table" aria-labelledby={captionId}>
              <thead>
                <tr>
                  <th scope="col">{t('rollup.rank')}</th>
                  <th scope="col">{t('rollup.unit')}</th>
                  {metrics.map((m) => (
                    <th key={m.key} scope="col" className="num">
                      {m.label}
                    </th>
                  ))}
                  {rates.map((r) => (
                    <th key={r.key} scope="col" className="num">
                      {r.label}
                    </th>
                  ))}
                  <th scope="col">{t('rollup.reported')}</th>
                </tr>
              </thead>
              <tbody>
                {rollup.children.map((child) => (
                  <RollupRow
                    key={child.unitId}
                    child={child}
                    data={data}
                    href={drillable.has(child.unitId) ? hrefFor({ name: 'directive', directiveId: directive.id, trail: [...trail, child.unitId] }) : null}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {chartedRate(rates) ? <RateChart rate={chartedRate(rates)!} rows={rollup.children} /> : null}
        </>
      )}
    </>
  );
}

function PendingMarker() {
  const { t } = useTranslation();
  return (
    <span className="marker marker--pending" data-testid="pending-marker">
      <Icon name="clock" /> {t('rollup.pending')}
    </span>
  );
}

function RollupRow({ child, data, href }: { child: RollupChild; data: RollupResult; href: string | null }) {
  const { t } = useTranslation();
  return (
    <tr data-testid={`rollup-${child.unitId}`} data-rank={child.rank ?? ''} data-pending={child.pendingReview ? 'true' : 'false'}>
      <td data-label={t('rollup.rank')} className="rollup__rank">
        {child.rank !== null ? formatNumber(child.rank) : <span title={t('rollup.noRank')}>—<span className="visually-hidden">{t('rollup.noRank')}</span></span>}
      </td>
      <UnitNameCell label={t('rollup.unit')} name={child.name} href={href} />
      {data.metrics.map((m) => (
        <td key={m.key} data-label={m.label} className="num">
          {child.reported > 0 ? formatNumber(child.figures[m.key] ?? 0) : '—'}
        </td>
      ))}
      {data.rates.map((r) => (
        <td key={r.key} data-label={r.label} className="num" data-rate={r.key}>
          {formatRatePercent(child.rates[r.key]?.percent)}
        </td>
      ))}
      <td data-label={t('rollup.reported')}>
        <span className="rollup__reported">{t('rollup.reportedCount', { reported: formatNumber(child.reported), expected: formatNumber(child.expected) })}</span>
        {child.pendingReview ? (
          <>
            {' '}
            <PendingMarker />
          </>
        ) : null}
      </td>
    </tr>
  );
}

/** Plain CSS bars: each child's rate, with the target as a line across them. Numbers are in the text too. */
function RateChart({ rate, rows }: { rate: RateDefView; rows: readonly RollupChild[] }) {
  const { t } = useTranslation();
  const target = rate.targetPercent;
  return (
    <figure className="rate-chart" data-testid="rate-chart">
      <figcaption>
        <h3 className="rate-chart__title">{t('rollup.chartTitle', { rate: rate.label })}</h3>
        <p className="muted">
          {target !== undefined ? (
            <>
              <span className="rate-chart__legend-line" aria-hidden="true" /> {t('rollup.chartTarget', { percent: formatRatePercent(target) })}
            </>
          ) : (
            t('rollup.chartNoTarget')
          )}
        </p>
      </figcaption>
      <ul className="rate-chart__rows">
        {rows.map((child) => {
          const percent = child.rates[rate.key]?.percent ?? null;
          const met = target !== undefined && percent !== null ? percent >= target : null;
          return (
            <li key={child.unitId} className="rate-chart__row" data-testid={`chart-${child.unitId}`}>
              <span className="rate-chart__name">{child.name}</span>
              <span className="rate-chart__track" aria-hidden="true">
                <span className={`rate-chart__bar${met === false ? ' rate-chart__bar--below' : ''}`} style={{ width: `${barWidth(percent)}%` }} />
                {target !== undefined ? <span className="rate-chart__target" style={{ left: `${barWidth(target)}%` }} /> : null}
              </span>
              <span className="rate-chart__value">
                {formatRatePercent(percent)}
                {met !== null ? (
                  <span className={`rate-chart__status rate-chart__status--${met ? 'met' : 'below'}`}>
                    {' '}
                    <Icon name={met ? 'check' : 'alert'} /> {met ? t('rollup.atTarget') : t('rollup.belowTarget')}
                  </span>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
