import { useId, useState } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { freeKey, suggestMetrics } from '../../lib/issue';
import { MetricSelect, RowButton, TextInput } from './fields';
import type { SectionProps } from './sections';

/** Targets, and the figures and rates the units will report (proposable from the targets). */
export function TargetsSection(sharedProps: SectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const { register, control, getValues, errorOf } = sharedProps;
  const targets = useFieldArray({ control, name: 'targets' });
  const metrics = useFieldArray({ control, name: 'metrics' });
  const rates = useFieldArray({ control, name: 'rates' });
  const metricRows = useWatch({ control, name: 'metrics' });
  const [suggested, setSuggested] = useState<{ metrics: number; rates: number } | null>(null);
  const suggest = () => {
    const current = { metrics: getValues('metrics'), rates: getValues('rates') };
    const next = suggestMetrics(getValues('targets'), current);
    metrics.replace(next.metrics);
    rates.replace(next.rates);
    setSuggested({ metrics: next.metrics.length - current.metrics.length, rates: next.rates.length - current.rates.length });
  };
  return (
    <fieldset className="card" data-testid="issue-targets">
      <legend className="card__title">{t('issue.sections.targets')}</legend>
      {targets.fields.map((field, i) => (
        <div key={field.id} className="issue__row" data-testid="issue-target">
          <TextInput name={`targets.${i}.text`} label={t('issue.field.targetText')} span={field.span} {...sharedProps} multiline />
          <div className="issue__inline">
            <TextInput name={`targets.${i}.value`} label={t('issue.field.targetValue')} {...sharedProps} />
            <div className="field">
              <label htmlFor={`${id}-tu-${i}`}>{t('issue.field.targetUnit')}</label>
              <select id={`${id}-tu-${i}`} {...register(`targets.${i}.unit`)}>
                <option value="percent">%</option>
                <option value="count">{t('issue.targetUnit.count')}</option>
              </select>
            </div>
            <TextInput name={`targets.${i}.due`} label={t('issue.field.targetDue')} {...sharedProps} date />
          </div>
          <RowButton onClick={() => targets.remove(i)}>{t('issue.remove')}</RowButton>
        </div>
      ))}
      <div className="button-row">
        <RowButton testId="issue-add-target" onClick={() => targets.append({ text: '', value: '', unit: 'percent', due: '', span: null })}>
          + {t('issue.addTarget')}
        </RowButton>
      </div>
      <h3>{t('issue.sections.metrics')}</h3>
      <p className="hint">{t('issue.metricsHint')}</p>
      <div className="button-row">
        <RowButton disabled={targets.fields.length === 0} onClick={suggest} testId="issue-suggest-metrics">
          {t('issue.suggestMetrics')}
        </RowButton>
      </div>
      {suggested ? (
        <p className="hint" role="status" data-testid="issue-suggested">
          {suggested.metrics + suggested.rates > 0 ? t('issue.suggested', { metrics: suggested.metrics, rates: suggested.rates }) : t('issue.suggestedNone')}
        </p>
      ) : null}
      {metrics.fields.map((field, i) => (
        <div key={field.id} className="issue__inline" data-testid="issue-metric">
          {/* The figure's key (target1Done, m2) is the system's: people see and name it by its label, which also shows a problem with the key. */}
          <TextInput
            name={`metrics.${i}.label`}
            label={t('issue.field.metricLabel')}
            {...sharedProps}
            errorOf={(f) => errorOf(f) ?? (f === `metrics.${i}.label` ? errorOf(`metrics.${i}.key`) : null)}
          />
          <label className="checkbox">
            <input type="checkbox" {...register(`metrics.${i}.cumulative`)} /> {t('issue.field.cumulative')}
          </label>
          <RowButton onClick={() => metrics.remove(i)}>{t('issue.remove')}</RowButton>
        </div>
      ))}
      <RowButton onClick={() => metrics.append({ key: freeKey('m', getValues('metrics').map((m) => m.key)), label: '', cumulative: true })}>+ {t('issue.addMetric')}</RowButton>
      {rates.fields.map((field, i) => (
        <div key={field.id} className="issue__inline" data-testid="issue-rate">
          <TextInput name={`rates.${i}.label`} label={t('issue.field.rateLabel')} {...sharedProps} />
          {(['numerator', 'denominator'] as const).map((part) => (
            <MetricSelect key={part} name={`rates.${i}.${part}`} label={t(`issue.field.${part}`)} metrics={metricRows ?? []} control={control} error={errorOf(`rates.${i}.${part}`)} />
          ))}
          <TextInput name={`rates.${i}.targetPercent`} label={t('issue.field.targetPercent')} {...sharedProps} />
          <RowButton onClick={() => rates.remove(i)}>{t('issue.remove')}</RowButton>
        </div>
      ))}
      <RowButton onClick={() => rates.append({ key: freeKey('r', getValues('rates').map((r) => r.key)), label: '', numerator: '', denominator: '', targetPercent: '' })}>
        + {t('issue.addRate')}
      </RowButton>
    </fieldset>
  );
}
