import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '@chidao/domain';
import { Field, Form } from '../components/form/Field';
import { FormActions } from '../components/form/FormActions';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';

interface PasswordValues {
  current: string;
  next: string;
  repeat: string;
}

/** Change one's password: the current one, then the new one twice. Other sessions end; this one stays. */
export function ChangePassword() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const form = useForm<PasswordValues>({ defaultValues: { current: '', next: '', repeat: '' } });
  const change = useMutation(trpc.session.changePassword.mutationOptions({ onSuccess: () => form.reset() }));
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
          rules={{ required: 'app.required', minLength: { value: PASSWORD_MIN_LENGTH, message: t('password.hint', { n: PASSWORD_MIN_LENGTH }) } }}
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
        <FormActions submitLabel={t('password.save')} pendingLabel={t('password.saving')} pending={change.isPending} error={change.error}>
          <a href={hrefFor({ name: 'home' })}>{t('notFound.back')}</a>
        </FormActions>
      </Form>
    </section>
  );
}
