import { useMutation, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useForm, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { EXTERNAL_CHANNELS, NOTIFICATION_GROUPS, type ExternalChannel, type NotificationGroup } from '@chidao/domain';
import type { NotificationPreferencesView } from '../../api';
import { CardSection } from '../../components/Card';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { Field, Form } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { clockInput, CLOCK_RULES, QUIET_TO_RULES } from '../../components/form/clockField';
import { parseClockTime } from '../../lib/dates';
import { withChannel } from '../../lib/notifications';
import { useTRPC } from '../../trpc';

/** The form's values: quiet hours and the digest keep their times while switched off, to switch back on. */
interface PreferenceValues {
  channels: Record<NotificationGroup, ExternalChannel[]>;
  quiet: boolean;
  quietFrom: string;
  quietTo: string;
  digest: boolean;
  digestAt: string;
}

/** What the form shows for stored preferences; quiet hours switched off show the usual 21:00–07:00 to switch on. */
function valuesOf(p: NotificationPreferencesView): PreferenceValues {
  return {
    channels: Object.fromEntries(NOTIFICATION_GROUPS.map((g) => [g, [...p.channels[g]]])) as PreferenceValues['channels'],
    quiet: p.quietHours !== null,
    quietFrom: p.quietHours?.from ?? '21:00',
    quietTo: p.quietHours?.to ?? '07:00',
    digest: p.digest.enabled,
    digestAt: p.digest.at,
  };
}

/** A checkbox group gives an array (or nothing when none was ever checked): back in the order channels are tried. */
const channelsOf = (value: unknown): ExternalChannel[] =>
  EXTERNAL_CHANNELS.reduce<ExternalChannel[]>((list, c) => withChannel(list, c, Array.isArray(value) && value.includes(c)), []);

/** A time the form's rules have already checked, as the API takes it. */
const clock = (text: string): string => parseClockTime(text) ?? text;


function preferencesOf(v: PreferenceValues, before: NotificationPreferencesView): NotificationPreferencesView {
  return {
    channels: Object.fromEntries(NOTIFICATION_GROUPS.map((g) => [g, channelsOf(v.channels[g])])) as NotificationPreferencesView['channels'],
    quietHours: v.quiet ? { from: clock(v.quietFrom), to: clock(v.quietTo) } : null,
    // Switched off, the time is not shown nor checked: one left half-typed keeps the time saved before.
    digest: { enabled: v.digest, at: parseClockTime(v.digestAt) ?? before.digest.at },
  };
}

export function Preferences({ offered }: { offered: readonly ExternalChannel[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  const stored = useQuery(trpc.notifications.preferences.queryOptions());
  return (
    <CardSection className="preferences" titleId={titleId} title={t('notifications.prefs.title')} testId="preferences">
      {stored.isPending ? <Loading /> : null}
      {stored.isError ? <ErrorNotice error={stored.error} onRetry={() => void stored.refetch()} /> : null}
      {stored.isSuccess ? <PreferencesForm initial={stored.data.preferences} saved={stored.data.saved} offered={offered} /> : null}
    </CardSection>
  );
}

function PreferencesForm({ initial, saved, offered }: { initial: NotificationPreferencesView; saved: boolean; offered: readonly ExternalChannel[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const form = useForm<PreferenceValues>({ defaultValues: valuesOf(initial) });
  const save = useMutation(trpc.notifications.setPreferences.mutationOptions({ onSuccess: ({ preferences }) => form.reset(valuesOf(preferences)) }));
  const quiet = form.watch('quiet');
  const digest = form.watch('digest');
  // Said once above the groups rather than beside every checkbox: the choice is still kept for when the channel is turned on.
  const notOffered = EXTERNAL_CHANNELS.filter((c) => !offered.includes(c));
  return (
    <Form form={form} onSubmit={(values) => save.mutate(preferencesOf(values, initial))} className="preferences__form" testId="preferences-form">
      <p className="muted" data-testid="preferences-source" data-saved={saved}>
        {saved ? t('notifications.prefs.savedSource') : t('notifications.prefs.defaultSource')}
      </p>
      {notOffered.length > 0 ? (
        <p className="hint" data-testid="channels-not-offered">
          {t('notifications.prefs.notOffered', { channels: notOffered.map((c) => t(`notifications.channels.${c}`)).join(', ') })}
        </p>
      ) : null}
      {NOTIFICATION_GROUPS.map((group) => (
        <GroupChannels key={group} group={group} />
      ))}
      <fieldset className="preferences__group" data-testid="quiet-hours">
        <legend>{t('notifications.prefs.quietTitle')}</legend>
        <Checkbox name="quiet" label={t('notifications.prefs.quietOn')} />
        {quiet ? (
          <div className="preferences__times">
            <Field<PreferenceValues> name="quietFrom" label={t('notifications.prefs.from')} rules={CLOCK_RULES}>
              {clockInput}
            </Field>
            <Field<PreferenceValues>
              name="quietTo"
              label={t('notifications.prefs.to')}
              rules={QUIET_TO_RULES}
            >
              {clockInput}
            </Field>
          </div>
        ) : null}
        <p className="hint">{t('notifications.prefs.quietUrgent')}</p>
      </fieldset>
      <fieldset className="preferences__group" data-testid="digest">
        <legend>{t('notifications.prefs.digestTitle')}</legend>
        <Checkbox name="digest" label={t('notifications.prefs.digestOn')} />
        {digest ? (
          <Field<PreferenceValues> name="digestAt" label={t('notifications.prefs.digestAt')} rules={CLOCK_RULES}>
            {clockInput}
          </Field>
        ) : null}
        <p className="hint">{t('notifications.prefs.digestHint')}</p>
      </fieldset>
      {save.isSuccess && !form.formState.isDirty ? (
        <p className="notice notice--success" role="status" data-testid="preferences-saved">
          {t('notifications.prefs.saved')}
        </p>
      ) : null}
      <FormActions
        submitLabel={t('notifications.prefs.save')}
        pendingLabel={t('notifications.prefs.saving')}
        pending={save.isPending}
        error={save.error}
        submitTestId="save-preferences"
      />
    </Form>
  );
}

/** One group's channels: a fieldset of checkboxes, one per channel (big targets, one under another on a phone). */
function GroupChannels({ group }: { group: NotificationGroup }) {
  const { t } = useTranslation();
  const { register } = useFormContext<PreferenceValues>();
  const id = useId();
  return (
    <fieldset className="preferences__group" data-testid={`pref-group-${group}`}>
      <legend>{t(`notifications.groups.${group}`)}</legend>
      <div className="preferences__channels">
        {EXTERNAL_CHANNELS.map((channel) => (
          <div className="checkbox" key={channel}>
            <input id={`${id}-${channel}`} type="checkbox" value={channel} data-channel={channel} {...register(`channels.${group}`)} />
            <label htmlFor={`${id}-${channel}`}>
              {t(`notifications.channels.${channel}`)}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function Checkbox({ name, label }: { name: 'quiet' | 'digest'; label: string }) {
  const { register } = useFormContext<PreferenceValues>();
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" {...register(name)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
