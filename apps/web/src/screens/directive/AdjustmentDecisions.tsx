import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ReasonForm } from '../../components/form/ReasonForm';
import { useForgetDraft, useHadKeptDraft } from '../../lib/useKeptDraft';
import { formatDateTime } from '../../lib/format';
import { assignmentIdFor } from '../../lib/report';
import { useTRPC } from '../../trpc';

type Adjustment = Outputs['directives']['adjustments'][number];

/**
 * Đề nghị điều chỉnh for the issuer's leadership: each unit's request to change or drop one of its
 * tasks, with its reason, to approve or reject with a reason. An approved drop takes the task off what
 * the unit owes. Nothing is shown while nobody has asked.
 */
export function AdjustmentDecisions({ directiveId }: { directiveId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const titleId = useId();
  const list = useQuery(trpc.directives.adjustments.queryOptions({ directiveId }));
  const [done, setDone] = useState<string | null>(null);
  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.isSuccess || list.data.length === 0) return null;
  const pending = list.data.filter((a) => a.state === 'pending');
  return (
    <section className="card adjustment-decisions" aria-labelledby={titleId} data-testid="adjustment-decisions">
      <h2 id={titleId} className="card__title">
        {t('adjustment.issuerTitle', { count: pending.length })}
      </h2>
      {done ? (
        <p className="notice notice--success" role="status" data-testid="adjustment-done">
          {done}
        </p>
      ) : null}
      <ul className="plain-list">
        {list.data.map((a) => (
          <li key={`${a.assignmentId}:${a.number}`} data-testid={`adjustment-${a.unitId}-${a.number}`} data-state={a.state}>
            <AdjustmentLine adjustment={a} directiveId={directiveId} onDone={setDone} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function AdjustmentLine({ adjustment: a, directiveId, onDone }: { adjustment: Adjustment; directiveId: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const assignmentId = assignmentIdFor(directiveId, a.unitId);
  // The note is kept on the device until sent or cancelled (useKeptDraft), the form open again with it.
  const draft = `adjustment-reject:${assignmentId}:${a.number}`;
  const [rejecting, setRejecting] = useState(useHadKeptDraft(draft));
  const forgetDraft = useForgetDraft(draft);
  const decide = useMutation(
    trpc.assignments.decideAdjustment.mutationOptions({
      onSuccess: (decided) => {
        forgetDraft();
        onDone(t(decided.state === 'approved' ? 'adjustment.approvedDone' : 'adjustment.rejectedDone', { unit: a.unitName }));
      },
    }),
  );
  return (
    <div className="adjustment">
      <p>
        <strong>{a.unitName}</strong> — {t(`adjustment.kinds.${a.kind}`)}: <span className="muted">{a.taskText}</span>
      </p>
      <p>{t('adjustment.reasonLine', { reason: a.reason })}</p>
      {a.proposal ? <p>{t('adjustment.proposalLine', { proposal: a.proposal })}</p> : null}
      <p className="muted">
        {t('adjustment.requestedAt', { dateTime: formatDateTime(a.requestedAt) })} · {t(`adjustment.states.${a.state}`)}
        {a.decisionNote ? ` — ${a.decisionNote}` : ''}
      </p>
      {a.state !== 'pending' ? null : rejecting ? (
        <ReasonForm
          label={t('adjustment.rejectReason')}
          requiredKey="adjustment.reasonRequired"
          draft={draft}
          onSubmit={(note) => decide.mutate({ assignmentId, number: a.number, approve: false, note })}
          submitLabel={t('adjustment.reject')}
          pendingLabel={t('requests.sending')}
          pending={decide.isPending}
          error={decide.error}
          onCancel={() => setRejecting(false)}
        />
      ) : (
        <div className="button-row">
          <button type="button" className="button button--primary" disabled={decide.isPending} onClick={() => decide.mutate({ assignmentId, number: a.number, approve: true })}>
            {t('adjustment.approve')}
          </button>
          <button type="button" className="button button--secondary" disabled={decide.isPending} onClick={() => setRejecting(true)}>
            {t('adjustment.reject')}
          </button>
          {decide.isError ? <ErrorNotice error={decide.error} /> : null}
        </div>
      )}
    </div>
  );
}
