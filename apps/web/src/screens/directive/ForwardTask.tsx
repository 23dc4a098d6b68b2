import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { useController, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DateField, TextAreaField } from '../../components/form/DateField';
import { FieldError, Form, useMessage } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { StateBadge } from '../../components/StateBadge';
import { checkDate, vietnamDay } from '../../lib/dates';
import { formatDate } from '../../lib/format';
import { useKeptDraft } from '../../lib/useKeptDraft';
import { useTRPC } from '../../trpc';

/**
 * "Chuyển giao cho cấp dưới": a unit hands its task to the units directly below it (all of them, or
 * the ones it ticks) with its own instructions, a report day no later than its own, and optionally a
 * day to acknowledge by. Units that already have the task are shown as such; the server decides again.
 */
interface ForwardValues {
  scope: 'all' | 'some';
  picked: string[];
  instructions: string;
  reportDate: string;
  acknowledgeDate: string;
}

const EMPTY: ForwardValues = { scope: 'all', picked: [], instructions: '', reportDate: '', acknowledgeDate: '' };

export function ForwardTask({ own }: { own: Assignment }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const below = useQuery(trpc.directives.subordinates.queryOptions({ directiveId: own.directiveId, unitId: own.unitId }));
  const form = useForm<ForwardValues>({ defaultValues: EMPTY });
  const scope = useWatch({ control: form.control, name: 'scope' });
  const reportDate = useWatch({ control: form.control, name: 'reportDate' });
  const picked = useController({
    control: form.control,
    name: 'picked',
    rules: { validate: (list, values) => values.scope === 'all' || list.length > 0 || 'forward.unitsRequired' },
  });
  const doneRef = useRef<HTMLParagraphElement>(null);
  // The instructions and days are kept on the device until sent (useKeptDraft), through a session
  // that ends underneath the page; the picked units are not (the list below may have changed).
  const forgetDraft = useKeptDraft(form, `forward:${own.id}`);
  const save = useMutation(
    trpc.assignments.forward.mutationOptions({
      onSuccess: () => {
        forgetDraft();
        form.resetField('picked');
      },
    }),
  );
  useEffect(() => {
    if (save.isSuccess) doneRef.current?.focus();
  }, [save.isSuccess]);
  const unitsError = useMessage()(picked.fieldState.error?.message);

  // Nothing below this unit: there is nobody to forward to, so no form.
  if (below.isSuccess && below.data.length === 0) return null;

  // The report deadline this unit owes itself: the units below cannot be given a later one.
  const limit = own.reportBy ? vietnamDay(own.reportBy) : null;
  const report = checkDate(reportDate, { notAfter: limit });
  const onSubmit = (values: ForwardValues) => {
    save.reset();
    const reportDay = checkDate(values.reportDate, { notAfter: limit });
    const ack = values.acknowledgeDate.trim() === '' ? null : checkDate(values.acknowledgeDate, { notAfter: reportDay.ok ? reportDay.date : null });
    if (!reportDay.ok || (ack !== null && !ack.ok)) return;
    save.mutate({
      assignmentId: own.id,
      units: values.scope === 'all' ? 'all' : [...values.picked],
      reportDate: reportDay.date,
      ...(ack?.ok ? { acknowledgeDate: ack.date } : {}),
      instructions: values.instructions.trim(),
    });
  };
  const scopeRadio = form.register('scope');
  const toggle = (unitId: string, on: boolean) => picked.field.onChange(on ? [...picked.field.value, unitId] : picked.field.value.filter((u) => u !== unitId));
  const titleId = `${baseId}-title`;
  return (
    <section className="card forward-task" aria-labelledby={titleId} data-testid="forward-task">
      <h2 id={titleId} className="card__title">
        {t('forward.title')}
      </h2>
      <p className="hint">{limit ? t('forward.intro', { date: formatDate(limit) }) : t('forward.introNoDeadline')}</p>
      {below.isError ? <ErrorNotice error={below.error} onRetry={() => void below.refetch()} /> : null}
      <Form form={form} onSubmit={onSubmit} className="request-form forward-form">
        <fieldset className={`forward-form__units${unitsError ? ' field--invalid' : ''}`} aria-describedby={unitsError ? `${baseId}-units-error` : undefined}>
          <legend>{t('forward.units')}</legend>
          <label className="checkbox">
            <input type="radio" value="all" {...scopeRadio} data-testid="forward-all" />
            {t('forward.all', { count: below.data?.length ?? 0 })}
          </label>
          <label className="checkbox">
            <input
              type="radio"
              value="some"
              {...scopeRadio}
              ref={(el) => {
                scopeRadio.ref(el);
                picked.field.ref(el);
              }}
              data-testid="forward-some"
            />
            {t('forward.some')}
          </label>
          {scope === 'some' && below.isSuccess ? (
            <ul className="forward-form__list">
              {below.data.map((unit) => (
                <li key={unit.id}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={unit.state !== null || picked.field.value.includes(unit.id)}
                      disabled={unit.state !== null}
                      onChange={(e) => toggle(unit.id, e.target.checked)}
                      data-testid={`forward-unit-${unit.id}`}
                    />
                    <span>{unit.name}</span>
                  </label>
                  {unit.state !== null ? (
                    <span className="forward-form__held">
                      {t('forward.already')} <StateBadge state={unit.state} />
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <FieldError id={`${baseId}-units-error`} message={unitsError} />
        </fieldset>
        <TextAreaField<ForwardValues> name="instructions" label={t('forward.instructions')} requiredKey="forward.instructionsRequired" rows={3} testId="forward-instructions" />
        <DateField<ForwardValues> name="reportDate" label={t('forward.reportDate')} notAfter={limit} testId="forward-report-date" />
        <DateField<ForwardValues>
          name="acknowledgeDate"
          label={t('forward.acknowledgeDate')}
          notAfter={report.ok ? report.date : null}
          tooLateMessage={t('forward.acknowledgeAfterReport')}
          testId="forward-acknowledge-date"
          optional
        />
        {save.isSuccess ? (
          <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="forward-done">
            {t('forward.done', { count: save.data.forwarded.length, date: formatDate(save.data.reportDate) })}
            {save.data.already.length > 0 ? ` ${t('forward.alreadyDone', { count: save.data.already.length })}` : ''}
          </p>
        ) : null}
        <FormActions
          submitLabel={t('forward.submit')}
          pendingLabel={t('forward.submitting')}
          pending={save.isPending}
          error={save.error}
          disabled={!below.isSuccess}
          submitTestId="forward-submit"
        />
      </Form>
    </section>
  );
}
