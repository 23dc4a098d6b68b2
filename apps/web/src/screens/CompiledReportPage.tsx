import { placeAndDateVi } from '@chidao/domain';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CompiledReport, CompiledRow } from '../api';
import { DownloadFile } from '../components/DownloadFile';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { StandingBadge } from '../components/Standing';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { formatRatePercent } from '../lib/rates';
import { hrefFor } from '../lib/route';
import { useMe } from '../session';
import { useTRPC } from '../trpc';

/**
 * The coordinating unit's compiled report in the official layout (Nghị định 30/2020/NĐ-CP), ready to
 * print on A4, with the same report as an XLSX file. Every figure comes from the server's model.
 * With `unitId`, the same document for one unit on the units it passed the directive to (a district
 * on its communes): each row with when the unit acknowledged and how its task stands.
 */
export function CompiledReportPage({ directiveId, unitId }: { directiveId: string; unitId?: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe().data ?? null;
  const whole = useQuery({ ...trpc.compiled.report.queryOptions({ directiveId }), enabled: unitId === undefined });
  const part = useQuery({ ...trpc.compiled.unitReport.queryOptions({ directiveId, unitId: unitId ?? '' }), enabled: unitId !== undefined });
  const report = unitId === undefined ? whole : part;
  // Back to the directive as seen from the unit: the user's own page, or drilled down to that unit.
  const back = hrefFor({ name: 'directive', directiveId, trail: unitId === undefined || unitId === me?.unitId ? [] : [unitId] });
  return (
    <div className="page compiled-page">
      <div className="compiled-toolbar no-print" role="group" aria-label={t('compiled.toolbar')}>
        <a href={back}>{t('compiled.back')}</a>
        {report.isSuccess ? (
          <>
            <button type="button" className="button" onClick={() => window.print()} data-testid="print-report">
              {t('compiled.print')}
            </button>
            <DownloadFile request={unitId === undefined ? { name: 'compiled', query: { directiveId } } : { name: 'progress', query: { directiveId, unitId } }} />
          </>
        ) : null}
      </div>
      <h1 id="page-title" tabIndex={-1} className="visually-hidden">
        {report.data
          ? report.data.scope === 'unit'
            ? t('compiled.progress.pageTitle', { reference: report.data.directive.reference, unit: report.data.header.issuingBody })
            : t('compiled.pageTitle', { reference: report.data.directive.reference })
          : t(unitId === undefined ? 'compiled.link' : 'compiled.progress.link')}
      </h1>
      {report.isPending ? <Loading /> : null}
      {report.isError ? <ErrorNotice error={report.error} onRetry={() => void report.refetch()} /> : null}
      {report.isSuccess ? <OfficialReport report={report.data} /> : null}
    </div>
  );
}


/** The caption's word for the rows' level: districts of a 2020 province, communes of a 2025 one. */
const rowLevelKey = (level: string | null) => (level === 'province' || level === 'district' || level === 'commune' ? level : 'any');

function OfficialReport({ report }: { report: CompiledReport }) {
  const { t, i18n } = useTranslation();
  const { header, directive } = report;
  const vietnamese = (i18n.resolvedLanguage ?? i18n.language) === 'vi';
  const placeDate = vietnamese ? placeAndDateVi(header.place, header.date) : `${header.place}, ${formatDate(header.date)}`;
  const ranking = report.rates.find((r) => r.key === report.rankedBy) ?? null;
  return (
    <article className="official" data-testid="compiled-report" lang="vi">
      <header className="official__header">
        <div className="official__body" data-testid="official-body">
          {header.parentBody ? <p className="official__parent">{header.parentBody.toLocaleUpperCase('vi-VN')}</p> : null}
          <p className="official__issuer">{header.issuingBody.toLocaleUpperCase('vi-VN')}</p>
          <p className="official__number" title={t('compiled.numberHint')}>
            {t('compiled.number')} <span className="official__blank">
              <span className="visually-hidden">{t('compiled.numberHint')}</span>
            </span>
            /BC
          </p>
          <p className="official__subject" data-testid="official-subject">
            {header.subject}
          </p>
        </div>
        <div className="official__motto" data-testid="official-motto">
          <p className="official__nation">{t('compiled.motto')}</p>
          <p className="official__motto-line">{t('compiled.mottoLine')}</p>
          <p className="official__date" data-testid="official-date">
            {placeDate}
          </p>
        </div>
      </header>
      <h2 className="official__title">{t('compiled.title')}</h2>
      <p className="official__lead">
        {t('compiled.lead', { reference: directive.reference, date: formatDate(directive.date), issuer: directive.issuerName })}
      </p>
      <p className="official__recipient">
        {t('compiled.recipient')} {header.recipient}.
      </p>
      <p className="official__as-of" data-testid="official-as-of">
        {t('compiled.asOf', { date: formatDate(header.date) })}
      </p>
      <CompiledTable
        report={report}
        rows={report.rows}
        total={report.total}
        caption={t('compiled.tableCaption', { rate: ranking?.label ?? '', level: t(`compiled.rowLevel.${rowLevelKey(report.rowLevel)}`) })}
        testId="compiled-table"
      />
      {report.agencies.length > 0 ? (
        <CompiledTable report={report} rows={report.agencies} total={null} caption={t('compiled.agencies')} testId="compiled-agencies" />
      ) : null}
      <p className="official__status" data-testid="official-status">
        {t('compiled.status', {
          accepted: formatNumber(report.statusCounts.accepted),
          pending: formatNumber(report.statusCounts.pending),
          returned: formatNumber(report.statusCounts.returned),
          none: formatNumber(report.statusCounts.none),
        })}
      </p>
      <footer className="official__footer">
        <div className="official__recipients">
          <p className="official__recipients-title">{t('compiled.recipients')}</p>
          <ul>
            <li>- {header.recipient};</li>
            <li>- {t('compiled.archive')}</li>
          </ul>
        </div>
        <div className="official__signature" data-testid="official-signature">
          {report.signer.capacity.map((line) => (
            <p key={line} className="official__capacity">
              {line}
            </p>
          ))}
          <p className="official__sign-here muted">{t('compiled.signHere')}</p>
          {report.signer.name !== null ? (
            <p className="official__signer">{report.signer.name}</p>
          ) : (
            // Nobody's name is recorded: a line to write it on, as on paper.
            <p className="official__signer official__signer--blank" data-testid="signer-line">
              <span className="visually-hidden">{t('compiled.signerName')}</span>
            </p>
          )}
        </div>
      </footer>
    </article>
  );
}

function CompiledTable({
  report,
  rows,
  total,
  caption,
  testId,
}: {
  report: CompiledReport;
  rows: readonly CompiledRow[];
  total: CompiledRow | null;
  caption: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap official__table-wrap">
      <table className="official__table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('compiled.rank')}</th>
            <th scope="col">{t('compiled.unit')}</th>
            {report.metrics.map((m) => (
              <th key={m.key} scope="col">
                {m.label}
              </th>
            ))}
            {report.rates.map((r) => (
              <RateHeaders key={r.key} label={r.label} target={r.targetPercent} />
            ))}
            <th scope="col">{t('compiled.reported')}</th>
            <th scope="col">{t('compiled.notReported')}</th>
            {report.scope === 'unit' ? (
              <>
                <th scope="col">{t('compiled.progress.acknowledgedAt')}</th>
                <th scope="col">{t('compiled.progress.standing')}</th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={row.unitId} report={report} row={row} total={false} />
          ))}
        </tbody>
        {total ? (
          <tfoot>
            <Row report={report} row={total} total />
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

function RateHeaders({ label, target }: { label: string; target: number | null }) {
  const { t } = useTranslation();
  if (target === null) return <th scope="col">{label}</th>;
  return (
    <>
      <th scope="col">
        {label} ({t('compiled.target', { percent: formatRatePercent(target) })})
      </th>
      <th scope="col">{t('compiled.versusTarget', { percent: formatRatePercent(target) })}</th>
    </>
  );
}

function Row({ report, row, total }: { report: CompiledReport; row: CompiledRow; total: boolean }) {
  const { t } = useTranslation();
  return (
    <tr data-testid={total ? 'compiled-total' : `compiled-row-${row.unitId}`} className={total ? 'official__total' : undefined}>
      <td className="num" data-label={t('compiled.rank')}>
        {total || row.rank === null ? '' : formatNumber(row.rank)}
      </td>
      <th scope="row">
        {total ? t('compiled.total', { unit: row.name }) : row.name}
        {row.pendingReview ? <span className="official__pending"> ({t('compiled.pending')})</span> : null}
      </th>
      {report.metrics.map((m) => {
        const value = row.figures[m.key];
        return (
          <td key={m.key} className="num" data-label={m.label}>
            {value === null || value === undefined ? '—' : formatNumber(value)}
          </td>
        );
      })}
      {report.rates.map((r) => {
        const value = row.rates[r.key];
        return (
          <RateCells
            key={r.key}
            label={r.targetPercent === null ? r.label : `${r.label} (${t('compiled.target', { percent: formatRatePercent(r.targetPercent) })})`}
            versusLabel={r.targetPercent === null ? '' : t('compiled.versusTarget', { percent: formatRatePercent(r.targetPercent) })}
            percent={value?.percent ?? null}
            met={r.targetPercent === null ? undefined : (value?.meetsTarget ?? null)}
          />
        );
      })}
      <td className="num" data-label={t('compiled.reported')}>
        {formatNumber(row.reported)}
      </td>
      <td className="num" data-label={t('compiled.notReported')}>
        {formatNumber(row.notReported)}
      </td>
      {report.scope === 'unit' ? <TaskCells report={report} row={row} total={total} /> : null}
    </tr>
  );
}

/** In a unit's report: when the row's unit acknowledged and how its task stands; on the total row, how many did and are late. */
function TaskCells({ report, row, total }: { report: CompiledReport; row: CompiledRow; total: boolean }) {
  const { t } = useTranslation();
  const totals = report.taskTotals;
  if (total) {
    return (
      <>
        <td data-label={t('compiled.progress.acknowledgedAt')} data-testid="total-acknowledged">
          {totals ? t('compiled.progress.totalAcknowledged', { acknowledged: formatNumber(totals.acknowledged), units: formatNumber(totals.units) }) : ''}
        </td>
        <td data-label={t('compiled.progress.standing')}>{totals ? t('compiled.progress.totalOverdue', { count: totals.overdue }) : ''}</td>
      </>
    );
  }
  const task = row.task ?? null;
  return (
    <>
      <td data-label={t('compiled.progress.acknowledgedAt')} data-testid="acknowledged-at">
        {task?.acknowledgedAt ? formatDateTime(task.acknowledgedAt) : t('compiled.progress.notAcknowledged')}
      </td>
      <td data-label={t('compiled.progress.standing')}>
        {/* No deadline running (a report awaiting review, say): the task's state tells where it is. */}
        {task?.standing ? <StandingBadge standing={task.standing} /> : task ? <span data-testid="task-state">{t(`state.${task.state}`)}</span> : null}
      </td>
    </>
  );
}

/**
 * The rate, and where the rate has a target, a word for met or not (never colour alone). The labels
 * are the columns' headings, shown beside each value when a phone stacks the row.
 */
function RateCells({ label, versusLabel, percent, met }: { label: string; versusLabel: string; percent: number | null; met: boolean | null | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <td className="num" data-label={label}>
        {formatRatePercent(percent)}
      </td>
      {met === undefined ? null : (
        <td className={met === null ? undefined : met ? 'official__met' : 'official__not-met'} data-label={versusLabel}>
          {met === null ? t('compiled.noData') : met ? t('compiled.met') : t('compiled.notMet')}
        </td>
      )}
    </>
  );
}
