import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staleFilter } from '../lib/invalidation';
import { badgeText } from '../lib/notifications';
import { hrefFor } from '../lib/route';
import { useTRPC, useTRPCClient } from '../trpc';
import { Icon } from './Icon';

/** Without the live feed (no SSE through a proxy, a host that sends the count once) the count is asked this often. */
const FALLBACK_POLL_MS = 60_000;

/**
 * The bell: the unread count, opening the notifications page (on a phone a page reads better than a
 * popover). A link, not a button: it goes somewhere.
 */
export function Bell() {
  const { t } = useTranslation();
  const unread = useUnreadCount();
  const badge = badgeText(unread);
  return (
    <a
      className="bell"
      href={hrefFor({ name: 'notifications' })}
      data-testid="bell"
      data-unread={unread}
      aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
    >
      <Icon name="bell" />
      {badge ? (
        <span className="bell__badge" aria-hidden="true">
          {badge}
        </span>
      ) : null}
    </a>
  );
}

/**
 * The unread count, from `notifications.list` (one source, so marking read shows at once). The live
 * subscription only says when it changed, and the bell's list is asked again; while the subscription
 * is not live that list is polled instead. Either way, a count that went up means something new: the
 * notifications page and the task lists are asked again, so a new task appears without waiting for
 * their next poll.
 */
function useUnreadCount(): number {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  const list = useQuery(trpc.notifications.list.queryOptions({ limit: 1 }, { refetchInterval: live ? false : FALLBACK_POLL_MS }));
  const [pushed, setPushed] = useState<number | null>(null);

  useEffect(() => {
    const listKey = trpc.notifications.list.queryKey({ limit: 1 });
    const subscription = client.notifications.live.subscribe(undefined, {
      onStarted: () => setLive(true),
      onData: ({ unread }) => {
        setPushed(unread);
        // The first count after (re)connecting is compared too: changes while disconnected are caught up.
        if (queryClient.getQueryData(listKey)?.unread !== unread) void queryClient.invalidateQueries({ queryKey: listKey, exact: true });
      },
      onConnectionStateChange: (state) => setLive(state.state === 'pending'),
      onError: () => setLive(false),
      onComplete: () => setLive(false),
    });
    return () => subscription.unsubscribe();
  }, [trpc, client, queryClient]);

  const unread = list.data?.unread;
  const previous = useRef(unread);
  useEffect(() => {
    const before = previous.current;
    previous.current = unread;
    if (before === undefined || unread === undefined || unread <= before) return;
    void queryClient.invalidateQueries(staleFilter({ path: 'notifications.list' }));
    void queryClient.invalidateQueries(staleFilter({ path: 'assignments' }));
  }, [unread, queryClient]);

  return unread ?? pushed ?? 0;
}
