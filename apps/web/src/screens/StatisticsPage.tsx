import { localDateOf } from '@chidao/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../api';
import { DownloadFile } from '../components/DownloadFile';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { StandingBadge } from '../components/Standing';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';

type Statistics = Outputs['statistics']['tasks'];
type Counts = Statistics['total'];
type Scope = Statistics['scope'];
type Only = { unitId: string } | { directiveId: string; taskId: string } | { bucket: Bucket };
type Bucket = keyof Counts['official'];

/** The four official figures (QĐ 42/2014/QĐ-TTg) in their order, and tasks without a deadline. */
const BUCKETS: readonly Bucket[] = ['doneOnTime', 'doneLate', 'notDoneWithin', 'notDoneOverdue', 'noDeadline'];

/** "2020-08" → the month's first and last day. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/**
 * A unit's tasks for a month by the official buckets, as its chair is judged by them: in total, by
 * receiving unit and by task, each figure opening the tasks behind it; the same as an XLSX file.
 */
export function StatisticsPage({ month, mayUrge }: { month: string | null; mayUrge: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const shown = month ?? localDateOf(new Date().toISOString()).slice(0, 7);
  const [scope, setScope] = useState<Scope>('issued');
  const [only, setOnly] = useState<Only | null>(null);
  const range = monthRange(shown);
  const stats = useQuery(trpc.statistics.tasks.queryOptions({ ...range, scope }, { placeholderData: keepPreviousData }));
  const drill = useQuery(trpc.statistics.tasks.queryOptions({ ...range, scope, only: only ?? undefined }, { enabled: only !== null }));
  const monthId = useId();
  return (
    <div className="page statistics-page">
      <h1 id="page-title" tabIndex={-1}>
        {t('statistics.title')}
      </h1>
      <div className="statistics-controls no-print" role="group" aria-label={t('statistics.controls')}>
        <div className="field">
          <label htmlFor={monthId}>{t('statistics.month')}</label>
          <input
            id={monthId}
            type="month"
            value={shown}
            data-testid="statistics-month"
            onChange={(e) => {
              if (/^\d{4}-\d{2}$/.test(e.target.value)) {
                setOnly(null);
                window.location.hash = hrefFor({ name: 'statistics', month: e.target.value });
              }
            }}
          />
        </div>
        <fieldset className="statistics-scope">
          <legend>{t('statistics.scope')}</legend>
          {(['issued', 'received'] as const).map((s) => (
            <label key={s} className="radio">
              <input
                type="radio"
                name="scope"
                value={s}
                checked={scope === s}
                onChange={() => {
                  setScope(s);
                  setOnly(null);
                }}
              />{' '}
              {t(`statistics.scopes.${s}`)}
            </label>
          ))}
        </fieldset>
        {stats.isSuccess ? (
          <DownloadFile request={{ name: 'statistics', query: { ...range, scope } }} />
        ) : null}
      </div>
      {stats.isPending ? <Loading /> : null}
      {stats.isError ? <ErrorNotice error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {stats.isSuccess ? (
        <>
          <p className="muted" data-testid="statistics-period">
            {t('statistics.period', { unit: stats.data.unit.name, from: formatDate(range.from), to: formatDate(range.to), asOf: formatDateTime(stats.data.period.asOf) })}
          </p>
          <Summary counts={stats.data.total} onOpen={(bucket) => setOnly({ bucket })} />
          {mayUrge && scope === 'issued' && stats.data.total.official.notDoneOverdue > 0 ? (
            <p className="no-print">
              <a className="button button--primary" href={hrefFor({ name: 'urging' })} data-testid="draft-urging">
                {t('urging.draft')}
              </a>
            </p>
          ) : null}
          {stats.data.total.total === 0 ? <p className="empty">{t('statistics.empty')}</p> : null}
          {stats.data.byUnit.length > 0 ? (
            <CountsTable
              caption={t('statistics.byUnit')}
              testId="statistics-by-unit"
              head={t('statistics.unit')}
              rows={stats.data.byUnit.map((u) => ({ key: u.unitId, label: u.name, counts: u.counts, open: () => setOnly({ unitId: u.unitId }) }))}
              total={stats.data.total}
            />
          ) : null}
          {stats.data.byTask.length > 0 ? (
            <CountsTable
              caption={t('statistics.byTask')}
              testId="statistics-by-task"
              head={t('statistics.task')}
              rows={stats.data.byTask.map((task) => ({
                key: `${task.directiveId}/${task.taskId}`,
                label: `${task.text} (${task.reference})`,
                counts: task.counts,
                open: () => setOnly({ directiveId: task.directiveId, taskId: task.taskId }),
              }))}
              total={stats.data.total}
            />
          ) : null}
        </>
      ) : null}
      {only !== null ? (
        <section className="statistics-drill" aria-labelledby="statistics-drill" data-testid="statistics-drill">
          <h2 id="statistics-drill">{t('statistics.drillTitle')}</h2>
          <button type="button" className="button button--secondary" onClick={() => setOnly(null)}>
            {t('statistics.closeDrill')}
          </button>
          {drill.isPending ? <Loading /> : null}
          {drill.isError ? <ErrorNotice error={drill.error} onRetry={() => void drill.refetch()} /> : null}
          {drill.isSuccess ? <TaskList tasks={drill.data.tasks} more={drill.data.more} /> : null}
        </section>
      ) : null}
    </div>
  );
}

function Summary({ counts, onOpen }: { counts: Counts; onOpen: (bucket: Bucket) => void }) {
  const { t } = useTranslation();
  return (
    <dl className="statistics-summary" data-testid="statistics-summary">
      <div>
        <dt>{t('statistics.total')}</dt>
        <dd data-bucket="total">{formatNumber(counts.total)}</dd>
      </div>
      {BUCKETS.map((bucket) => (
        <div key={bucket}>
          <dt>{t(`statistics.buckets.${bucket}`)}</dt>
          <dd data-bucket={bucket}>
            <button type="button" className="link-button" onClick={() => onOpen(bucket)} disabled={counts.official[bucket] === 0}>
              {formatNumber(counts.official[bucket])}
            </button>
          </dd>
        </div>
      ))}
      {counts.provisional > 0 ? <p className="hint">{t('statistics.provisional', { count: counts.provisional })}</p> : null}
    </dl>
  );
}

function CountsTable({
  caption,
  head,
  rows,
  total,
  testId,
}: {
  caption: string;
  head: string;
  rows: ReadonlyArray<{ key: string; label: string; counts: Counts; open: () => void }>;
  total: Counts;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table statistics-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{t('statistics.total')}</th>
            {BUCKETS.map((b) => (
              <th key={b} scope="col">
                {t(`statistics.buckets.${b}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-row={row.key}>
              <th scope="row">
                <button type="button" className="link-button" onClick={row.open}>
                  {row.label}
                </button>
              </th>
              <td data-bucket="total">{formatNumber(row.counts.total)}</td>
              {BUCKETS.map((b) => (
                <td key={b} data-bucket={b}>
                  {formatNumber(row.counts.official[b])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-row="total">
            <th scope="row">{t('statistics.sum')}</th>
            <td data-bucket="total">{formatNumber(total.total)}</td>
            {BUCKETS.map((b) => (
              <td key={b} data-bucket={b}>
                {formatNumber(total.official[b])}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function TaskList({ tasks, more }: { tasks: Statistics['tasks']; more: number }) {
  const { t } = useTranslation();
  if (tasks.length === 0) return <p className="empty">{t('statistics.noTasks')}</p>;
  return (
    <>
      <ul className="statistics-tasks">
        {tasks.map((task) => (
          <li key={`${task.directiveId}/${task.taskId}/${task.unitId}`} data-task={task.taskId} data-unit={task.unitId}>
            <p>
              <strong>{task.unitName}</strong> — <a href={hrefFor({ name: 'directive', directiveId: task.directiveId, trail: [] })}>{task.reference}</a>
            </p>
            <p>{task.text}</p>
            <p className="muted">
              {task.deadline ? t('statistics.deadline', { date: formatDate(task.deadline) }) : t('standing.noDeadline')}
              {task.doneAt ? ` · ${t('statistics.doneAt', { date: formatDateTime(task.doneAt) })}` : ''}
              {task.provisional ? ` · ${t('statistics.provisionalOne')}` : ''}
            </p>
            <StandingBadge standing={task.standing} />
          </li>
        ))}
      </ul>
      {more > 0 ? <p className="hint">{t('statistics.more', { count: more })}</p> : null}
    </>
  );
}
