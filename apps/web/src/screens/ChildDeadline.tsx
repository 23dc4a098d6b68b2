import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '../api';
import { dateProblemMessage } from '../components/AssignmentRequests';
import { DateField, TextAreaField } from '../components/DateField';
import { ErrorNotice } from '../components/ErrorNotice';
import { checkDate, vietnamDay } from '../lib/dates';
import { formatDate } from '../lib/format';
import { useTRPC } from '../trpc';

/**
 * "Đặt hạn báo cáo cho cấp dưới": a unit with units below gives them an earlier internal report day,
 * with instructions, never later than the report deadline it owes itself.
 */
export function ChildDeadline({ own }: { own: Assignment }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const [date, setDate] = useState('');
  const [instructions, setInstructions] = useState('');
  const [attempted, setAttempted] = useState(false);
  const dateRef = useRef<HTMLInputElement>(null);
  const instructionsRef = useRef<HTMLTextAreaElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const limit = own.deadline?.kind === 'report' ? vietnamDay(own.deadline.at) : null;
  const save = useMutation(
    trpc.assignments.setChildDeadline.mutationOptions({
      onSuccess: () => setAttempted(false),
    }),
  );
  useEffect(() => {
    if (save.isSuccess) doneRef.current?.focus();
  }, [save.isSuccess]);
  const checked = checkDate(date, { notAfter: limit });
  const dateError = attempted && !checked.ok ? dateProblemMessage(t, checked.problem, limit) : null;
  const instructionsError = attempted && instructions.trim() === '' ? t('childDeadline.instructionsRequired') : null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    save.reset();
    if (!checked.ok) return dateRef.current?.focus();
    if (instructions.trim() === '') return instructionsRef.current?.focus();
    save.mutate({ assignmentId: own.id, reportDate: checked.date, instructions: instructions.trim() });
  };
  const titleId = `${baseId}-title`;
  return (
    <section className="card child-deadline" aria-labelledby={titleId} data-testid="child-deadline">
      <h2 id={titleId} className="card__title">
        {t('childDeadline.title')}
      </h2>
      {limit ? <p className="hint">{t('childDeadline.intro', { date: formatDate(limit) })}</p> : null}
      <form className="request-form" onSubmit={onSubmit} noValidate>
        <DateField id={`${baseId}-date`} ref={dateRef} label={t('childDeadline.date')} value={date} onChange={setDate} error={dateError} testId="child-deadline-date" />
        <TextAreaField
          id={`${baseId}-instructions`}
          ref={instructionsRef}
          rows={3}
          label={t('childDeadline.instructions')}
          value={instructions}
          onChange={setInstructions}
          error={instructionsError}
          testId="child-deadline-instructions"
        />
        {save.isError ? <ErrorNotice error={save.error} /> : null}
        {save.isSuccess ? (
          <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="child-deadline-done">
            {t('childDeadline.done', { date: formatDate(save.data.reportDate), count: save.data.assignments })}
          </p>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="child-deadline-submit">
            {save.isPending ? t('childDeadline.submitting') : t('childDeadline.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
