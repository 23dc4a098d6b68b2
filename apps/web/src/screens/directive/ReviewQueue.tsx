import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricDefView, Overview, OverviewChild, ReportView } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ReasonForm } from '../../components/form/ReasonForm';
import { Icon } from '../../components/Icon';
import { ReportFigures } from '../../components/ReportHistory';
import { ReviewBadge } from '../../components/ReviewBadge';
import { Timeline } from '../../components/Timeline';
import { formatDateTime } from '../../lib/format';
import { assignmentIdFor } from '../../lib/report';
import { useForgetDraft, useHadKeptDraft } from '../../lib/useKeptDraft';
import { useTRPC } from '../../trpc';
import { ChildQueue } from './ChildQueue';
import { AttachmentList } from '../../components/Attachments';

/**
 * "Báo cáo chờ xem xét": the child units whose latest report awaits this unit's review. Only children
 * in the `reported` state are asked for their history, so the page makes one request per waiting report.
 */
export function ReviewQueue({ overview }: { overview: Overview }) {
  const trpc = useTRPC();
  const { directive, unit } = overview;
  const waiting = overview.children.filter((c) => c.own === 'reported');
  const definitions = useQuery(trpc.directives.rollup.queryOptions({ directiveId: directive.id, unitId: unit.id }));
  const histories = useQueries({
    queries: waiting.map((child) => trpc.reports.history.queryOptions({ assignmentId: assignmentIdFor(directive.id, child.id) })),
  });
  const metrics = definitions.data?.metrics ?? [];
  const items = waiting.flatMap((child, i) => {
    const latest = histories[i]?.data?.at(-1);
    return latest && latest.review === 'pending' ? [{ child, report: latest }] : [];
  });
  const renderItem = ({ child, report }: (typeof items)[number], onDone: (message: string) => void) => (
    <ReviewItem directiveId={directive.id} child={child} report={report} metrics={metrics} onDone={onDone} />
  );
  return <ChildQueue kind="review" unitName={unit.name} queries={histories} items={items} renderItem={renderItem} />;
}

function ReviewItem({
  directiveId,
  child,
  report,
  metrics,
  onDone,
}: {
  directiveId: string;
  child: OverviewChild;
  report: ReportView;
  metrics: readonly MetricDefView[];
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const baseId = useId();
  const assignmentId = assignmentIdFor(directiveId, child.id);
  // The return reason is kept on the device until sent or cancelled (useKeptDraft): one typed before
  // the session ended underneath the page opens the panel again with it.
  const draft = `review-return:${assignmentId}:${report.version}`;
  const [returning, setReturning] = useState(useHadKeptDraft(draft));
  const forgetDraft = useForgetDraft(draft);
  // "Hủy" removes the panel and the button that was focused with it: focus goes back to "Trả lại",
  // where the person was before, instead of falling to the page's body.
  const returnButton = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);
  useEffect(() => {
    if (returning || !cancelled.current) return;
    cancelled.current = false;
    returnButton.current?.focus();
  }, [returning]);
  const review = useMutation(
    trpc.reports.review.mutationOptions({
      onSuccess: (stored) => {
        forgetDraft();
        onDone(t(stored.review === 'returned' ? 'review.returned' : 'review.accepted', { version: stored.version, unit: child.name }));
      },
    }),
  );
  const titleId = `${baseId}-title`;
  return (
    <article className="card review-item" aria-labelledby={titleId} data-testid={`review-${child.id}`} data-version={report.version}>
      <header className="card__header">
        <h3 id={titleId} className="card__title">
          {child.name}
        </h3>
        <ReviewBadge review={report.review} />
      </header>
      <p className="muted">
        {t('history.version', { version: report.version })} · {t('history.submittedAt')} {formatDateTime(report.submittedAt)}
      </p>
      <ReportFigures report={report} metrics={metrics} />
      {report.correctionReason ? <p>{t('history.correction', { reason: report.correctionReason })}</p> : null}
      {report.narrative ? (
        <p>
          <span className="muted">{t('history.narrative')}: </span>
          {report.narrative}
        </p>
      ) : null}
      <AttachmentList assignmentId={assignmentId} version={report.version} />
      {review.isError ? <ErrorNotice error={review.error} /> : null}
      {returning ? (
        <ReasonForm
          className="review-item__return"
          label={t('review.returnReason')}
          hint={t('review.returnReasonHint')}
          requiredKey="review.reasonRequired"
          draft={draft}
          onSubmit={(reason) => review.mutate({ assignmentId, version: report.version, decision: 'return', reason })}
          submitLabel={t('review.confirmReturn')}
          pendingLabel={t('review.returning')}
          pending={review.isPending}
          onCancel={() => {
            cancelled.current = true;
            setReturning(false);
          }}
        />
      ) : (
        <div className="card__actions button-row">
          <button
            type="button"
            className="button button--primary"
            disabled={review.isPending}
            aria-describedby={titleId}
            onClick={() => review.mutate({ assignmentId, version: report.version, decision: 'accept' })}
          >
            <Icon name="check" /> {review.isPending ? t('review.accepting') : t('review.accept')}
          </button>
          <button ref={returnButton} type="button" className="button button--secondary" aria-describedby={titleId} onClick={() => setReturning(true)}>
            <Icon name="undo" /> {t('review.return')}
          </button>
        </div>
      )}
      <Timeline assignmentId={assignmentId} />
    </article>
  );
}
