import { useId } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/form/Field';
import { isCalendarProgress, PROGRESS_TYPES, WEEKDAYS } from '../../lib/issue';
import { TextInput } from './fields';
import type { SectionProps } from './sections';

/** How the units are followed: acknowledgement, report, progress reports, reminders, escalation. */
export function TrackingSection(sharedProps: SectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const { register, control, errorOf } = sharedProps;
  const ackType = useWatch({ control, name: 'ackType' });
  const reportType = useWatch({ control, name: 'reportType' });
  const progressType = useWatch({ control, name: 'progressType' });
  return (
    <fieldset className="card" data-testid="issue-tracking">
      <legend className="card__title">{t('issue.sections.tracking')}</legend>
      <fieldset className="issue__choice">
        <legend>{t('issue.field.acknowledge')}</legend>
        <label className="checkbox">
          <input type="radio" value="workingDays" {...register('ackType')} /> {t('issue.ack.workingDays')}
        </label>
        <label className="checkbox">
          <input type="radio" value="date" {...register('ackType')} data-testid="issue-ack-by-date" /> {t('issue.ack.date')}
        </label>
        {ackType === 'date' ? (
          <TextInput name="ackDate" label={t('issue.field.ackDate')} hint={t('dateField.hint')} {...sharedProps} testId="issue-ack-date" />
        ) : (
          <TextInput name="ackDays" label={t('issue.field.days')} {...sharedProps} />
        )}
      </fieldset>
      <fieldset className="issue__choice">
        <legend>{t('issue.field.report')}</legend>
        {(['dispatch', 'workingDays', 'date'] as const).map((type) => (
          <label key={type} className="checkbox">
            <input type="radio" value={type} {...register('reportType')} data-testid={`issue-report-${type}`} /> {t(`issue.report.${type}`)}
          </label>
        ))}
        {reportType === 'date' ? <TextInput name="reportDate" label={t('issue.field.reportDate')} hint={t('dateField.hint')} {...sharedProps} testId="issue-report-date" /> : null}
        {reportType === 'workingDays' ? <TextInput name="reportDays" label={t('issue.field.days')} {...sharedProps} testId="issue-report-days" /> : null}
      </fieldset>
      <fieldset className={`issue__choice${errorOf('progressType') ? ' field--invalid' : ''}`} data-testid="issue-progress">
        <legend>{t('issue.field.progress')}</legend>
        <p className="hint">{t('issue.progressHint')}</p>
        {PROGRESS_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input type="radio" value={type} {...register('progressType')} data-testid={`issue-progress-${type}`} /> {t(`issue.progress.${type}`)}
          </label>
        ))}
        {progressType === 'everyWorkingDays' ? <TextInput name="progressDays" label={t('issue.field.progressDays')} {...sharedProps} testId="issue-progress-days" /> : null}
        {progressType === 'weekly' ? (
          <div className={`field${errorOf('progressWeekday') ? ' field--invalid' : ''}`}>
            <label htmlFor={`${id}-weekday`}>{t('issue.field.progressWeekday')}</label>
            <select id={`${id}-weekday`} {...register('progressWeekday')} data-testid="issue-progress-weekday">
              {WEEKDAYS.map((d) => (
                <option key={d} value={d}>
                  {t(`issue.weekday.${d}`)}
                </option>
              ))}
            </select>
            <FieldError message={errorOf('progressWeekday')} announce={false} />
          </div>
        ) : null}
        {isCalendarProgress(progressType) ? (
          <div className="issue__inline">
            <TextInput name="progressCutOffDay" label={t('issue.field.progressCutOffDay')} hint={t('issue.progressCutOffHint')} {...sharedProps} testId="issue-progress-cutoff" />
            <TextInput name="progressDueDay" label={t('issue.field.progressDueDay')} hint={t('issue.progressDueHint')} {...sharedProps} testId="issue-progress-due" />
          </div>
        ) : null}
        {progressType !== 'none' ? (
          <label className="checkbox">
            <input type="checkbox" {...register('progressUntilEnded')} data-testid="issue-progress-until-ended" /> {t('issue.progressUntilEnded')}
          </label>
        ) : null}
        <FieldError message={errorOf('progressType')} announce={false} />
      </fieldset>
      <fieldset className="issue__choice">
        <legend>{t('issue.field.reminders')}</legend>
        <label className="checkbox">
          <input type="checkbox" {...register('remindHalf')} /> {t('issue.remind.half')}
        </label>
        <label className="checkbox">
          <input type="checkbox" {...register('remindThreeQuarters')} /> {t('issue.remind.threeQuarters')}
        </label>
        <label className="checkbox">
          <input type="checkbox" {...register('remindDayBefore')} /> {t('issue.remind.dayBefore')}
        </label>
      </fieldset>
      <div className="issue__inline">
        <TextInput name="escalateParentAfter" label={t('issue.field.escalateParent')} {...sharedProps} />
        <TextInput name="escalateProvinceAfter" label={t('issue.field.escalateProvince')} {...sharedProps} />
      </div>
    </fieldset>
  );
}
