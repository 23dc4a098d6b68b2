import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '../api';
import { dateProblemMessage } from '../components/AssignmentRequests';
import { DateField, TextAreaField } from '../components/DateField';
import { ErrorNotice } from '../components/ErrorNotice';
import { Icon } from '../components/Icon';
import { StateBadge } from '../components/StateBadge';
import { checkDate, vietnamDay } from '../lib/dates';
import { formatDate } from '../lib/format';
import { useTRPC } from '../trpc';

/**
 * "Chuyển giao cho cấp dưới": a unit hands its task to the units directly below it (all of them, or
 * the ones it ticks) with its own instructions, a report day no later than its own, and optionally a
 * day to acknowledge by. Units that already have the task are shown as such; the server decides again.
 */
export function ForwardTask({ own }: { own: Assignment }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const below = useQuery(trpc.directives.subordinates.queryOptions({ directiveId: own.directiveId, unitId: own.unitId }));
  const [scope, setScope] = useState<'all' | 'some'>('all');
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [instructions, setInstructions] = useState('');
  const [reportDate, setReportDate] = useState('');
  const [acknowledgeDate, setAcknowledgeDate] = useState('');
  const [attempted, setAttempted] = useState(false);
  const unitsRef = useRef<HTMLFieldSetElement>(null);
  const instructionsRef = useRef<HTMLTextAreaElement>(null);
  const reportRef = useRef<HTMLInputElement>(null);
  const ackRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const save = useMutation(
    trpc.assignments.forward.mutationOptions({
      onSuccess: () => {
        setAttempted(false);
        setPicked([]);
      },
    }),
  );
  useEffect(() => {
    if (save.isSuccess) doneRef.current?.focus();
  }, [save.isSuccess]);

  // Nothing below this unit: there is nobody to forward to, so no form.
  if (below.isSuccess && below.data.length === 0) return null;

  // The report deadline this unit owes itself: the units below cannot be given a later one.
  const limit = own.reportBy ? vietnamDay(own.reportBy) : null;
  const report = checkDate(reportDate, { notAfter: limit });
  const ackText = acknowledgeDate.trim();
  const ack = ackText === '' ? null : checkDate(ackText, { notAfter: report.ok ? report.date : null });
  const reportError = attempted && !report.ok ? dateProblemMessage(t, report.problem, limit) : null;
  const ackError =
    attempted && ack !== null && !ack.ok ? (ack.problem === 'tooLate' ? t('forward.acknowledgeAfterReport') : dateProblemMessage(t, ack.problem, null)) : null;
  const instructionsError = attempted && instructions.trim() === '' ? t('forward.instructionsRequired') : null;
  const unitsError = attempted && scope === 'some' && picked.length === 0 ? t('forward.unitsRequired') : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    save.reset();
    if (scope === 'some' && picked.length === 0) return unitsRef.current?.querySelector('input')?.focus();
    if (instructions.trim() === '') return instructionsRef.current?.focus();
    if (!report.ok) return reportRef.current?.focus();
    if (ack !== null && !ack.ok) return ackRef.current?.focus();
    save.mutate({
      assignmentId: own.id,
      units: scope === 'all' ? 'all' : [...picked],
      reportDate: report.date,
      ...(ack?.ok ? { acknowledgeDate: ack.date } : {}),
      instructions: instructions.trim(),
    });
  };
  const toggle = (unitId: string, on: boolean) => setPicked((list) => (on ? [...list, unitId] : list.filter((u) => u !== unitId)));
  const titleId = `${baseId}-title`;
  return (
    <section className="card forward-task" aria-labelledby={titleId} data-testid="forward-task">
      <h2 id={titleId} className="card__title">
        {t('forward.title')}
      </h2>
      <p className="hint">{limit ? t('forward.intro', { date: formatDate(limit) }) : t('forward.introNoDeadline')}</p>
      {below.isError ? <ErrorNotice error={below.error} onRetry={() => void below.refetch()} /> : null}
      <form className="request-form forward-form" onSubmit={onSubmit} noValidate>
        <fieldset className={`forward-form__units${unitsError ? ' field--invalid' : ''}`} ref={unitsRef} aria-describedby={unitsError ? `${baseId}-units-error` : undefined}>
          <legend>{t('forward.units')}</legend>
          <label className="checkbox">
            <input type="radio" name={`${baseId}-scope`} checked={scope === 'all'} onChange={() => setScope('all')} data-testid="forward-all" />
            {t('forward.all', { count: below.data?.length ?? 0 })}
          </label>
          <label className="checkbox">
            <input type="radio" name={`${baseId}-scope`} checked={scope === 'some'} onChange={() => setScope('some')} data-testid="forward-some" />
            {t('forward.some')}
          </label>
          {scope === 'some' && below.isSuccess ? (
            <ul className="forward-form__list">
              {below.data.map((unit) => (
                <li key={unit.id}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={unit.state !== null || picked.includes(unit.id)}
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
          {unitsError ? (
            <p className="field__error" id={`${baseId}-units-error`} role="alert">
              <Icon name="alert" /> {unitsError}
            </p>
          ) : null}
        </fieldset>
        <TextAreaField
          id={`${baseId}-instructions`}
          ref={instructionsRef}
          rows={3}
          label={t('forward.instructions')}
          value={instructions}
          onChange={setInstructions}
          error={instructionsError}
          testId="forward-instructions"
        />
        <DateField id={`${baseId}-report`} ref={reportRef} label={t('forward.reportDate')} value={reportDate} onChange={setReportDate} error={reportError} testId="forward-report-date" />
        <DateField
          id={`${baseId}-ack`}
          ref={ackRef}
          label={t('forward.acknowledgeDate')}
          value={acknowledgeDate}
          onChange={setAcknowledgeDate}
          error={ackError}
          testId="forward-acknowledge-date"
          optional
        />
        {save.isError ? <ErrorNotice error={save.error} /> : null}
        {save.isSuccess ? (
          <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="forward-done">
            {t('forward.done', { count: save.data.forwarded.length, date: formatDate(save.data.reportDate) })}
            {save.data.already.length > 0 ? ` ${t('forward.alreadyDone', { count: save.data.already.length })}` : ''}
          </p>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={save.isPending || !below.isSuccess} data-testid="forward-submit">
            {save.isPending ? t('forward.submitting') : t('forward.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
