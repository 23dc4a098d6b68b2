import { useFieldArray } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/form/Field';
import { levelPresets } from '../../lib/issue';
import { RoleSelect, RowButton, TextInput } from './fields';
import { GroupEditor } from './GroupEditor';
import { describeGroup } from './names';
import type { SectionProps } from './sections';

/** "Kính gửi": the groups and units addressed, added by level presets or one unit at a time. */
export function RecipientsSection(sharedProps: SectionProps) {
  const { t } = useTranslation();
  const { register, control, units, errorOf } = sharedProps;
  const recipients = useFieldArray({ control, name: 'recipients' });
  return (
    <fieldset className="card" data-testid="issue-recipients">
      <legend className="card__title">{t('issue.sections.recipients')}</legend>
      <p className="hint">{t('issue.recipientsHint')}</p>
      {recipients.fields.map((field, i) => (
        <div key={field.id} className="issue__row" data-testid="issue-recipient">
          <TextInput name={`recipients.${i}.text`} label={t('issue.field.recipientText')} span={field.span} {...sharedProps} multiline />
          <GroupEditor name={`recipients.${i}.group`} {...sharedProps} />
          <RoleSelect name={`recipients.${i}.role`} register={register} />
          <RowButton onClick={() => recipients.remove(i)}>{t('issue.remove')}</RowButton>
        </div>
      ))}
      <FieldError message={errorOf('recipients')} announce={false} />
      <p className="issue__subtitle">{t('issue.addRecipients')}</p>
      <div className="button-row" data-testid="issue-recipient-presets">
        {levelPresets(units).map((preset) => {
          // "UBND các xã, phường, thị trấn" (2020) or "UBND các xã, phường, đặc khu" (since 1/7/2025): the kinds the tree holds.
          const label = preset.key === 'communes' && preset.types
            ? t('issue.preset.communesOf', { types: preset.types })
            : preset.key
              ? t(`issue.preset.${preset.key}`)
              : describeGroup(t, units, preset.group);
          return (
            <button
              key={`${preset.group.level}:${preset.group.kinds.join(',')}`}
              type="button"
              className="button button--secondary"
              data-testid={`issue-preset-${preset.group.level}-${preset.group.kinds.join('-')}`}
              onClick={() => recipients.append({ text: label, group: { ...preset.group, kinds: [...preset.group.kinds] }, role: 'lead', span: null })}
            >
              + {label}
            </button>
          );
        })}
        <RowButton testId="issue-add-recipient-unit" onClick={() => recipients.append({ text: '', group: { type: 'units', unitIds: [] }, role: 'lead', span: null })}>
          + {t('issue.addRecipientUnit')}
        </RowButton>
      </div>
    </fieldset>
  );
}
