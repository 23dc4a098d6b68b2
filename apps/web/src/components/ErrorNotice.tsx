import { useTranslation } from 'react-i18next';
import { domainCodeOf, errorMessageKey, isTransient } from '../lib/errors';

/** An error in words chosen by its domain code, with a retry when asking again could help. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const code = domainCodeOf(error);
  return (
    <div className="notice notice--error" role="alert" data-error-code={code ?? undefined}>
      <p>{t(errorMessageKey(error))}</p>
      {onRetry && isTransient(error) ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}
