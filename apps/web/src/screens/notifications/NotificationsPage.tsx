import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { describeNotification } from '@chidao/domain';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { NotificationItem } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { formatDateTime } from '../../lib/format';
import { factsOf } from '../../lib/notifications';
import { hrefFor } from '../../lib/route';
import { useTRPC } from '../../trpc';
import { useNotificationLanguage } from './language';

const PAGE_SIZE = 30;

/**
 * The person's notifications, newest first, in the words of the e-mail and the push message. Each
 * opens where it points and is marked read on the way; "Xem thêm" reads older ones.
 */
export function NotificationsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [pages, setPages] = useState(1);
  const first = useQuery(trpc.notifications.list.queryOptions({ limit: PAGE_SIZE }));
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions());
  const unread = first.data?.unread ?? 0;
  return (
    <section className="page notifications" aria-labelledby="page-title" data-testid="notifications">
      <h1 id="page-title" tabIndex={-1}>
        {t('notifications.title')}
      </h1>
      <div className="button-row notifications__actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={unread === 0 || markAll.isPending}
          onClick={() => markAll.mutate()}
          data-testid="mark-all-read"
        >
          {t('notifications.markAllRead')}
        </button>
        <a href={hrefFor({ name: 'notificationSettings' })} data-testid="notification-settings-link">
          {t('notifications.settings.title')}
        </a>
      </div>
      <p className="muted" role="status" data-testid="unread-count">
        {first.isSuccess ? t('notifications.unreadCount', { count: unread }) : null}
      </p>
      {markAll.isError ? <ErrorNotice error={markAll.error} /> : null}
      {first.isPending ? <Loading /> : null}
      {first.isError ? <ErrorNotice error={first.error} onRetry={() => void first.refetch()} /> : null}
      {first.isSuccess && first.data.items.length === 0 ? <p className="empty">{t('notifications.empty')}</p> : null}
      {first.isSuccess && first.data.items.length > 0 ? (
        <ol className="notification-list" data-testid="notification-list">
          <Page items={first.data.items} more={pages - 1} onMore={() => setPages((n) => n + 1)} seen={new Set()} />
        </ol>
      ) : null}
    </section>
  );
}

/**
 * One page of the list, then the pages after it: each older page starts before the last item of the
 * page above as it is now, so a new notification at the top never leaves a gap between pages.
 */
function Page({ items, more, onMore, seen }: { items: readonly NotificationItem[]; more: number; onMore: () => void; seen: ReadonlySet<string> }) {
  const shown = items.filter((n) => !seen.has(n.id));
  const seenNow = new Set([...seen, ...shown.map((n) => n.id)]);
  const full = items.length >= PAGE_SIZE;
  const last = items.at(-1);
  return (
    <>
      {shown.map((n) => (
        <NotificationRow key={n.id} notification={n} />
      ))}
      {full && last ? more > 0 ? <OlderPage before={last.id} more={more - 1} onMore={onMore} seen={seenNow} /> : <MoreButton onMore={onMore} /> : null}
    </>
  );
}

function OlderPage({ before, more, onMore, seen }: { before: string; more: number; onMore: () => void; seen: ReadonlySet<string> }) {
  const trpc = useTRPC();
  const page = useQuery(trpc.notifications.list.queryOptions({ limit: PAGE_SIZE, before }, { placeholderData: keepPreviousData }));
  if (page.isPending) return <li className="notification-list__more"><Loading /></li>;
  if (page.isError) return <li className="notification-list__more"><ErrorNotice error={page.error} onRetry={() => void page.refetch()} /></li>;
  return <Page items={page.data.items} more={more} onMore={onMore} seen={seen} />;
}

function MoreButton({ onMore }: { onMore: () => void }) {
  const { t } = useTranslation();
  return (
    <li className="notification-list__more">
      <button type="button" className="button button--secondary" onClick={onMore} data-testid="more-notifications">
        {t('notifications.more')}
      </button>
    </li>
  );
}

function NotificationRow({ notification: n }: { notification: NotificationItem }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const lang = useNotificationLanguage();
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions());
  const text = describeNotification(factsOf(n), lang);
  const unread = n.readAt === null;
  return (
    <li className={`notification${unread ? ' notification--unread' : ''}`} data-testid={`notification-${n.id}`} data-kind={n.kind} data-unread={unread}>
      <a
        className="notification__link"
        href={text.path}
        // Marked read on the way: the mutation outlives this page, and its settling refreshes the bell.
        onClick={() => {
          if (unread) markRead.mutate({ ids: [n.id] });
        }}
      >
        <span className="notification__title">
          {unread ? <span className="notification__dot" aria-hidden="true" /> : null}
          {unread ? <span className="visually-hidden">{t('notifications.unread')}: </span> : null}
          {text.title}
        </span>
        {text.body ? <span className="notification__body">{text.body}</span> : null}
        <time className="notification__time" dateTime={n.at}>
          {formatDateTime(n.at)}
        </time>
      </a>
    </li>
  );
}
