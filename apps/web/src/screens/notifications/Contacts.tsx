import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { CONTACT_CHANNELS, type ContactChannel, type ExternalChannel } from '@chidao/domain';
import type { ContactView } from '../../api';
import { CardSection } from '../../components/Card';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { ConfirmStep } from '../../components/form/ConfirmStep';
import { Field, Form, filled } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { Icon } from '../../components/Icon';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';

/**
 * Where the person is reached outside the app: an e-mail address, a phone for SMS, a phone for Zalo.
 * Nothing goes to an address until the code sent to it is entered here.
 */
export function Contacts({ offered }: { offered: readonly ExternalChannel[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  const contacts = useQuery(trpc.notifications.contacts.queryOptions());
  return (
    <CardSection className="contacts" titleId={titleId} title={t('notifications.contacts.title')} testId="contacts">
      {contacts.isPending ? <Loading /> : null}
      {contacts.isError ? <ErrorNotice error={contacts.error} onRetry={() => void contacts.refetch()} /> : null}
      {contacts.isSuccess
        ? CONTACT_CHANNELS.map((channel) => (
            <ContactItem key={channel} channel={channel} contact={contacts.data.find((c) => c.channel === channel) ?? null} offered={offered.includes(channel)} />
          ))
        : null}
    </CardSection>
  );
}

function ContactItem({ channel, contact, offered }: { channel: ContactChannel; contact: ContactView | null; offered: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const headingId = useId();
  const [changing, setChanging] = useState(false);
  const [removing, setRemoving] = useState(false);
  const remove = useMutation(trpc.notifications.removeContact.mutationOptions());
  const verified = contact?.verifiedAt != null;
  const awaitingCode = contact !== null && !verified && contact.codePendingUntil !== null;
  return (
    <section className="contact" aria-labelledby={headingId} data-testid={`contact-${channel}`} data-verified={verified}>
      <h3 id={headingId}>{t(`notifications.contacts.${channel}`)}</h3>
      {contact ? (
        <p className="contact__address">
          <span className="contact__value">{contact.address}</span>{' '}
          <span className={`state ${verified ? 'state--acknowledged' : 'state--issued'}`}>
            <Icon name={verified ? 'check' : 'clock'} />
            <span className="state__label">{verified ? t('notifications.contacts.verified') : t('notifications.contacts.unverified')}</span>
          </span>
        </p>
      ) : (
        <p className="muted">{t('notifications.contacts.none')}</p>
      )}
      {!offered ? (
        <p className="notice notice--warning">{t('notifications.notOffered')}</p>
      ) : awaitingCode && !changing ? (
        <CodeForm channel={channel} contact={contact} onChange={() => setChanging(true)} />
      ) : !contact || changing ? (
        <AddressForm channel={channel} initial={contact?.address ?? ''} onSent={() => setChanging(false)} onCancel={contact ? () => setChanging(false) : undefined} />
      ) : (
        <div className="button-row">
          <button type="button" className="button button--secondary" onClick={() => setChanging(true)}>
            {t('notifications.contacts.change')}
          </button>
        </div>
      )}
      {contact && removing ? (
        // A second step: a removed address must be verified again with a new code to be used again.
        <ConfirmStep
          question={t('notifications.contacts.removeQuestion', { address: contact.address })}
          confirmLabel={t('notifications.contacts.remove')}
          pendingLabel={t('notifications.contacts.removing')}
          pending={remove.isPending}
          error={remove.error}
          confirmClass="button--danger"
          onConfirm={() => remove.mutate({ channel }, { onSuccess: () => setRemoving(false) })}
          onBack={() => setRemoving(false)}
        />
      ) : contact ? (
        <div className="button-row contact__remove">
          <button type="button" className="button button--secondary" onClick={() => setRemoving(true)}>
            {t('notifications.contacts.remove')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

interface AddressValues {
  address: string;
}

/** Enter an address: a code is sent to it (the API refuses more than a few an hour). */
function AddressForm({ channel, initial, onSent, onCancel }: { channel: ContactChannel; initial: string; onSent: () => void; onCancel: (() => void) | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const form = useForm<AddressValues>({ defaultValues: { address: initial } });
  const request = useMutation(trpc.notifications.requestCode.mutationOptions({ onSuccess: onSent }));
  const email = channel === 'email';
  return (
    <Form form={form} onSubmit={({ address }) => request.mutate({ channel, address: address.trim() })} testId={`contact-${channel}-address-form`}>
      <Field<AddressValues>
        name="address"
        label={email ? t('notifications.contacts.emailAddress') : t('notifications.contacts.phone')}
        hint={email ? undefined : t('notifications.contacts.phoneHint')}
        rules={{ validate: filled('app.required') }}
      >
        {(control) => <input {...control} type={email ? 'email' : 'tel'} inputMode={email ? 'email' : 'tel'} autoComplete={email ? 'email' : 'tel'} maxLength={254} />}
      </Field>
      <FormActions
        submitLabel={t('notifications.contacts.sendCode')}
        pendingLabel={t('notifications.contacts.sending')}
        pending={request.isPending}
        error={request.error}
        onCancel={onCancel}
      />
    </Form>
  );
}

interface CodeValues {
  code: string;
}

/** Enter the code that was sent; or send another, or enter another address. */
function CodeForm({ channel, contact, onChange }: { channel: ContactChannel; contact: ContactView; onChange: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const form = useForm<CodeValues>({ defaultValues: { code: '' } });
  const verify = useMutation(trpc.notifications.verifyContact.mutationOptions());
  const resend = useMutation(trpc.notifications.requestCode.mutationOptions({ onSuccess: () => form.reset() }));
  return (
    <Form form={form} onSubmit={({ code }) => verify.mutate({ channel, code: code.trim() })} testId={`contact-${channel}-code-form`}>
      <p className="hint">
        {t('notifications.contacts.codeSent', { address: contact.address, until: contact.codePendingUntil ? formatDateTime(contact.codePendingUntil) : '' })}
      </p>
      <Field<CodeValues>
        name="code"
        label={t('notifications.contacts.code')}
        rules={{ validate: (code) => /^\d{4,8}$/.test(code.trim()) || 'notifications.contacts.codeFormat' }}
      >
        {(control) => <input {...control} type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={8} />}
      </Field>
      <FormActions submitLabel={t('notifications.contacts.verify')} pendingLabel={t('notifications.contacts.verifying')} pending={verify.isPending} error={verify.error}>
        <button type="button" className="button button--secondary" disabled={resend.isPending} onClick={() => resend.mutate({ channel, address: contact.address })}>
          {t('notifications.contacts.resend')}
        </button>
        <button type="button" className="button button--secondary" onClick={onChange}>
          {t('notifications.contacts.change')}
        </button>
      </FormActions>
      {resend.isError ? <ErrorNotice error={resend.error} /> : null}
    </Form>
  );
}
