import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';
import { inboxRefreshInterval } from './escalations';

/**
 * The home page's line for the escalation inbox: how many units late or overdue still wait to be
 * urged, with a link to the inbox page. Only a count (one row asked for): the rows themselves buried
 * a province's directives under dozens of cards. Nothing when none waits (a commune's home page).
 */
export function EscalationsLink() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [shownAt] = useState(() => Date.now());
  const count = useQuery(
    trpc.escalations.list.queryOptions({ state: 'open', limit: 1 }, { refetchInterval: () => inboxRefreshInterval(Date.now() - shownAt) }),
  );
  if (!count.isSuccess || count.data.total === 0) return null;
  return (
    <p className="escalations-link notice notice--warning" data-testid="escalations-link" data-total={count.data.total}>
      <Icon name="alert" />{' '}
      <a href={hrefFor({ name: 'escalations' })}>{t('escalations.homeLink', { count: count.data.total })}</a>
    </p>
  );
}
