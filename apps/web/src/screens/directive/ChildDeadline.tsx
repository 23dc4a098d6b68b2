import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '../../api';
import { DateField, TextAreaField } from '../../components/form/DateField';
import { Form } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { checkDate, vietnamDay } from '../../lib/dates';
import { formatDate } from '../../lib/format';
import { useKeptDraft } from '../../lib/useKeptDraft';
import { useTRPC } from '../../trpc';

interface ChildDeadlineValues {
  date: string;
  instructions: string;
}

/**
 * "Đặt hạn báo cáo cho cấp dưới": a unit with units below gives them an earlier internal report day,
 * with instructions, never later than the report deadline it owes itself.
 */
export function ChildDeadline({ own }: { own: Assignment }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const form = useForm<ChildDeadlineValues>({ defaultValues: { date: '', instructions: '' } });
  const doneRef = useRef<HTMLParagraphElement>(null);
  const limit = own.deadline?.kind === 'report' ? vietnamDay(own.deadline.at) : null;
  // Kept on the device until sent (useKeptDraft), so the instructions survive the session ending underneath.
  const forgetDraft = useKeptDraft(form, `childDeadline:${own.id}`);
  const save = useMutation(trpc.assignments.setChildDeadline.mutationOptions({ onSuccess: () => forgetDraft() }));
  useEffect(() => {
    if (save.isSuccess) doneRef.current?.focus();
  }, [save.isSuccess]);
  const onSubmit = ({ date, instructions }: ChildDeadlineValues) => {
    save.reset();
    const checked = checkDate(date, { notAfter: limit });
    if (checked.ok) save.mutate({ assignmentId: own.id, reportDate: checked.date, instructions: instructions.trim() });
  };
  const titleId = `${baseId}-title`;
  return (
    <section className="card child-deadline" aria-labelledby={titleId} data-testid="child-deadline">
      <h2 id={titleId} className="card__title">
        {t('childDeadline.title')}
      </h2>
      {limit ? <p className="hint">{t('childDeadline.intro', { date: formatDate(limit) })}</p> : null}
      <Form form={form} onSubmit={onSubmit} className="request-form">
        <DateField<ChildDeadlineValues> name="date" label={t('childDeadline.date')} notAfter={limit} testId="child-deadline-date" />
        <TextAreaField<ChildDeadlineValues>
          name="instructions"
          label={t('childDeadline.instructions')}
          requiredKey="childDeadline.instructionsRequired"
          testId="child-deadline-instructions"
        />
        {save.isSuccess ? (
          <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="child-deadline-done">
            {t('childDeadline.done', { date: formatDate(save.data.reportDate), count: save.data.assignments })}
          </p>
        ) : null}
        <FormActions
          submitLabel={t('childDeadline.submit')}
          pendingLabel={t('childDeadline.submitting')}
          pending={save.isPending}
          error={save.error}
          submitTestId="child-deadline-submit"
        />
      </Form>
    </section>
  );
}
