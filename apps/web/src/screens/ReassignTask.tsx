import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverviewChild, Subordinate } from '../api';
import { TextAreaField } from '../components/DateField';
import { ErrorNotice } from '../components/ErrorNotice';
import { Icon } from '../components/Icon';
import { assignmentIdFor } from '../lib/report';
import { useTRPC } from '../trpc';

/**
 * "Giao lại": the assigning unit moves one child's assignment to another unit below it that has none
 * (a wrong department, a merged commune). The child's assignment ends; the chosen unit gets the same
 * tasks and report deadline. `candidates` are the units below the assigner; the server decides again.
 */
export function ReassignTask({
  directiveId,
  child,
  candidates,
  onClose,
}: {
  directiveId: string;
  child: OverviewChild;
  candidates: readonly Subordinate[];
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const [toUnitId, setToUnitId] = useState('');
  const [reason, setReason] = useState('');
  // The chosen unit's name as it was when sent: once moved, the unit is no longer among the free ones.
  const [sentTo, setSentTo] = useState('');
  const [attempted, setAttempted] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const free = candidates.filter((u) => u.state === null && u.id !== child.id);
  const save = useMutation(
    trpc.assignments.reassign.mutationOptions(),
  );
  // Opened from a row's button: take the keyboard to the form; once done, to the confirmation.
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (save.isSuccess) doneRef.current?.focus();
  }, [save.isSuccess]);

  const targetError = attempted && toUnitId === '' ? t('reassign.targetRequired') : null;
  const reasonError = attempted && reason.trim() === '' ? t('reassign.reasonRequired') : null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    save.reset();
    if (toUnitId === '') return selectRef.current?.focus();
    if (reason.trim() === '') return reasonRef.current?.focus();
    setSentTo(free.find((u) => u.id === toUnitId)?.name ?? toUnitId);
    save.mutate({ assignmentId: assignmentIdFor(directiveId, child.id), toUnitId, reason: reason.trim() });
  };
  const titleId = `${baseId}-title`;
  const selectId = `${baseId}-target`;
  return (
    <section className="card reassign-task" aria-labelledby={titleId} data-testid="reassign-task">
      <h2 id={titleId} className="card__title" tabIndex={-1} ref={headingRef}>
        {t('reassign.title', { unit: child.name })}
      </h2>
      {save.isSuccess ? (
        <>
          <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="reassign-done">
            {t('reassign.done', { from: child.name, to: sentTo })}
          </p>
          <div className="button-row">
            <button type="button" className="button button--secondary" onClick={() => onClose(true)}>
              {t('reassign.close')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="hint">{t('reassign.intro', { unit: child.name })}</p>
          {free.length === 0 ? <p className="empty">{t('reassign.noTargets')}</p> : null}
          <form className="request-form" onSubmit={onSubmit} noValidate>
            <div className={`field${targetError ? ' field--invalid' : ''}`}>
              <label htmlFor={selectId}>{t('reassign.target')}</label>
              <select
                id={selectId}
                ref={selectRef}
                value={toUnitId}
                onChange={(e) => setToUnitId(e.target.value)}
                aria-invalid={targetError ? true : undefined}
                aria-describedby={targetError ? `${selectId}-error` : undefined}
                data-testid="reassign-target"
              >
                <option value="">{t('reassign.choose')}</option>
                {free.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
              {targetError ? (
                <p className="field__error" id={`${selectId}-error`} role="alert">
                  <Icon name="alert" /> {targetError}
                </p>
              ) : null}
            </div>
            <TextAreaField
              id={`${baseId}-reason`}
              ref={reasonRef}
              rows={2}
              label={t('reassign.reason')}
              value={reason}
              onChange={setReason}
              error={reasonError}
              testId="reassign-reason"
            />
            {save.isError ? <ErrorNotice error={save.error} /> : null}
            <div className="button-row">
              <button type="submit" className="button button--primary" disabled={save.isPending || free.length === 0} data-testid="reassign-submit">
                {save.isPending ? t('reassign.submitting') : t('reassign.submit')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => onClose(false)}>
                {t('reassign.cancel')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
