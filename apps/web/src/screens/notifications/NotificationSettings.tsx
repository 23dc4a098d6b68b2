import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { hrefFor } from '../../lib/route';
import { useTRPC } from '../../trpc';
import { Contacts } from './Contacts';
import { DeliveryLog } from './DeliveryLog';
import { Preferences } from './Preferences';
import { PushOnDevice } from './PushOnDevice';

/**
 * "Cài đặt thông báo": where a person is reached (verified contacts, push on this device), what
 * reaches them through which channel and when, and what was sent (the delivery log).
 */
export function NotificationSettings({ administrator = false }: { readonly administrator?: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const offered = useQuery(trpc.notifications.channels.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return (
    <section className="page notification-settings" aria-labelledby="page-title" data-testid="notification-settings">
      <h1 id="page-title" tabIndex={-1}>
        {t('notifications.settings.title')}
      </h1>
      <p>
        <a href={hrefFor({ name: 'notifications' })}>{t('notifications.backToList')}</a>
      </p>
      {offered.isPending ? <Loading /> : null}
      {offered.isError ? <ErrorNotice error={offered.error} onRetry={() => void offered.refetch()} /> : null}
      {offered.isSuccess ? (
        <div className="cards">
          <Preferences offered={offered.data.channels} />
          <Contacts offered={offered.data.channels} />
          <PushOnDevice vapidPublicKey={offered.data.vapidPublicKey} />
          <DeliveryLog />
          {administrator ? <DeliveryLog everyone /> : null}
        </div>
      ) : null}
    </section>
  );
}
