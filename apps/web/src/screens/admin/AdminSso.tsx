import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { ListTable } from '../../components/Table';
import { hrefFor } from '../../lib/route';
import { useTRPC } from '../../trpc';

type Provider = Outputs['admin']['identityProviders'][number];
interface Values {
  unitId: string;
  issuer: string;
  clientId: string;
  clientSecretRef: string;
  passwordSignIn: boolean;
  linkByVerifiedEmail: boolean;
}
const EMPTY: Values = { unitId: '', issuer: '', clientId: '', clientSecretRef: '', passwordSignIn: true, linkByVerifiedEmail: false };

/**
 * "Đăng nhập bằng tài khoản của tỉnh" (system administrator): each province's identity provider, set,
 * changed or removed; the client secret is only named (env:, file:), never typed here.
 */
export function AdminSso() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { unit: useId(), issuer: useId(), clientId: useId(), secret: useId(), secretHint: useId(), password: useId(), email: useId() };
  const providers = useQuery(trpc.admin.identityProviders.queryOptions());
  const units = useQuery(trpc.admin.units.queryOptions());
  const [values, setValues] = useState<Values>(EMPTY);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.admin.identityProviders.queryKey() });
  const save = useMutation(
    trpc.admin.setIdentityProvider.mutationOptions({
      onSuccess: (saved) => {
        setNotice(t('admin.sso.saved', { name: saved.unitName }));
        setValues(EMPTY);
        refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.admin.removeIdentityProvider.mutationOptions({
      onSuccess: (_answer, input) => {
        setNotice(t('admin.sso.removed', { name: providers.data?.find((p) => p.unitId === input.unitId)?.unitName ?? input.unitId }));
        refresh();
      },
    }),
  );
  // The top units the administrator keeps are the provinces (Kiên Giang of 2020 among them in the demo, though it has ended).
  const provinces = (units.data ?? []).filter((u) => u.depth === 0);
  const edit = (p: Provider) =>
    setValues({ unitId: p.unitId, issuer: p.issuer, clientId: p.clientId, clientSecretRef: p.clientSecretRef ?? '', passwordSignIn: p.passwordSignIn, linkByVerifiedEmail: p.linkByVerifiedEmail });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    setNotice(null);
    save.mutate({ ...values, unitId: values.unitId || (provinces[0]?.id ?? ''), clientSecretRef: values.clientSecretRef.trim() === '' ? null : values.clientSecretRef });
  };
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));

  return (
    <div className="page admin-page">
      <p>
        <a href={hrefFor({ name: 'admin' })}>{t('admin.title')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('admin.sso.link')}
      </h1>
      <p>{t('admin.sso.intro', { redirect: `${window.location.origin}/auth/oidc/callback` })}</p>
      {notice ? (
        <p className="notice notice--success" role="status" data-testid="sso-notice">
          {notice}
        </p>
      ) : null}
      {providers.isPending ? <Loading /> : null}
      {providers.isError ? <ErrorNotice error={providers.error} onRetry={() => void providers.refetch()} /> : null}
      {providers.data && providers.data.length === 0 ? <p>{t('admin.sso.none')}</p> : null}
      {providers.data && providers.data.length > 0 ? (
        <ListTable
          className="admin-sso__list"
          caption={t('admin.sso.link')}
          columns={[t('admin.sso.province'), t('admin.sso.issuer'), t('admin.sso.clientId'), t('admin.sso.secretRef'), t('admin.sso.passwordSignIn'), '']}
        >
          {providers.data.map((p) => (
            <tr key={p.unitId} data-testid={`sso-provider-${p.unitId}`}>
              <th scope="row" data-label={t('admin.sso.province')}>
                {p.unitName}
              </th>
              <td data-label={t('admin.sso.issuer')} className="admin-sso__url">
                {p.issuer}
              </td>
              <td data-label={t('admin.sso.clientId')}>{p.clientId}</td>
              <td data-label={t('admin.sso.secretRef')}>{p.clientSecretRef ?? '—'}</td>
              <td data-label={t('admin.sso.passwordSignIn')}>{p.passwordSignIn ? t('admin.sso.yes') : t('admin.sso.no')}</td>
              <td>
                <button type="button" className="button button--secondary" onClick={() => edit(p)}>
                  {t('admin.sso.edit')}
                </button>{' '}
                <button type="button" className="button button--secondary" disabled={remove.isPending} onClick={() => remove.mutate({ unitId: p.unitId })}>
                  {t('admin.sso.remove')}
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      ) : null}
      {remove.error ? <ErrorNotice error={remove.error} /> : null}
      <form className="admin-sso__form" onSubmit={submit} noValidate={false}>
        <div className="field">
          <label htmlFor={ids.unit}>{t('admin.sso.province')}</label>
          <select id={ids.unit} value={values.unitId || (provinces[0]?.id ?? '')} onChange={(e) => set({ unitId: e.target.value })} data-testid="sso-unit">
            {provinces.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.issuer}>{t('admin.sso.issuer')}</label>
          <input id={ids.issuer} type="url" required maxLength={500} value={values.issuer} onChange={(e) => set({ issuer: e.target.value })} data-testid="sso-issuer" />
        </div>
        <div className="field">
          <label htmlFor={ids.clientId}>{t('admin.sso.clientId')}</label>
          <input id={ids.clientId} required maxLength={200} value={values.clientId} onChange={(e) => set({ clientId: e.target.value })} data-testid="sso-client-id" />
        </div>
        <div className="field">
          <label htmlFor={ids.secret}>{t('admin.sso.secretRef')}</label>
          <input
            id={ids.secret}
            maxLength={500}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={ids.secretHint}
            value={values.clientSecretRef}
            onChange={(e) => set({ clientSecretRef: e.target.value })}
            data-testid="sso-secret-ref"
          />
          <p id={ids.secretHint} className="hint">
            {t('admin.sso.secretHint')}
          </p>
        </div>
        <div className="field field--checkbox">
          <input id={ids.password} type="checkbox" checked={values.passwordSignIn} onChange={(e) => set({ passwordSignIn: e.target.checked })} data-testid="sso-password" />
          <label htmlFor={ids.password}>{t('admin.sso.passwordSignIn')}</label>
        </div>
        <div className="field field--checkbox">
          <input id={ids.email} type="checkbox" checked={values.linkByVerifiedEmail} onChange={(e) => set({ linkByVerifiedEmail: e.target.checked })} />
          <label htmlFor={ids.email}>{t('admin.sso.linkByEmail')}</label>
        </div>
        {save.error ? <ErrorNotice error={save.error} /> : null}
        <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="sso-save">
          {save.isPending ? t('admin.sso.saving') : t('admin.sso.save')}
        </button>
      </form>
    </div>
  );
}
