import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '@chidao/domain';
import { ErrorNotice } from '../components/ErrorNotice';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';

/** Change one's password: the current one, then the new one twice. Other sessions end; this one stays. */
export function ChangePassword() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation(
    trpc.session.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setRepeat('');
      },
    }),
  );
  const mismatch = repeat !== '' && repeat !== next;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch && !change.isPending) change.mutate({ currentPassword: current, newPassword: next });
  };

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('password.title')}
      </h1>
      {change.isSuccess ? (
        <p className="notice notice--success" role="status">
          {t('password.changed')}
        </p>
      ) : null}
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-current`}>{t('password.current')}</label>
          <input
            id={`${id}-current`}
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-new`}>{t('password.new')}</label>
          <input
            id={`${id}-new`}
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            maxLength={256}
            aria-describedby={`${id}-hint`}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
          <p id={`${id}-hint`} className="hint">
            {t('password.hint', { n: PASSWORD_MIN_LENGTH })}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-repeat`}>{t('password.repeat')}</label>
          <input
            id={`${id}-repeat`}
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={mismatch}
            aria-describedby={mismatch ? `${id}-mismatch` : undefined}
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
          {mismatch ? (
            <p id={`${id}-mismatch`} className="hint">
              {t('password.mismatch')}
            </p>
          ) : null}
        </div>
        {change.isError ? <ErrorNotice error={change.error} /> : null}
        <p>
          <button type="submit" className="button button--primary" disabled={change.isPending || mismatch}>
            {change.isPending ? t('password.saving') : t('password.save')}
          </button>{' '}
          <a href={hrefFor({ name: 'home' })}>{t('notFound.back')}</a>
        </p>
      </form>
    </section>
  );
}
