import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DEMO_PASSWORD, isErrorCode, type ErrorCode } from '@chidao/domain';
import type { DemoAccount } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Field, Form } from '../components/form/Field';
import { FormActions } from '../components/form/FormActions';
import { filterGroups, groupAccounts, type AccountGroup } from '../lib/accounts';
import { vietnamDay } from '../lib/dates';
import { formatDate, formatNumber } from '../lib/format';
import { tabStorage, useSignedIn } from '../session';
import { readEndedSession } from '../lib/drafts';
import { endedBy } from '../lib/validity';
import { useTRPC } from '../trpc';

/** Sign-in with username and password; in demo mode, a searchable list of demo accounts fills the username. */
interface SignInValues {
  username: string;
  password: string;
}

export function SignIn() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const signedIn = useSignedIn();
  // Read once: the session that ended underneath this tab, if any, until someone signs in.
  const [ended] = useState(() => {
    const storage = tabStorage();
    return storage !== null && readEndedSession(storage) !== null;
  });
  // Read once: a sign-in through the province's provider that came back refused (the server's page put it in the query).
  const [ssoFailure] = useState(takeSsoFailure);
  const options = useQuery(trpc.session.signInOptions.queryOptions());
  const providers = options.data?.providers ?? [];
  const [province, setProvince] = useState<string | null>(null);
  const chosen = province ?? providers[0]?.unitId ?? '';
  const provider = providers.find((p) => p.unitId === chosen) ?? null;
  const provinceId = useId();
  const form = useForm<SignInValues>({ defaultValues: { username: '', password: '' } });
  const errorId = useId();
  const signIn = useMutation(
    trpc.session.signIn.mutationOptions({
      onSuccess: (account) => {
        form.resetField('password');
        void signedIn(account.id);
      },
    }),
  );

  const submit = (values: SignInValues) => {
    if (!signIn.isPending) signIn.mutate(values);
  };
  const choose = (account: DemoAccount) => {
    form.setValue('username', account.username);
    form.setFocus('password');
  };

  return (
    <section className="page sign-in" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('signIn.title')}
      </h1>
      {ended ? (
        <p className="notice notice--warning" role="status" data-testid="session-ended">
          {t('signIn.sessionEnded')}
        </p>
      ) : null}
      {ssoFailure ? (
        <p className="notice notice--error" role="alert" data-testid="sso-refused">
          {ssoFailure.reason === 'subject_unknown' ? t('signIn.ssoSubjectUnknown') : t(ssoFailure.code ? `errors.codes.${ssoFailure.code}` : 'errors.unknown')}
        </p>
      ) : null}
      {providers.length > 0 ? (
        <div className="sign-in__province">
          <div className="field">
            <label htmlFor={provinceId}>{t('signIn.province')}</label>
            <select id={provinceId} value={chosen} onChange={(e) => setProvince(e.target.value)} data-testid="sign-in-province">
              {providers.map((p) => (
                <option key={p.unitId} value={p.unitId}>
                  {p.name}
                </option>
              ))}
              <option value="">{t('signIn.otherProvince')}</option>
            </select>
          </div>
          {provider ? (
            <>
              {/* A plain link: the server sends the browser on to the province's provider. */}
              <a className="button button--primary" href={`/auth/oidc/start?unit=${encodeURIComponent(provider.unitId)}`} data-testid="sso-sign-in">
                {t('signIn.provinceAccount')}
              </a>
              <p className="hint">{t('signIn.provinceAccountHint', { province: provider.name })}</p>
              {provider.passwordSignIn ? <h2 className="sign-in__or">{t('signIn.orPassword')}</h2> : <p className="notice" data-testid="password-off">{t('signIn.passwordOff', { province: provider.name })}</p>}
            </>
          ) : null}
        </div>
      ) : null}
      {provider && !provider.passwordSignIn ? null : (
      <Form form={form} onSubmit={submit} className="sign-in__form" describedBy={signIn.isError ? errorId : undefined}>
        <Field<SignInValues> name="username" label={t('signIn.username')} rules={{ required: 'app.required' }}>
          {(control) => <input {...control} autoComplete="username" autoCapitalize="none" spellCheck={false} required maxLength={200} />}
        </Field>
        <Field<SignInValues> name="password" label={t('signIn.password')} rules={{ required: 'app.required' }}>
          {(control) => <input {...control} type="password" autoComplete="current-password" required maxLength={256} />}
        </Field>
        <FormActions submitLabel={t('signIn.submit')} pendingLabel={t('signIn.signingIn')} pending={signIn.isPending} error={signIn.error} errorId={errorId}>
          <a href="#/forgot" data-testid="forgot-link">
            {t('forgot.link')}
          </a>
        </FormActions>
      </Form>
      )}
      <DemoAccounts onChoose={choose} disabled={signIn.isPending} />
    </section>
  );
}

/** The refusal of a sign-in through the province's provider, from the query the server's page sent the browser back with; the query is cleared. */
function takeSsoFailure(): { code: ErrorCode | null; reason: string | null } | null {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('sso_error');
  if (code === null) return null;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.hash);
  return { code: isErrorCode(code) ? code : null, reason: params.get('sso_reason') };
}

/** Demo mode only (the server lists no accounts otherwise): find a demo account and fill in its username. */
function DemoAccounts({ onChoose, disabled }: { onChoose: (a: DemoAccount) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const accounts = useQuery(trpc.session.demoAccounts.queryOptions());
  const [query, setQuery] = useState('');
  const searchId = useId();
  const groups = useMemo(() => groupAccounts(accounts.data ?? []), [accounts.data]);
  const visible = useMemo(() => filterGroups(groups, query), [groups, query]);
  const searching = query.trim() !== '';
  const shown = visible.reduce((n, g) => n + g.accounts.length, 0);

  if (accounts.isPending) return <Loading />;
  if (accounts.isError) return <ErrorNotice error={accounts.error} onRetry={() => void accounts.refetch()} />;
  if (accounts.data.length === 0) return null;
  return (
    <section className="demo-accounts" aria-labelledby={`${searchId}-title`}>
      <h2 id={`${searchId}-title`}>{t('signIn.demoTitle')}</h2>
      <p className="notice">{t('signIn.devNotice', { password: DEMO_PASSWORD })}</p>
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
        {searching ? (shown > 0 ? t('signIn.resultCount', { n: formatNumber(shown) }) : t('signIn.noMatches', { query: query.trim() })) : ''}
      </p>
      <div className="account-groups">
        {visible.map((group) => (
          <AccountGroupView
            // Remount on search so a group's folded state follows the search, not the last click.
            key={`${group.unitId ?? '(top)'}:${searching}`}
            group={group}
            open={searching}
            disabled={disabled}
            onChoose={onChoose}
          />
        ))}
      </div>
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
            <span className="account__unit">
              {account.unitName ?? account.unitId}
              <UnitEnded validTo={account.unitValidTo} />
            </span>
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

/** Beside an account whose unit had ended by today (Kiên Giang 2020's, up to 30/6/2025): its last day. */
function UnitEnded({ validTo }: { validTo: string | undefined }) {
  const { t } = useTranslation();
  const lastDay = endedBy(validTo, vietnamDay(new Date().toISOString())!);
  if (lastDay === undefined) return null;
  return <span className="account__ended" data-testid="account-ended"> ({t('validity.until', { date: formatDate(lastDay) })})</span>;
}
