import { isTerminal } from '@chidao/domain';
import { useMutation, useQueries } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentRequests, ExtensionRequest, Overview, OverviewChild } from '../../api';
import { ExtensionBadge, REQUESTS_REFRESH_MS } from '../../components/AssignmentRequests';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ReasonForm } from '../../components/form/ReasonForm';
import { useForgetDraft, useHadKeptDraft } from '../../lib/useKeptDraft';
import { Icon } from '../../components/Icon';
import { StandingBadge } from '../../components/Standing';
import { formatDate, formatDateTime } from '../../lib/format';
import { assignmentIdFor } from '../../lib/report';
import { useTRPC } from '../../trpc';
import { ChildQueue } from './ChildQueue';

/** Assigned and still running: a recalled, reassigned or completed assignment has nothing left to decide. */
const live = (child: OverviewChild) => child.own !== null && !isTerminal(child.own);

/**
 * "Gia hạn và giải trình": for the units this unit assigned, extension requests awaiting its decision
 * (approve, or reject with a note) and, for those past their deadline, the request to explain.
 */
export function ChildRequests({ overview }: { overview: Overview }) {
  const trpc = useTRPC();
  const { directive, unit } = overview;
  const children = overview.children.filter(live);
  const results = useQueries({
    queries: children.map((child) =>
      trpc.assignments.requests.queryOptions({ assignmentId: assignmentIdFor(directive.id, child.id) }, { refetchInterval: REQUESTS_REFRESH_MS }),
    ),
  });
  const items = children.flatMap((child, i) => {
    const data = results[i]?.data;
    if (!data) return [];
    const pending = data.extensions.find((e) => e.state === 'pending') ?? null;
    // Past a deadline, or behind target by its latest report: either may be asked to explain (giải trình).
    const overdue = child.standing?.kind === 'overdue' || child.atRisk;
    return pending || overdue ? [{ child, data, pending, overdue }] : [];
  });
  const renderItem = ({ child, data, pending, overdue }: (typeof items)[number], onDone: (message: string) => void) => (
    <ChildRequestItem directiveId={directive.id} child={child} data={data} pending={pending} overdue={overdue} onDone={onDone} />
  );
  return <ChildQueue kind="requests" unitName={unit.name} queries={results} items={items} renderItem={renderItem} />;
}

function ChildRequestItem({
  directiveId,
  child,
  data,
  pending,
  overdue,
  onDone,
}: {
  directiveId: string;
  child: OverviewChild;
  data: AssignmentRequests;
  pending: ExtensionRequest | null;
  overdue: boolean;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const baseId = useId();
  const titleId = `${baseId}-title`;
  const assignmentId = assignmentIdFor(directiveId, child.id);
  const openQuestion = data.explanations.find((e) => e.answer === undefined) ?? null;
  const lastAnswered = data.explanations.filter((e) => e.answer !== undefined).at(-1) ?? null;
  return (
    <article className="card child-request" aria-labelledby={titleId} data-testid={`child-request-${child.id}`}>
      <header className="card__header">
        <h3 id={titleId} className="card__title">
          {child.name}
        </h3>
        <StandingBadge standing={child.standing} />
        {child.atRisk ? (
          <span className="standing standing--dueSoon" data-testid="child-at-risk">
            <Icon name="alert" /> {t('requests.atRisk')}
          </span>
        ) : null}
      </header>
      {child.deadline ? (
        <p className="muted">{t(`standing.deadline.${child.deadline.kind}`, { dateTime: formatDateTime(child.deadline.at) })}</p>
      ) : null}
      {pending ? <ExtensionDecision assignmentId={assignmentId} unitName={child.name} request={pending} titleId={titleId} onDone={onDone} /> : null}
      {overdue ? (
        openQuestion ? (
          <p className="notice notice--warning" data-testid="explanation-awaiting">
            <Icon name="clock" /> {t('requests.openQuestion', { question: openQuestion.question })}
          </p>
        ) : (
          <>
            {lastAnswered ? <p data-testid="explanation-answer-seen">{t('requests.answer', { answer: lastAnswered.answer ?? '' })}</p> : null}
            <ExplanationAsk assignmentId={assignmentId} unitName={child.name} titleId={titleId} onDone={onDone} />
          </>
        )
      ) : null}
    </article>
  );
}

function ExtensionDecision({
  assignmentId,
  unitName,
  request,
  titleId,
  onDone,
}: {
  assignmentId: string;
  unitName: string;
  request: ExtensionRequest;
  titleId: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // The note is kept on the device until sent or cancelled (useKeptDraft), the form open again with it.
  const draft = `extension-reject:${assignmentId}:${request.number}`;
  const [rejecting, setRejecting] = useState(useHadKeptDraft(draft));
  const forgetDraft = useForgetDraft(draft);
  const decide = useMutation(
    trpc.assignments.decideExtension.mutationOptions({
      onSuccess: (decided) => {
        forgetDraft();
        onDone(
          decided.state === 'approved'
            ? t('requests.approved', { unit: unitName, date: formatDate(decided.proposedDate) })
            : t('requests.rejected', { unit: unitName }),
        );
      },
    }),
  );
  return (
    <div className="extension-decision" data-testid="extension-decision" data-number={request.number}>
      <p>
        <strong>{t('requests.pendingExtension', { date: formatDate(request.proposedDate) })}</strong> <ExtensionBadge state={request.state} />
      </p>
      <p>{t('extension.reasonLine', { reason: request.reason })}</p>
      <p className="muted">{t('extension.requestedAt', { dateTime: formatDateTime(request.requestedAt) })}</p>
      {decide.isError ? <ErrorNotice error={decide.error} /> : null}
      {rejecting ? (
        <ReasonForm
          label={t('requests.rejectNote')}
          hint={t('requests.rejectNoteHint')}
          requiredKey="requests.noteRequired"
          textTestId="extension-reject-note"
          draft={draft}
          onSubmit={(note) => decide.mutate({ assignmentId, approve: false, note })}
          submitLabel={t('requests.confirmReject')}
          pendingLabel={t('requests.approving')}
          pending={decide.isPending}
          submitClass="button--danger"
          submitTestId="extension-reject-confirm"
          onCancel={() => setRejecting(false)}
        />
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button button--primary"
            disabled={decide.isPending}
            aria-describedby={titleId}
            data-testid="extension-approve"
            onClick={() => decide.mutate({ assignmentId, approve: true })}
          >
            <Icon name="check" /> {decide.isPending ? t('requests.approving') : t('requests.approve')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={decide.isPending}
            aria-describedby={titleId}
            data-testid="extension-reject"
            onClick={() => setRejecting(true)}
          >
            <Icon name="undo" /> {t('requests.reject')}
          </button>
        </div>
      )}
    </div>
  );
}

export function ExplanationAsk({ assignmentId, unitName, titleId, onDone }: { assignmentId: string; unitName: string; titleId: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const draft = `explanation-ask:${assignmentId}`;
  const [asking, setAsking] = useState(useHadKeptDraft(draft));
  const forgetDraft = useForgetDraft(draft);
  const ask = useMutation(
    trpc.assignments.requestExplanation.mutationOptions({
      onSuccess: () => {
        forgetDraft();
        onDone(t('requests.asked', { unit: unitName }));
      },
    }),
  );
  if (!asking) {
    return (
      <div className="button-row">
        <button type="button" className="button button--secondary" aria-describedby={titleId} data-testid="explanation-ask" onClick={() => setAsking(true)}>
          <Icon name="flag" /> {t('requests.askExplanation')}
        </button>
      </div>
    );
  }
  return (
    <ReasonForm
      label={t('requests.question')}
      requiredKey="requests.questionRequired"
      textTestId="explanation-question"
      draft={draft}
      testId="explanation-ask-form"
      onSubmit={(question) => ask.mutate({ assignmentId, question })}
      submitLabel={t('requests.send')}
      pendingLabel={t('requests.sending')}
      pending={ask.isPending}
      error={ask.error}
      submitTestId="explanation-ask-submit"
      onCancel={() => setAsking(false)}
    />
  );
}
