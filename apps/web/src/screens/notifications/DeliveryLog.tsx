import { useQuery } from '@tanstack/react-query';
import { describeNotification } from '@chidao/domain';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveryView } from '../../api';
import { CardSection } from '../../components/Card';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { ListTable } from '../../components/Table';
import { formatDateTime } from '../../lib/format';
import { deliveryStateLabel, factsOf, type DeliveryStateLabel } from '../../lib/notifications';
import { useTRPC } from '../../trpc';
import { useNotificationLanguage } from './language';

/**
 * What was sent to the person lately, through which channel, and what came of it (or why nothing was
 * sent). With `everyone` (the system administrator): every person's, failures first if asked, with
 * whom and where.
 */
export function DeliveryLog({ everyone = false }: { readonly everyone?: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  const [failedOnly, setFailedOnly] = useState(false);
  const mine = useQuery({ ...trpc.notifications.deliveries.queryOptions({ limit: 50 }), enabled: !everyone });
  const all = useQuery({ ...trpc.notifications.allDeliveries.queryOptions({ limit: 100, ...(failedOnly ? { state: 'failed' as const } : {}) }), enabled: everyone });
  const log = everyone ? all : mine;
  const title = everyone ? t('notifications.delivery.everyoneTitle') : t('notifications.delivery.title');
  return (
    <CardSection className="deliveries" titleId={titleId} title={title} testId={everyone ? 'deliveries-everyone' : 'deliveries'}>
      {everyone ? (
        <label className="checkbox">
          <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} data-testid="deliveries-failed-only" />
          {t('notifications.delivery.failedOnly')}
        </label>
      ) : null}
      {log.isPending ? <Loading /> : null}
      {log.isError ? <ErrorNotice error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.isSuccess && log.data.length === 0 ? <p className="empty">{t('notifications.delivery.empty')}</p> : null}
      {log.isSuccess && log.data.length > 0 ? (
        <ListTable
          className="children deliveries__table"
          caption={title}
          columns={[
            t('notifications.delivery.what'),
            ...(everyone ? [t('notifications.delivery.to')] : []),
            t('notifications.delivery.when'),
            t('notifications.delivery.channel'),
            t('notifications.delivery.state'),
          ]}
        >
          {log.data.map((d) => (
            <DeliveryRow key={d.id} delivery={d} everyone={everyone} />
          ))}
        </ListTable>
      ) : null}
    </CardSection>
  );
}

function DeliveryRow({ delivery: d, everyone }: { delivery: DeliveryView; everyone: boolean }) {
  const { t } = useTranslation();
  const lang = useNotificationLanguage();
  const when = d.doneAt ?? d.createdAt;
  return (
    <tr role="row" data-testid={`delivery-${d.id}`} data-state={d.state} data-channel={d.channel}>
      <th scope="row" role="rowheader" data-label={t('notifications.delivery.what')}>
        {describeNotification(factsOf(d), lang).title}
      </th>
      {everyone ? (
        <td role="cell" data-label={t('notifications.delivery.to')}>
          {d.userId}
          {d.address ? <span className="muted"> · {d.address}</span> : null}
        </td>
      ) : null}
      <td role="cell" data-label={t('notifications.delivery.when')}>
        <time dateTime={when}>{formatDateTime(when)}</time>
      </td>
      <td role="cell" data-label={t('notifications.delivery.channel')}>
        {t(`notifications.channels.${d.channel}`)}
      </td>
      <td role="cell" data-label={t('notifications.delivery.state')}>
        <StateText label={deliveryStateLabel(d, Date.now())} />
      </td>
    </tr>
  );
}

function StateText({ label }: { label: DeliveryStateLabel }) {
  const { t } = useTranslation();
  switch (label.key) {
    case 'failed':
      return <>{label.reason ? t('notifications.delivery.states.failedBecause', { reason: label.reason }) : t('notifications.delivery.states.failed')}</>;
    case 'waitingDigest':
    case 'waitingQuiet':
      return <>{t(`notifications.delivery.states.${label.key}`, { at: formatDateTime(label.at) })}</>;
    default:
      return <>{t(`notifications.delivery.states.${label.key}`)}</>;
  }
}
