import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Escalation } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Icon, type IconName } from '../components/Icon';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../trpc';

const INBOX_REFRESH_MS = 15_000;
const STATE_ICONS: Record<Escalation['state'], IconName> = { open: 'alert', seen: 'eye', resolved: 'check' };

/** "Kiến nghị xử lý": escalations addressed to the units the user acts for, with "Đã xem" and "Đã xử lý". */
export function EscalationInbox() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  const [includeResolved, setIncludeResolved] = useState(false);
  const inbox = useQuery(trpc.escalations.inbox.queryOptions({ includeResolved }, { refetchInterval: INBOX_REFRESH_MS }));
  return (
    <section className="card escalations" aria-labelledby={titleId} data-testid="escalations">
      <header className="card__header">
        <h2 id={titleId} className="card__title">
          {t('escalations.title')}
        </h2>
        <div className="checkbox">
          <input id={`${titleId}-resolved`} type="checkbox" checked={includeResolved} onChange={(e) => setIncludeResolved(e.target.checked)} />
          <label htmlFor={`${titleId}-resolved`}>{t('escalations.showResolved')}</label>
        </div>
      </header>
      {inbox.isPending ? <Loading /> : null}
      {inbox.isError ? <ErrorNotice error={inbox.error} onRetry={() => void inbox.refetch()} /> : null}
      {inbox.isSuccess && inbox.data.length === 0 ? <p className="empty">{t('escalations.empty')}</p> : null}
      {inbox.isSuccess && inbox.data.length > 0 ? (
        <div className="table-wrap">
          <table className="children escalations__table" role="table">
            <caption className="visually-hidden">{t('escalations.caption')}</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">{t('escalations.unit')}</th>
                <th scope="col" role="columnheader">{t('escalations.reason')}</th>
                <th scope="col" role="columnheader">{t('escalations.raisedAt')}</th>
                <th scope="col" role="columnheader">{t('escalations.dueAt')}</th>
                <th scope="col" role="columnheader">{t('escalations.state')}</th>
                <th scope="col" role="columnheader">{t('escalations.actions')}</th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {inbox.data.map((e) => (
                <EscalationRow key={e.id} escalation={e} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function EscalationRow({ escalation: e }: { escalation: Escalation }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const markSeen = useMutation(trpc.escalations.markSeen.mutationOptions());
  const resolve = useMutation(trpc.escalations.resolve.mutationOptions());
  const busy = markSeen.isPending || resolve.isPending;
  const rowId = useId();
  return (
    <tr role="row" data-testid={`escalation-${e.id}`} data-state={e.state}>
      <th scope="row" role="rowheader" id={rowId} data-label={t('escalations.unit')}>
        {e.unitName}
      </th>
      <td role="cell" data-label={t('escalations.reason')}>
        {t(`escalations.reasons.${e.reason}`)}
        <br />
        <span className="muted">{t(`escalations.level.${e.level}`)}</span>
      </td>
      <td role="cell" data-label={t('escalations.raisedAt')}>
        <time dateTime={e.raisedAt}>{formatDateTime(e.raisedAt)}</time>
      </td>
      <td role="cell" data-label={t('escalations.dueAt')}>
        <time dateTime={e.dueAt}>{formatDateTime(e.dueAt)}</time>
      </td>
      <td role="cell" data-label={t('escalations.state')}>
        <span className={`state state--escalation-${e.state}`}>
          <Icon name={STATE_ICONS[e.state]} />
          <span className="state__label">{t(`escalations.states.${e.state}`)}</span>
        </span>
      </td>
      <td role="cell" data-label={t('escalations.actions')}>
        {e.state !== 'resolved' ? (
          <div className="button-row">
            {e.state === 'open' ? (
              <button type="button" className="button button--secondary" disabled={busy} aria-describedby={rowId} onClick={() => markSeen.mutate({ id: e.id })}>
                {t('escalations.markSeen')}
              </button>
            ) : null}
            <button type="button" className="button button--primary" disabled={busy} aria-describedby={rowId} onClick={() => resolve.mutate({ id: e.id })}>
              {t('escalations.resolve')}
            </button>
          </div>
        ) : (
          '—'
        )}
        {markSeen.isError ? <ErrorNotice error={markSeen.error} /> : null}
        {resolve.isError ? <ErrorNotice error={resolve.error} /> : null}
      </td>
    </tr>
  );
}
