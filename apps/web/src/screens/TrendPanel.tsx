import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Overview, Trend } from '../api';
import { CardSection } from '../components/Card';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { formatDate } from '../lib/format';
import { formatRatePercent } from '../lib/rates';
import { chartX, chartY, TREND_CHART } from '../lib/trend';
import { useTRPC } from '../trpc';

/** Reports arrive while the page is open; the line follows. */
const TREND_REFRESH_MS = 10_000;

/**
 * The directive's goal rate over time, seen from one unit: its own line (bold), each child's
 * (thin; one can be highlighted), the target as a dashed line. Hand-drawn SVG like the bar chart,
 * with the figures in a table beside it for screen readers and for reading exact values.
 */
export function TrendPanel({ overview }: { overview: Overview }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  const { directive, unit } = overview;
  const trend = useQuery(trpc.trends.rate.queryOptions({ directiveId: directive.id, unitId: unit.id }, { refetchInterval: TREND_REFRESH_MS }));
  return (
    <CardSection className="trend" titleId={titleId} title={t('trend.title')} testId="trend" unitId={unit.id}>
      {trend.isPending ? <Loading /> : null}
      {trend.isError ? <ErrorNotice error={trend.error} onRetry={() => void trend.refetch()} /> : null}
      {trend.isSuccess ? <TrendBody trend={trend.data} unitName={unit.name} /> : null}
    </CardSection>
  );
}

function TrendBody({ trend, unitName }: { trend: Trend; unitName: string }) {
  const { t } = useTranslation();
  const selectId = useId();
  const [highlight, setHighlight] = useState<string>('');
  if (trend.rateKey === null) return <p className="empty">{t('rollup.noRates')}</p>;
  if (trend.points.length === 0) return <p className="empty">{t('trend.empty')}</p>;
  const { width, height, left, right, top, bottom } = TREND_CHART;
  const n = trend.points.length;
  const x = (i: number) => chartX(i, n);
  const path = (values: readonly (number | null)[]) => {
    let d = '';
    let pen = false;
    values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${chartY(v).toFixed(1)} `;
      pen = true;
    });
    return d.trim();
  };
  const own = trend.points.map((p) => p.percent);
  const highlighted = trend.children.find((c) => c.unitId === highlight) ?? null;
  const rateLabel = trend.rateLabel ?? '';
  return (
    <figure className="trend-chart" data-testid="trend-chart" data-points={n}>
      <div className="trend-chart__controls">
        <label htmlFor={selectId}>{t('trend.highlight')}</label>
        <select id={selectId} value={highlight} onChange={(e) => setHighlight(e.target.value)}>
          <option value="">{t('trend.none')}</option>
          {trend.children.map((c) => (
            <option key={c.unitId} value={c.unitId}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('trend.chartLabel', { rate: rateLabel, unit: unitName })} className="trend-chart__svg">
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v}>
            <line x1={left} x2={width - right} y1={chartY(v)} y2={chartY(v)} className="trend-chart__grid" />
            <text x={left - 6} y={chartY(v) + 4} textAnchor="end" className="trend-chart__axis">
              {formatRatePercent(v).replace(',0', '')}
            </text>
          </g>
        ))}
        {trend.points.map((p, i) => (
          <text key={p.date} x={x(i)} y={height - bottom + 18} textAnchor="middle" className="trend-chart__axis">
            {formatDate(p.date).slice(0, 5)}
          </text>
        ))}
        {trend.targetPercent !== null ? (
          <g data-testid="trend-target">
            <line x1={left} x2={width - right} y1={chartY(trend.targetPercent)} y2={chartY(trend.targetPercent)} className="trend-chart__target" />
            <text x={width - right} y={chartY(trend.targetPercent) - 6} textAnchor="end" className="trend-chart__label">
              {t('trend.target', { percent: formatRatePercent(trend.targetPercent) })}
            </text>
          </g>
        ) : null}
        {trend.children.map((c) =>
          c.unitId === highlight ? null : (
            <path key={c.unitId} d={path(trend.points.map((p) => p.children[c.unitId] ?? null))} className="trend-chart__child" />
          ),
        )}
        {highlighted ? (
          <g data-testid="trend-highlight">
            <path d={path(trend.points.map((p) => p.children[highlighted.unitId] ?? null))} className="trend-chart__highlight" />
            {trend.points.map((p, i) => {
              const v = p.children[highlighted.unitId] ?? null;
              return v === null ? null : <rect key={p.date} x={x(i) - 4} y={chartY(v) - 4} width={8} height={8} className="trend-chart__highlight-dot" />;
            })}
          </g>
        ) : null}
        <path d={path(own)} className="trend-chart__own" data-testid="trend-own" />
        {own.map((v, i) => (v === null ? null : <circle key={trend.points[i]!.date} cx={x(i)} cy={chartY(v)} r={5} className="trend-chart__own-dot" />))}
        <line x1={left} x2={left} y1={top} y2={height - bottom} className="trend-chart__axis-line" />
      </svg>
      <figcaption className="trend-chart__legend">
        <span>
          <span className="trend-chart__key trend-chart__key--own" aria-hidden="true" /> {t('trend.unitLine', { unit: unitName })}
        </span>
        {highlighted ? (
          <span>
            <span className="trend-chart__key trend-chart__key--highlight" aria-hidden="true" /> {highlighted.name}
          </span>
        ) : null}
        {trend.targetPercent !== null ? (
          <span>
            <span className="trend-chart__key trend-chart__key--target" aria-hidden="true" /> {t('trend.target', { percent: formatRatePercent(trend.targetPercent) })}
          </span>
        ) : null}
      </figcaption>
      <details className="trend-chart__table">
        <summary>{t('trend.table')}</summary>
        <div className="table-wrap">
          <table data-testid="trend-table">
            <thead>
              <tr>
                <th scope="col">{t('trend.date')}</th>
                <th scope="col">{t('trend.unitLine', { unit: unitName })}</th>
                {highlighted ? <th scope="col">{highlighted.name}</th> : null}
              </tr>
            </thead>
            <tbody>
              {trend.points.map((p) => (
                <tr key={p.date} data-date={p.date}>
                  <th scope="row">{formatDate(p.date)}</th>
                  <td className="num">{formatRatePercent(p.percent)}</td>
                  {highlighted ? <td className="num">{formatRatePercent(p.children[highlighted.unitId] ?? null)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
