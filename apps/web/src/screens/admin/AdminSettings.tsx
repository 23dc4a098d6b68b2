import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { Field, Form } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { clockInput, CLOCK_RULES, QUIET_TO_RULES } from '../../components/form/clockField';
import { domainCodeOf } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { formOfSettings, REGIME_TYPES, settingsOfForm, wholeBetween, type SettingsFormValues } from '../../lib/provinceSettings';
import { hrefFor } from '../../lib/route';
import { useTRPC } from '../../trpc';

/**
 * "Thiết lập của tỉnh" (#/admin/settings): a province administrator, or the system administrator
 * for any province, sets the defaults the province's new directives start from: the acknowledgement
 * window, reminders, escalation, when extension requests close, quiet hours, how "trước ngày" is read
 * and the periodic report regime. Saved all at once on the version read; directives already issued
 * keep what they were issued under.
 */
export function AdminSettings() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const pickerId = useId();
  const [provinceId, setProvinceId] = useState<string | undefined>(undefined);
  // The version just saved here: its form (a new one, for the new version) says so until it is edited.
  const [savedKey, setSavedKey] = useState<string | null>(null);
  const current = useQuery(trpc.admin.settings.queryOptions(provinceId ? { provinceId } : undefined));
  const data = current.data;
  return (
    <div className="page admin-page province-settings">
      <h1 id="page-title" tabIndex={-1}>
        {t('provinceSettings.title')}
      </h1>
      <p className="muted">{t('provinceSettings.intro')}</p>
      <p className="admin__links">
        <a className="button button--secondary" href={hrefFor({ name: 'admin' })}>
          {t('provinceSettings.back')}
        </a>
      </p>
      {data && data.provinces.length > 1 ? (
        <div className="field">
          <label htmlFor={pickerId}>{t('provinceSettings.province')}</label>
          <select id={pickerId} className="settings__select" value={data.provinceId} onChange={(e) => setProvinceId(e.target.value)} data-testid="settings-province">
            {data.provinces.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {current.isError ? <ErrorNotice error={current.error} onRetry={() => void current.refetch()} /> : null}
      {data === undefined ? current.isError ? null : <Loading /> : (
        <SettingsForm key={`${data.provinceId}:${data.version}`} data={data} justSaved={savedKey === `${data.provinceId}:${data.version}`} onSaved={setSavedKey} />
      )}
    </div>
  );
}

type SettingsData = Outputs['admin']['settings'];


function SettingsForm({ data, justSaved, onSaved }: { data: SettingsData; justSaved: boolean; onSaved: (key: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<SettingsFormValues>({ defaultValues: formOfSettings(data.settings) });
  const save = useMutation(
    trpc.admin.updateSettings.mutationOptions({
      onSuccess: (answer) => {
        queryClient.setQueryData(trpc.admin.settings.queryKey({ provinceId: answer.provinceId }), answer);
        form.reset(formOfSettings(answer.settings));
        onSaved(`${answer.provinceId}:${answer.version}`);
      },
      onError: (error) => {
        // Saved by someone else meanwhile: what stands now is loaded (a new version, a new form).
        if (domainCodeOf(error) === 'SETTINGS_CHANGED') void queryClient.invalidateQueries({ queryKey: trpc.admin.settings.queryKey() });
      },
    }),
  );
  const quiet = useWatch({ control: form.control, name: 'quiet' });
  const regimeType = useWatch({ control: form.control, name: 'regimeType' });
  const saved = justSaved && !form.formState.isDirty;
  const num = { inputMode: 'numeric' as const, autoComplete: 'off', maxLength: 3, };
  return (
    <section className="card" aria-labelledby="settings-form-title">
      <h2 id="settings-form-title">{data.provinces.find((p) => p.id === data.provinceId)?.name ?? data.provinceId}</h2>
      <p className="muted" data-testid="settings-version">
        {data.version === 0 || data.updatedAt === null
          ? t('provinceSettings.neverSaved')
          : t('provinceSettings.lastSaved', { date: formatDate(data.updatedAt), by: data.updatedByName ?? '', version: data.version })}
      </p>
      <Form form={form} onSubmit={(values) => save.mutate({ provinceId: data.provinceId, version: data.version, settings: settingsOfForm(values) })} testId="settings-form">
        <fieldset className="field">
          <legend>{t('provinceSettings.ack.legend')}</legend>
          <Field<SettingsFormValues> name="acknowledgeWorkingDays" label={t('provinceSettings.ack.days')} hint={t('provinceSettings.ack.hint')} rules={{ validate: wholeBetween(0, 10) }}>
            {(control) => <input {...control} {...num} data-testid="settings-ack-days" />}
          </Field>
        </fieldset>
        <fieldset className="field">
          <legend>{t('provinceSettings.reminders.legend')}</legend>
          {(['remindAtHalf', 'remindAtThreeQuarters', 'remindDayBefore'] as const).map((name) => (
            <label key={name} className="checkbox">
              <input type="checkbox" {...form.register(name)} data-testid={`settings-${name}`} />{' '}
              {t(`provinceSettings.reminders.${name === 'remindAtHalf' ? 'atHalf' : name === 'remindAtThreeQuarters' ? 'atThreeQuarters' : 'dayBefore'}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>{t('provinceSettings.escalation.legend')}</legend>
          <Field<SettingsFormValues> name="escalateParentAfter" label={t('provinceSettings.escalation.parent')} rules={{ validate: wholeBetween(0, 30) }}>
            {(control) => <input {...control} {...num} data-testid="settings-escalate-parent" />}
          </Field>
          <Field<SettingsFormValues>
            name="escalateProvinceAfter"
            label={t('provinceSettings.escalation.province')}
            hint={t('provinceSettings.escalation.hint')}
            rules={{
              validate: (value, values) => {
                const ok = wholeBetween(0, 30)(value);
                return ok !== true ? ok : Number(value) >= Number(values.escalateParentAfter) || 'provinceSettings.escalation.hint';
              },
            }}
          >
            {(control) => <input {...control} {...num} data-testid="settings-escalate-province" />}
          </Field>
        </fieldset>
        <fieldset className="field">
          <legend>{t('provinceSettings.extensions.legend')}</legend>
          <Field<SettingsFormValues> name="extensionsCloseWorkingDays" label={t('provinceSettings.extensions.days')} hint={t('provinceSettings.extensions.hint')} rules={{ validate: wholeBetween(0, 30) }}>
            {(control) => <input {...control} {...num} data-testid="settings-extensions" />}
          </Field>
        </fieldset>
        <fieldset className="field">
          <legend>{t('provinceSettings.quiet.legend')}</legend>
          <label className="checkbox">
            <input type="checkbox" {...form.register('quiet')} data-testid="settings-quiet" /> {t('provinceSettings.quiet.on')}
          </label>
          {quiet ? (
            <div className="settings__times">
              <Field<SettingsFormValues> name="quietFrom" label={t('provinceSettings.quiet.from')} rules={CLOCK_RULES}>
                {(control) => clockInput(control, 'settings-quiet-from')}
              </Field>
              <Field<SettingsFormValues>
                name="quietTo"
                label={t('provinceSettings.quiet.to')}
                rules={QUIET_TO_RULES}
              >
                {(control) => clockInput(control, 'settings-quiet-to')}
              </Field>
            </div>
          ) : null}
          <p className="hint">{t('provinceSettings.quiet.hint')}</p>
        </fieldset>
        <fieldset className="field">
          <legend>{t('provinceSettings.beforeDate.legend')}</legend>
          {(['inclusive', 'exclusive'] as const).map((value) => (
            <label key={value} className="checkbox">
              <input type="radio" value={value} {...form.register('beforeDate')} data-testid={`settings-before-${value}`} /> {t(`provinceSettings.beforeDate.${value}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>{t('provinceSettings.regime.legend')}</legend>
          <Field<SettingsFormValues> name="regimeType" label={t('provinceSettings.regime.type')}>
            {(control) => (
              <select {...control} className="settings__select" data-testid="settings-regime">
                {REGIME_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`provinceSettings.regime.types.${type}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field<SettingsFormValues> name="regimeCutOffDay" label={t('provinceSettings.regime.cutOff')} rules={{ validate: wholeBetween(1, 28) }}>
            {(control) => <input {...control} {...num} />}
          </Field>
          <Field<SettingsFormValues> name="regimeDueDay" label={t('provinceSettings.regime.due')} hint={regimeType === 'none' ? undefined : t('provinceSettings.regime.hint')} rules={{ validate: wholeBetween(1, 28) }}>
            {(control) => <input {...control} {...num} />}
          </Field>
        </fieldset>
        {saved ? (
          <p className="notice notice--success" role="status" data-testid="settings-saved">
            {t('provinceSettings.saved')}
          </p>
        ) : null}
        <FormActions submitLabel={t('provinceSettings.save')} pendingLabel={t('provinceSettings.saving')} pending={save.isPending} error={save.error} submitTestId="settings-save">
          <button type="button" className="button button--secondary" onClick={() => form.reset(formOfSettings(data.defaults), { keepDefaultValues: true })} data-testid="settings-restore">
            {t('provinceSettings.restore')}
          </button>
        </FormActions>
      </Form>
    </section>
  );
}
