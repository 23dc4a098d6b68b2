import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Field, Form } from '../components/form/Field';
import { FormActions } from '../components/form/FormActions';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';

/**
 * "Quên mật khẩu", signed out: asks for a reset link by username. The server answers alike whether
 * or not the account exists, and so does this page.
 */
export function ForgotPassword() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const form = useForm<{ username: string }>({ defaultValues: { username: '' } });
  const request = useMutation(trpc.session.requestReset.mutationOptions());
  return (
    <section className="page sign-in" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('forgot.title')}
      </h1>
      <p>{t('forgot.intro')}</p>
      {request.isSuccess ? (
        <p className="notice notice--success" role="status" data-testid="reset-sent">
          {t('forgot.sent', { minutes: request.data.validMinutes })}
        </p>
      ) : null}
      <Form form={form} onSubmit={({ username }) => !request.isPending && request.mutate({ username })} className="sign-in__form">
        <Field<{ username: string }> name="username" label={t('forgot.username')} rules={{ required: 'app.required' }}>
          {(control) => <input {...control} autoComplete="username" autoCapitalize="none" spellCheck={false} required maxLength={200} />}
        </Field>
        <FormActions submitLabel={t('forgot.submit')} pendingLabel={t('forgot.submitting')} pending={request.isPending} error={request.error}>
          <a href={hrefFor({ name: 'activate', code: '' })}>{t('forgot.haveCode')}</a>
        </FormActions>
      </Form>
    </section>
  );
}
