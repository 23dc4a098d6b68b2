import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ReorganisationDecision } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field, Form } from '../../components/form/Field';
import { FormActions, type FormError } from '../../components/form/FormActions';
import { UnitOptions } from '../../components/form/UnitOptions';
import { useTRPC } from '../../trpc';

interface DecisionValues {
  toUnitId: string;
}

/**
 * After a reorganisation of units (`npm run reorganise`), the tasks of old units the official lists
 * could not place (a name not in them, a commune split between new units) wait for the issuer: one
 * line each, with the new units it may choose. Choosing moves the task there, with its figures; the
 * line then leaves the list. Nothing is shown while nothing waits.
 */
export function ReorganisationDecisions({ directiveId }: { directiveId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  const pending = useQuery(trpc.reorganisation.pending.queryOptions({ directiveId }));
  const [done, setDone] = useState<{ from: string; to: string } | null>(null);
  // Held here, not by the line: a decided line leaves the list (the list is read again first), and
  // the confirmation must outlive it.
  const decide = useMutation(
    trpc.reorganisation.decide.mutationOptions({
      onSuccess: (_result, input) => {
        const decision = pending.data?.find((d) => d.unitId === input.unitId);
        setDone({ from: decision?.unitName ?? input.unitId, to: decision?.choices.find((u) => u.id === input.toUnitId)?.name ?? input.toUnitId });
      },
    }),
  );
  if (pending.isError) return <ErrorNotice error={pending.error} onRetry={() => void pending.refetch()} />;
  if (!pending.isSuccess || (pending.data.length === 0 && done === null)) return null;
  return (
    <section className="card reorganisation-decisions" aria-labelledby={titleId} data-testid="reorganisation-decisions">
      <h2 id={titleId} className="card__title">
        {t('reorganisation.title', { count: pending.data.length })}
      </h2>
      {pending.data[0] ? <p className="hint">{t('reorganisation.intro', { basis: pending.data[0].basis })}</p> : null}
      {done ? (
        <p className="notice notice--success" role="status" data-testid="reorganisation-done">
          {t('reorganisation.done', done)}
        </p>
      ) : null}
      <ul className="plain-list">
        {pending.data.map((decision) => (
          <li key={`${decision.basis}:${decision.unitId}`}>
            <Decision
              decision={decision}
              sending={decide.isPending && decide.variables?.unitId === decision.unitId}
              error={decide.isError && decide.variables?.unitId === decision.unitId ? decide.error : null}
              onDecide={(toUnitId) => {
                decide.reset();
                setDone(null);
                decide.mutate({ directiveId, basis: decision.basis, unitId: decision.unitId, toUnitId });
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Decision({
  decision,
  sending,
  error,
  onDecide,
}: {
  decision: ReorganisationDecision;
  sending: boolean;
  error: FormError | null;
  onDecide: (toUnitId: string) => void;
}) {
  const { t } = useTranslation();
  const form = useForm<DecisionValues>({ defaultValues: { toUnitId: decision.choices.length === 1 ? decision.choices[0]!.id : '' } });
  return (
    <Form form={form} onSubmit={({ toUnitId }) => onDecide(toUnitId)} className="request-form decision" testId={`decision-${decision.unitId}`}>
      <p>
        <strong>{decision.unitName}</strong> — {t(`reorganisation.reasons.${decision.reason}`)}
        {decision.codes.length > 0 ? ` (${t('reorganisation.codes', { codes: decision.codes.join(', ') })})` : null}
      </p>
      <Field<DecisionValues> name="toUnitId" label={t('reorganisation.target')} rules={{ required: 'reorganisation.targetRequired' }}>
        {(control) => (
          <select {...control} data-testid={`decision-target-${decision.unitId}`}>
            <UnitOptions none={t('reorganisation.choose')} units={decision.choices} />
          </select>
        )}
      </Field>
      <FormActions
        submitLabel={t('reorganisation.submit')}
        pendingLabel={t('reorganisation.submitting')}
        pending={sending}
        error={error}
        submitTestId={`decision-submit-${decision.unitId}`}
      />
    </Form>
  );
}
