import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { OverviewChild, Subordinate } from '../../api';
import { TextAreaField } from '../../components/form/DateField';
import { Field, Form } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { UnitOptions } from '../../components/form/UnitOptions';
import { assignmentIdFor } from '../../lib/report';
import { useKeptDraft } from '../../lib/useKeptDraft';
import { useTRPC } from '../../trpc';

/** The form's name among the user's drafts: the reason is kept until sent or cancelled, like every reason. */
export const reassignDraftName = (directiveId: string, childId: string) => `reassign:${assignmentIdFor(directiveId, childId)}`;

interface ReassignValues {
  toUnitId: string;
  reason: string;
}

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
  const form = useForm<ReassignValues>({ defaultValues: { toUnitId: '', reason: '' } });
  // The chosen unit and the reason stay on the device through a reload or a closed tab (useKeptDraft).
  const forgetDraft = useKeptDraft(form, reassignDraftName(directiveId, child.id));
  // The chosen unit's name as it was when sent: once moved, the unit is no longer among the free ones.
  const [sentTo, setSentTo] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const free = candidates.filter((u) => u.state === null && u.id !== child.id);
  const save = useMutation(trpc.assignments.reassign.mutationOptions());
  // Opened from a row's button: take the keyboard to the form; once done, to the confirmation.
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (save.isSuccess) doneRef.current?.focus();
  }, [save.isSuccess]);

  const onSubmit = ({ toUnitId, reason }: ReassignValues) => {
    save.reset();
    setSentTo(free.find((u) => u.id === toUnitId)?.name ?? toUnitId);
    save.mutate({ assignmentId: assignmentIdFor(directiveId, child.id), toUnitId, reason: reason.trim() }, { onSuccess: forgetDraft });
  };
  const titleId = `${baseId}-title`;
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
          <Form form={form} onSubmit={onSubmit} className="request-form">
            <Field<ReassignValues> name="toUnitId" label={t('reassign.target')} rules={{ required: 'reassign.targetRequired' }}>
              {(control) => (
                <select {...control} data-testid="reassign-target">
                  <UnitOptions none={t('reassign.choose')} units={free} />
                </select>
              )}
            </Field>
            <TextAreaField<ReassignValues> name="reason" label={t('reassign.reason')} requiredKey="reassign.reasonRequired" rows={2} testId="reassign-reason" />
            <FormActions
              submitLabel={t('reassign.submit')}
              pendingLabel={t('reassign.submitting')}
              pending={save.isPending}
              error={save.error}
              disabled={free.length === 0}
              submitTestId="reassign-submit"
              onCancel={() => {
                forgetDraft();
                onClose(false);
              }}
            />
          </Form>
        </>
      )}
    </section>
  );
}
