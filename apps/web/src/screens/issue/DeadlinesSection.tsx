import { useId } from 'react';
import { useFieldArray } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/form/Field';
import { UnitOptions } from '../../components/form/UnitOptions';
import { RowButton, SourceQuote, TextInput } from './fields';
import { describeGroup } from './names';
import type { SectionProps } from './sections';

/** Deadlines, whom each binds, and the coordinating unit. */
export function DeadlinesSection(sharedProps: SectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const { register, control, units, source, spans, errorOf } = sharedProps;
  const deadlines = useFieldArray({ control, name: 'deadlines' });
  return (
    <fieldset className="card">
      <legend className="card__title">{t('issue.sections.deadlines')}</legend>
      {deadlines.fields.map((field, i) => (
        <div key={field.id} className="issue__row" data-testid="issue-deadline">
          <TextInput name={`deadlines.${i}.text`} label={t('issue.field.deadlineText')} span={field.span} {...sharedProps} multiline />
          <p className="hint">{field.owers ? t('issue.owedBy', { group: describeGroup(t, units, field.owers) }) : t('issue.owedByAll')}</p>
          {field.before ? (
            <p className="hint" data-testid="issue-deadline-before">
              {t(`issue.before.${field.before}`)}
            </p>
          ) : null}
          <div className="issue__inline">
            <TextInput name={`deadlines.${i}.due`} label={t('issue.field.due')} {...sharedProps} />
            <TextInput name={`deadlines.${i}.time`} label={t('issue.field.time')} {...sharedProps} />
          </div>
          <RowButton onClick={() => deadlines.remove(i)}>{t('issue.remove')}</RowButton>
        </div>
      ))}
      <div className="button-row">
        <RowButton testId="issue-add-deadline" onClick={() => deadlines.append({ text: '', due: '', time: '', owers: null, span: null })}>
          + {t('issue.addDeadline')}
        </RowButton>
      </div>
      <div className={`field${errorOf('coordinatorUnitId') ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-coord`}>{t('issue.field.coordinator')}</label>
        <select id={`${id}-coord`} {...register('coordinatorUnitId')} data-testid="issue-coordinator">
          <UnitOptions none={t('issue.none')} units={units} />
        </select>
        <SourceQuote source={source} span={spans?.coordinator} />
        <FieldError message={errorOf('coordinatorUnitId')} announce={false} />
      </div>
    </fieldset>
  );
}
