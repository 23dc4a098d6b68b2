import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Escalation } from '../api';
import { CardSection } from '../components/Card';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Icon, type IconName } from '../components/Icon';
import { ListTable } from '../components/Table';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../trpc';
import { inboxRefreshInterval } from './escalations';

const STATE_ICONS: Record<Escalation['state'], IconName> = { open: 'alert', seen: 'eye', resolved: 'check' };

/** "Kiến nghị xử lý": escalations addressed to the units the user acts for, with "Đã xem" and "Đã xử lý". */
export function EscalationInbox() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  const [includeResolved, setIncludeResolved] = useState(false);
  const [shownAt] = useState(() => Date.now());
  const inbox = useQuery(
    trpc.escalations.inbox.queryOptions({ includeResolved }, { refetchInterval: () => inboxRefreshInterval(Date.now() - shownAt) }),
  );
  return (
    <CardSection
      className="escalations"
      titleId={titleId}
      title={t('escalations.title')}
      testId="escalations"
      header={
        <div className="checkbox">
          <input id={`${titleId}-resolved`} type="checkbox" checked={includeResolved} onChange={(e) => setIncludeResolved(e.target.checked)} />
          <label htmlFor={`${titleId}-resolved`}>{t('escalations.showResolved')}</label>
        </div>
      }
    >
      {inbox.isPending ? <Loading /> : null}
      {inbox.isError ? <ErrorNotice error={inbox.error} onRetry={() => void inbox.refetch()} /> : null}
      {inbox.isSuccess && inbox.data.length === 0 ? <p className="empty">{t('escalations.empty')}</p> : null}
      {inbox.isSuccess && inbox.data.length > 0 ? (
        <ListTable
          className="children escalations__table"
          caption={t('escalations.caption')}
          columns={[
            t('escalations.unit'),
            t('escalations.reason'),
            t('escalations.raisedAt'),
            t('escalations.dueAt'),
            t('escalations.state'),
            t('escalations.actions'),
          ]}
        >
          {inbox.data.map((e) => (
            <EscalationRow key={e.id} escalation={e} />
          ))}
        </ListTable>
      ) : null}
    </CardSection>
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
