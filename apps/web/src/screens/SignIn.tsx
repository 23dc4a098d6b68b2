import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DemoAccount } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { filterGroups, groupAccounts, type AccountGroup } from '../lib/accounts';
import { formatNumber } from '../lib/format';
import { useSessionChanged } from '../session';
import { useTRPC } from '../trpc';

/** Development sign-in: pick one of the seeded demo accounts. */
export function SignIn() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const sessionChanged = useSessionChanged();
  const accounts = useQuery(trpc.session.demoAccounts.queryOptions());
  const signIn = useMutation(trpc.session.signIn.mutationOptions({ onSuccess: () => sessionChanged() }));
  const [query, setQuery] = useState('');
  const searchId = useId();
  const groups = useMemo(() => groupAccounts(accounts.data ?? []), [accounts.data]);
  const visible = useMemo(() => filterGroups(groups, query), [groups, query]);
  const searching = query.trim() !== '';
  const shown = visible.reduce((n, g) => n + g.accounts.length, 0);

  const choose = (account: DemoAccount) => {
    if (!signIn.isPending) signIn.mutate({ userId: account.id });
  };

  return (
    <section className="page sign-in" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('signIn.title')}
      </h1>
      <p className="notice">{t('signIn.devNotice')}</p>
      {signIn.isError ? <ErrorNotice error={signIn.error} /> : null}
      {signIn.isPending ? (
        <p className="loading" role="status">
          {t('signIn.signingIn')}
        </p>
      ) : null}
      {accounts.isPending ? <Loading /> : null}
      {accounts.isError ? <ErrorNotice error={accounts.error} onRetry={() => void accounts.refetch()} /> : null}
      {accounts.isSuccess && accounts.data.length === 0 ? <p className="empty">{t('signIn.none')}</p> : null}
      {accounts.isSuccess && accounts.data.length > 0 ? (
        <>
          <div className="field">
            <label htmlFor={searchId}>{t('signIn.searchLabel')}</label>
            <input
              id={searchId}
              type="search"
              autoComplete="off"
              spellCheck={false}
              value={query}
              aria-describedby={`${searchId}-hint`}
              onChange={(e) => setQuery(e.target.value)}
            />
            <p id={`${searchId}-hint`} className="hint">
              {t('signIn.searchHint')}
            </p>
          </div>
          <p className="result-count" role="status">
            {searching
              ? shown > 0
                ? t('signIn.resultCount', { n: formatNumber(shown) })
                : t('signIn.noMatches', { query: query.trim() })
              : ''}
          </p>
          <div className="account-groups">
            {visible.map((group) => (
              <AccountGroupView
                // Remount on search so a group's folded state follows the search, not the last click.
                key={`${group.unitId ?? '(top)'}:${searching}`}
                group={group}
                open={searching}
                disabled={signIn.isPending}
                onChoose={choose}
              />
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}

function AccountList({ accounts, disabled, onChoose }: { accounts: readonly DemoAccount[]; disabled: boolean; onChoose: (a: DemoAccount) => void }) {
  return (
    <ul className="account-list">
      {accounts.map((account) => (
        <li key={account.id}>
          <button
            type="button"
            className="account"
            data-testid={`account-${account.id}`}
            data-unit-id={account.unitId}
            disabled={disabled}
            onClick={() => onChoose(account)}
          >
            <span className="account__name">{account.displayName}</span>
            <span className="account__unit">{account.unitName ?? account.unitId}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function AccountGroupView({
  group,
  open,
  disabled,
  onChoose,
}: {
  group: AccountGroup;
  open: boolean;
  disabled: boolean;
  onChoose: (a: DemoAccount) => void;
}) {
  const { t } = useTranslation();
  const count = t('signIn.groupCount', { n: formatNumber(group.accounts.length) });
  if (group.unitId === null) {
    return (
      <section className="account-group account-group--top" aria-labelledby="accounts-top">
        <h2 id="accounts-top">{t('signIn.provincialLevel')}</h2>
        <AccountList accounts={group.accounts} disabled={disabled} onChoose={onChoose} />
      </section>
    );
  }
  // Districts fold so ~190 accounts stay scannable; a search opens every group that matches.
  return (
    <details className="account-group" open={open} data-testid={`account-group-${group.unitId}`}>
      <summary>
        <span className="account-group__title">{group.title}</span> <span className="account-group__count">({count})</span>
      </summary>
      <AccountList accounts={group.accounts} disabled={disabled} onChoose={onChoose} />
    </details>
  );
}
