import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ADMINISTERED_ROLES, type AdministeredRole } from '@chidao/domain';
import type { Inputs, Outputs } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { Field, Form } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { ListTable } from '../../components/Table';
import { formatDate } from '../../lib/format';
import { hrefFor } from '../../lib/route';
import { useTRPC } from '../../trpc';
import { CodeSheet, PersonCells } from './CodeSheet';

type Account = Outputs['admin']['accounts']['items'][number];
type Filters = Exclude<Inputs['admin']['accounts'], void | undefined>;
type Sheet = Outputs['admin']['sendCode']['sheet'];

/**
 * "Quản lý tài khoản": the accounts a system or province administrator keeps, found by name, unit
 * and role; each can be edited, sent an activation or reset code (by e-mail or on a printed sheet),
 * deactivated (signed out at once, its history kept) and reactivated.
 */
export function AdminAccounts({ selfId, mayConfigureSso = false }: { selfId: string; mayConfigureSso?: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const ids = { search: useId(), unit: useId(), role: useId(), inactive: useId() };
  const [filters, setFilters] = useState<Filters>({});
  const [draft, setDraft] = useState<Filters>({});
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [sheet, setSheet] = useState<Sheet>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const units = useQuery(trpc.admin.units.queryOptions());
  const accounts = useQuery(trpc.admin.accounts.queryOptions(filters, { placeholderData: (previous) => previous }));
  const deactivate = useMutation(trpc.admin.deactivate.mutationOptions());
  const reactivate = useMutation(trpc.admin.reactivate.mutationOptions());
  const sendCode = useMutation(
    trpc.admin.sendCode.mutationOptions({
      onSuccess: (answer) => {
        if (answer.sentTo) setNotice(t('admin.codeSent', { address: answer.sentTo }));
        setSheet(answer.sheet);
      },
    }),
  );
  const actionError = deactivate.error ?? reactivate.error ?? sendCode.error;

  if (sheet.length > 0) return <CodeSheet sheet={sheet} onClose={() => setSheet([])} />;
  return (
    <div className="page admin-page">
      <h1 id="page-title" tabIndex={-1}>
        {t('admin.title')}
      </h1>
      <p className="admin__links">
        <a className="button button--secondary" href={hrefFor({ name: 'adminImport' })} data-testid="admin-import-link">
          {t('admin.importLink')}
        </a>{' '}
        {mayConfigureSso ? (
          <>
            <a className="button button--secondary" href={hrefFor({ name: 'adminSso' })} data-testid="admin-sso-link">
              {t('admin.sso.link')}
            </a>{' '}
          </>
        ) : null}
        <a className="button button--secondary" href={hrefFor({ name: 'adminSettings' })} data-testid="admin-settings-link">
          {t('admin.settingsLink')}
        </a>{' '}
        <a className="button button--secondary" href={hrefFor({ name: 'adminUnits' })} data-testid="admin-units-link">
          {t('units.nav')}
        </a>{' '}
        <button type="button" className="button button--primary" onClick={() => setEditing('new')} data-testid="admin-create">
          {t('admin.create')}
        </button>
      </p>
      {editing !== null ? (
        <AccountForm
          account={editing === 'new' ? null : editing}
          units={units.data ?? []}
          onDone={(name) => {
            setEditing(null);
            if (name) setNotice(t('admin.saved', { name }));
          }}
        />
      ) : null}
      {notice ? (
        <p className="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      {actionError ? <ErrorNotice error={actionError} /> : null}
      <form
        className="escalations__filters"
        role="search"
        aria-label={t('admin.filter')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <div className="field">
          <label htmlFor={ids.search}>{t('admin.search')}</label>
          <input id={ids.search} value={draft.search ?? ''} maxLength={100} onChange={(e) => setDraft({ ...draft, search: e.target.value || undefined })} data-testid="admin-search" />
        </div>
        <div className="field">
          <label htmlFor={ids.unit}>{t('admin.unit')}</label>
          <select id={ids.unit} value={draft.unitId ?? ''} onChange={(e) => setDraft({ ...draft, unitId: e.target.value || undefined })} data-testid="admin-filter-unit">
            <option value="">{t('admin.allUnits')}</option>
            {(units.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {'\u2003'.repeat(Math.min(u.depth, 4))}
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.role}>{t('admin.role')}</label>
          <select id={ids.role} value={draft.role ?? ''} onChange={(e) => setDraft({ ...draft, role: (e.target.value || undefined) as Filters['role'] })} data-testid="admin-filter-role">
            <option value="">{t('admin.allRoles')}</option>
            {ADMINISTERED_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`admin.roleNames.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--checkbox">
          <input id={ids.inactive} type="checkbox" checked={draft.includeDeactivated ?? false} onChange={(e) => setDraft({ ...draft, includeDeactivated: e.target.checked || undefined })} />
          <label htmlFor={ids.inactive}>{t('admin.includeDeactivated')}</label>
        </div>
        <button type="submit" className="button button--secondary" data-testid="admin-filter">
          {t('admin.filter')}
        </button>
      </form>
      {accounts.isError ? <ErrorNotice error={accounts.error} onRetry={() => void accounts.refetch()} /> : null}
      {accounts.data === undefined ? (
        accounts.isError ? null : <Loading />
      ) : accounts.data.items.length === 0 ? (
        <p className="muted">{t('admin.empty')}</p>
      ) : (
        <>
          <p className="muted" data-testid="admin-count">
            {t('admin.count', { count: accounts.data.total })}
          </p>
          <ListTable
            className="children admin__table"
            caption={t('admin.caption')}
            columns={[t('admin.columns.person'), t('admin.columns.unit'), t('admin.columns.roles'), t('admin.columns.email'), t('admin.columns.status'), t('admin.columns.actions')]}
          >
            {accounts.data.items.map((a) => (
              <tr key={a.id} data-testid="admin-row" data-username={a.username}>
                <PersonCells displayName={a.displayName} username={a.username} unitName={a.unitName} />
                <td data-label={t('admin.columns.roles')}>{a.grants.map((g) => `${t(`admin.roleNames.${g.role}`)}${g.unitId === a.unitId ? '' : ` (${g.unitName})`}`).join(', ')}</td>
                <td data-label={t('admin.columns.email')} className="admin__email">
                  {a.email ? `${a.email} (${a.emailVerified ? t('admin.verified') : t('admin.unverified')})` : '—'}
                </td>
                <td data-label={t('admin.columns.status')}>
                  {a.deactivatedAt ? t('admin.status.deactivated', { date: formatDate(a.deactivatedAt) }) : a.hasPassword ? t('admin.status.active') : t('admin.status.pending')}
                </td>
                <td data-label={t('admin.columns.actions')} className="admin__actions">
                  <button type="button" className="button button--secondary" onClick={() => setEditing(a)}>
                    {t('admin.edit')}
                  </button>
                  {a.deactivatedAt === null ? (
                    <>
                      {a.email ? (
                        <button type="button" className="button button--secondary" disabled={sendCode.isPending} onClick={() => sendCode.mutate({ userId: a.id, delivery: 'email' })}>
                          {a.hasPassword ? t('admin.resetEmail') : t('admin.sendEmail')}
                        </button>
                      ) : null}
                      <button type="button" className="button button--secondary" disabled={sendCode.isPending} onClick={() => sendCode.mutate({ userId: a.id, delivery: 'sheet' })}>
                        {a.hasPassword ? t('admin.resetSheet') : t('admin.sendSheet')}
                      </button>
                      {a.id === selfId ? null : (
                        <button
                          type="button"
                          className="button button--danger"
                          disabled={deactivate.isPending}
                          onClick={() => window.confirm(t('admin.confirmDeactivate', { name: a.displayName })) && deactivate.mutate({ userId: a.id })}
                        >
                          {t('admin.deactivate')}
                        </button>
                      )}
                    </>
                  ) : (
                    <button type="button" className="button button--secondary" disabled={reactivate.isPending} onClick={() => reactivate.mutate({ userId: a.id })}>
                      {t('admin.reactivate')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </ListTable>
        </>
      )}
    </div>
  );
}

interface AccountValues {
  username: string;
  displayName: string;
  unitId: string;
  roles: AdministeredRole[];
  email: string;
}

/** Create or edit an account: its name, unit, roles at that unit (roles elsewhere are kept) and e-mail address. */
function AccountForm({ account, units, onDone }: { account: Account | null; units: Outputs['admin']['units']; onDone: (savedName: string | null) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const form = useForm<AccountValues>({
    defaultValues: {
      username: account?.username ?? '',
      displayName: account?.displayName ?? '',
      unitId: account?.unitId ?? units[0]?.id ?? '',
      roles: (account?.grants ?? []).filter((g) => g.unitId === account?.unitId && (ADMINISTERED_ROLES as readonly string[]).includes(g.role)).map((g) => g.role as AdministeredRole),
      email: account?.email ?? '',
    },
  });
  const create = useMutation(trpc.admin.createAccount.mutationOptions({ onSuccess: (_r, input) => onDone(input.displayName) }));
  const update = useMutation(trpc.admin.updateAccount.mutationOptions({ onSuccess: (r) => onDone(r.displayName) }));
  const submit = (values: AccountValues) => {
    // Roles at other units stay as they are: this form sets the roles at the account's unit.
    const elsewhere = (account?.grants ?? [])
      .filter((g) => g.unitId !== values.unitId && g.role !== 'coordinator' && g.unitId !== account?.unitId)
      .map((g) => ({ role: g.role as AdministeredRole, unitId: g.unitId }));
    const grants = [...elsewhere, ...values.roles.map((role) => ({ role, unitId: values.unitId }))];
    const email = values.email.trim() === '' ? undefined : values.email.trim();
    if (account) update.mutate({ userId: account.id, displayName: values.displayName, unitId: values.unitId, grants, email });
    else create.mutate({ username: values.username, displayName: values.displayName, unitId: values.unitId, grants, email });
  };
  const pending = create.isPending || update.isPending;
  return (
    <section className="card admin__form" aria-labelledby="admin-form-title">
      <h2 id="admin-form-title">{account ? t('admin.editTitle', { name: account.displayName }) : t('admin.createTitle')}</h2>
      <Form form={form} onSubmit={submit} testId="admin-account-form">
        {account ? null : (
          <Field<AccountValues> name="username" label={t('admin.username')} hint={t('admin.usernameHint')} rules={{ required: 'app.required' }}>
            {(control) => <input {...control} autoCapitalize="none" spellCheck={false} maxLength={100} required />}
          </Field>
        )}
        <Field<AccountValues> name="displayName" label={t('admin.displayName')} rules={{ required: 'app.required' }}>
          {(control) => <input {...control} maxLength={200} required />}
        </Field>
        <Field<AccountValues> name="unitId" label={t('admin.homeUnit')} rules={{ required: 'app.required' }}>
          {(control) => (
            <select {...control}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {'\u2003'.repeat(Math.min(u.depth, 4))}
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="field">
          <legend>{t('admin.roles')}</legend>
          {ADMINISTERED_ROLES.map((role) => (
            <label key={role} className="field--checkbox">
              <input type="checkbox" value={role} {...form.register('roles')} /> {t(`admin.roleNames.${role}`)}
            </label>
          ))}
        </fieldset>
        <Field<AccountValues> name="email" label={t('admin.email')} hint={t('admin.emailHint')}>
          {(control) => <input {...control} type="email" autoComplete="off" maxLength={254} />}
        </Field>
        <FormActions submitLabel={t('admin.save')} pendingLabel={t('admin.saving')} pending={pending} error={create.error ?? update.error} onCancel={() => onDone(null)} />
      </Form>
      {account ? <SubjectLink userId={account.id} /> : null}
    </section>
  );
}

/**
 * The account's link to its province's identity provider: the subject the provider gives the person
 * (admin.linkSubject), or none (admin.unlinkSubject). Shown only where the province has a provider.
 */
function SubjectLink({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const link = useQuery(trpc.admin.subjectLink.queryOptions({ userId }));
  const form = useForm<{ subject: string }>({ defaultValues: { subject: '' } });
  const save = useMutation(trpc.admin.linkSubject.mutationOptions({ onSuccess: () => form.reset({ subject: '' }) }));
  const unlink = useMutation(trpc.admin.unlinkSubject.mutationOptions());
  if (link.isError) return <ErrorNotice error={link.error} onRetry={() => void link.refetch()} />;
  if (!link.data) return <Loading />;
  const { issuer, subject } = link.data;
  return (
    <section className="admin__sso-link" aria-labelledby="admin-sso-link-title" data-testid="admin-subject-link">
      <h3 id="admin-sso-link-title">{t('admin.sso.accountTitle')}</h3>
      {issuer === null ? (
        <p className="muted">{t('admin.sso.notConfigured')}</p>
      ) : (
        <>
          <p data-testid="admin-subject-state">
            {subject === null ? t('admin.sso.notLinked') : t('admin.sso.linked', { subject })}{' '}
            {subject === null ? null : (
              <button type="button" className="button button--secondary" disabled={unlink.isPending} onClick={() => unlink.mutate({ userId })} data-testid="admin-subject-unlink">
                {t('admin.sso.unlink')}
              </button>
            )}
          </p>
          {unlink.error ? <ErrorNotice error={unlink.error} /> : null}
          <Form form={form} onSubmit={(values) => save.mutate({ userId, subject: values.subject.trim() })} testId="admin-subject-form">
            <Field<{ subject: string }> name="subject" label={t('admin.sso.subject')} hint={t('admin.sso.subjectHint', { issuer })} rules={{ required: 'app.required' }}>
              {(control) => <input {...control} autoCapitalize="none" spellCheck={false} maxLength={255} required data-testid="admin-subject" />}
            </Field>
            <FormActions submitLabel={t('admin.sso.linkSave')} pendingLabel={t('admin.sso.linkSaving')} pending={save.isPending} error={save.error} submitTestId="admin-subject-save" />
          </Form>
        </>
      )}
    </section>
  );
}
