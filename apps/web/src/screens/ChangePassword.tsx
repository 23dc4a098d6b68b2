import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '@chidao/domain';
import { Field, Form } from '../components/form/Field';
import { FormActions } from '../components/form/FormActions';
import { domainCodeOf } from '../lib/errors';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';

interface PasswordValues {
  current: string;
  next: string;
  repeat: string;
}

/**
 * The field a refusal of the change is about, with the message to show beside it (an i18n key, or
 * the new password's rule in words).
 */
function fieldOfRefusal(code: string | null, rule: string): { name: keyof PasswordValues; message: string } | null {
  if (code === 'INVALID_CREDENTIALS') return { name: 'current', message: 'password.wrongCurrent' };
  if (code === 'WEAK_PASSWORD') return { name: 'next', message: rule };
  return null;
}

/** Change one's password: the current one, then the new one twice. Other sessions end; this one stays. */
export function ChangePassword() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const rule = t('password.hint', { n: PASSWORD_MIN_LENGTH });
  const form = useForm<PasswordValues>({ defaultValues: { current: '', next: '', repeat: '' } });
  const change = useMutation(
    trpc.session.changePassword.mutationOptions({
      onSuccess: () => form.reset(),
      // A refusal about one field is shown beside that field (marked invalid, focused), not as a
      // sign-in error: the API answers a wrong current password as it answers a wrong sign-in.
      onError: (error) => {
        const field = fieldOfRefusal(domainCodeOf(error), rule);
        if (field) form.setError(field.name, { type: 'server', message: field.message }, { shouldFocus: true });
      },
    }),
  );
  const refusedOnField = fieldOfRefusal(domainCodeOf(change.error), rule) !== null;
  const onSubmit = ({ current, next }: PasswordValues) => {
    if (!change.isPending) change.mutate({ currentPassword: current, newPassword: next });
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
      <Form form={form} onSubmit={onSubmit}>
        <Field<PasswordValues> name="current" label={t('password.current')} rules={{ required: 'app.required' }}>
          {(control) => <input {...control} type="password" autoComplete="current-password" required />}
        </Field>
        <Field<PasswordValues>
          name="next"
          label={t('password.new')}
          hint={t('password.hint', { n: PASSWORD_MIN_LENGTH })}
          rules={{ required: 'app.required', minLength: { value: PASSWORD_MIN_LENGTH, message: rule } }}
        >
          {(control) => <input {...control} type="password" autoComplete="new-password" required minLength={PASSWORD_MIN_LENGTH} maxLength={256} />}
        </Field>
        <Field<PasswordValues>
          name="repeat"
          label={t('password.repeat')}
          rules={{ required: 'app.required', validate: (repeat, { next }) => repeat === next || 'password.mismatch' }}
        >
          {(control) => <input {...control} type="password" autoComplete="new-password" required />}
        </Field>
        <FormActions submitLabel={t('password.save')} pendingLabel={t('password.saving')} pending={change.isPending} error={refusedOnField ? null : change.error}>
          <a href={hrefFor({ name: 'home' })}>{t('notFound.back')}</a>
        </FormActions>
      </Form>
    </section>
  );
}
