import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '@chidao/domain';
import { Field, Form } from '../components/form/Field';
import { FormActions } from '../components/form/FormActions';
import { domainCodeOf } from '../lib/errors';
import { hrefFor } from '../lib/route';
import { useSignedIn } from '../session';
import { useTRPC } from '../trpc';

interface ActivateValues {
  code: string;
  next: string;
  repeat: string;
}

/**
 * Setting one's password with a one-time code (a new account's activation, or a reset), signed out:
 * the code comes from the link's address or is typed from the printed sheet. Success signs in.
 */
export function Activate({ code }: { code: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const signedIn = useSignedIn();
  const rule = t('password.hint', { n: PASSWORD_MIN_LENGTH });
  const form = useForm<ActivateValues>({ defaultValues: { code, next: '', repeat: '' } });
  const redeem = useMutation(
    trpc.session.redeemCode.mutationOptions({
      onSuccess: (account) => {
        window.location.hash = hrefFor({ name: 'home' });
        void signedIn(account.id);
      },
      onError: (error) => {
        const code = domainCodeOf(error);
        if (code === 'WEAK_PASSWORD') form.setError('next', { type: 'server', message: rule }, { shouldFocus: true });
        if (code === 'ACCOUNT_CODE_INVALID') form.setError('code', { type: 'server', message: 'errors.codes.ACCOUNT_CODE_INVALID' }, { shouldFocus: true });
      },
    }),
  );
  const onFieldRefusal = ['WEAK_PASSWORD', 'ACCOUNT_CODE_INVALID'].includes(domainCodeOf(redeem.error) ?? '');
  const submit = (values: ActivateValues) => {
    if (!redeem.isPending) redeem.mutate({ code: values.code, newPassword: values.next });
  };
  return (
    <section className="page sign-in" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('activate.title')}
      </h1>
      <p>{t('activate.intro')}</p>
      <Form form={form} onSubmit={submit} className="sign-in__form" testId="activate-form">
        <Field<ActivateValues> name="code" label={t('activate.code')} hint={t('activate.codeHint')} rules={{ required: 'app.required' }}>
          {(control) => <input {...control} autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} required maxLength={64} />}
        </Field>
        <Field<ActivateValues> name="next" label={t('password.new')} hint={rule} rules={{ required: 'app.required', minLength: { value: PASSWORD_MIN_LENGTH, message: rule } }}>
          {(control) => <input {...control} type="password" autoComplete="new-password" required minLength={PASSWORD_MIN_LENGTH} maxLength={256} />}
        </Field>
        <Field<ActivateValues> name="repeat" label={t('password.repeat')} rules={{ required: 'app.required', validate: (repeat, { next }) => repeat === next || 'password.mismatch' }}>
          {(control) => <input {...control} type="password" autoComplete="new-password" required />}
        </Field>
        <FormActions submitLabel={t('activate.submit')} pendingLabel={t('activate.submitting')} pending={redeem.isPending} error={onFieldRefusal ? null : redeem.error}>
          <a href="#/">{t('activate.toSignIn')}</a>
        </FormActions>
      </Form>
    </section>
  );
}
