import { unitDisplayName } from '@chidao/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '../api';
import { AssignmentRequests } from '../components/AssignmentRequests';
import { Contributions } from '../components/Contributions';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { ProgressPeriods } from '../components/ProgressPeriods';
import { ReportSection } from '../components/ReportSection';
import { StateBadge } from '../components/StateBadge';
import { DeadlineLine } from '../components/Standing';
import { Timeline } from '../components/Timeline';
import { enteredLate } from '../lib/dates';
import { formatDate, formatDateTime } from '../lib/format';
import { useMe } from '../session';
import { useTRPC } from '../trpc';

/** New assignments reach a unit when the one above forwards them, so the list looks again now and then. */
const MINE_REFRESH_MS = 5_000;

/** "Nhiệm vụ của tôi": the signed-in unit's assignments, each with its acknowledge action. */
export function MyTasks() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const mine = useQuery(trpc.assignments.mine.queryOptions(undefined, { refetchInterval: MINE_REFRESH_MS }));
  const me = useMe().data ?? null;
  // A unit that issues (a province, a district) often has no task of its own: no empty section on its
  // home page, above what it came for. A commune's empty list still says so.
  if (mine.isSuccess && mine.data.length === 0 && me?.mayIssue) return null;
  return (
    <section className="my-tasks" aria-labelledby="my-tasks-title" data-testid="my-tasks">
      <h2 id="my-tasks-title">{t('tasks.title')}</h2>
      {mine.isPending ? <Loading /> : null}
      {mine.isError ? <ErrorNotice error={mine.error} onRetry={() => void mine.refetch()} /> : null}
      {mine.isSuccess && mine.data.length === 0 ? <p className="empty">{t('tasks.empty')}</p> : null}
      {mine.isSuccess && mine.data.length > 0 ? (
        <ul className="cards">
          {mine.data.map((assignment) => (
            <li key={assignment.id}>
              <AssignmentCard assignment={assignment} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function AssignmentCard({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const doneRef = useRef<HTMLParagraphElement>(null);
  const acknowledge = useMutation(
    trpc.assignments.acknowledge.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.assignments.mine.queryKey(), (list) =>
          list?.map((a) => (a.id === updated.id ? updated : a)),
        );
      },
    }),
  );
  // The button disappears on success; keep keyboard and screen-reader users where they were.
  useEffect(() => {
    if (acknowledge.isSuccess) doneRef.current?.focus();
  }, [acknowledge.isSuccess]);

  const { directive } = assignment;
  const titleId = useId();
  return (
    <article
      className={`card assignment assignment--${assignment.state}`}
      aria-labelledby={titleId}
      data-testid={`assignment-${assignment.unitId}`}
      data-assignment-id={assignment.id}
      data-directive-id={assignment.directiveId}
      data-issued-at={assignment.issuedAt}
      data-state={assignment.state}
    >
      <header className="card__header">
        <h3 id={titleId} className="card__title">
          {directive.reference}
        </h3>
        <StateBadge state={assignment.state} acknowledgedAt={assignment.acknowledgedAt} />
      </header>
      <p className="assignment__subject">{directive.subject}</p>
      <dl className="facts">
        <div>
          <dt>{t('tasks.date')}</dt>
          <dd>{formatDate(directive.date)}</dd>
        </div>
        <div>
          <dt>{t('tasks.issuer')}</dt>
          <dd>{unitDisplayName(directive.issuerName)}</dd>
        </div>
        <div>
          <dt>{t('tasks.issuedAt')}</dt>
          <dd>{formatDateTime(assignment.issuedAt)}</dd>
        </div>
      </dl>
      <p className="assignment__deadline">
        <DeadlineLine deadline={assignment.deadline} standing={assignment.standing} />
      </p>
      {enteredLate(directive.date, assignment.issuedAt) ? (
        <p className="assignment__note" data-testid="assignment-entered-late">
          {t('tasks.enteredLate', { date: formatDate(directive.date), delivered: formatDate(assignment.issuedAt) })}
        </p>
      ) : null}
      {assignment.urging ? (
        <p className="notice notice--returned" data-testid="assignment-urged">
          {t('tasks.urged', {
            reference: assignment.urging.reference || '…',
            date: formatDate(assignment.urging.at),
            respondBy: assignment.urging.respondBy ? formatDate(assignment.urging.respondBy) : '…',
          })}
        </p>
      ) : null}
      {assignment.reassignedFromUnitId ? <p className="assignment__note">{t('tasks.reassignedFrom')}</p> : null}
      {assignment.succeedsUnitIds.length > 0 ? (
        <p className="assignment__note" data-testid="assignment-succeeds">
          {t('tasks.succeeds', { count: assignment.succeedsUnitIds.length })}
        </p>
      ) : null}
      {assignment.state === 'reassigned' ? (
        <p className="assignment__note" data-testid="assignment-reassigned">
          {t('tasks.reassignedTo', { reason: assignment.reassignReason ?? '' })}
        </p>
      ) : null}
      {assignment.instructions ? (
        <div className="assignment__instructions" data-testid="assignment-instructions">
          <h4 className="assignment__tasks-title">{t('tasks.instructions')}</h4>
          <p>{assignment.instructions}</p>
        </div>
      ) : null}
      <h4 className="assignment__tasks-title">{t('tasks.tasksHeading')}</h4>
      {assignment.tasks.length > 0 ? (
        <ol className="assignment__tasks">
          {assignment.tasks.map((task) => (
            <li key={task.id} data-task={task.id} data-role={task.role}>
              {task.text}
              <span className="assignment__task-meta">
                {' '}
                <span className="badge">{t(`tasks.role.${task.role}`)}</span>
                {task.dropped ? ` — ${t('adjustment.dropped')}` : task.role === 'info' ? null : task.due ? ` ${t('tasks.taskDue', { date: formatDate(task.due) })}` : ` ${t('tasks.taskNoDue')}`}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="assignment__no-tasks">{t('tasks.noTasks')}</p>
      )}
      <Contributions assignment={assignment} />
      {acknowledge.isError ? <ErrorNotice error={acknowledge.error} /> : null}
      {acknowledge.isSuccess ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef}>
          {t('tasks.acknowledged', { reference: directive.reference })}
        </p>
      ) : null}
      {assignment.state === 'issued' ? (
        <div className="card__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={acknowledge.isPending}
            aria-describedby={titleId}
            onClick={() => acknowledge.mutate({ assignmentId: assignment.id })}
          >
            {acknowledge.isPending ? t('tasks.acknowledging') : t('tasks.acknowledge')}
          </button>
        </div>
      ) : null}
      <AssignmentRequests assignment={assignment} />
      <ProgressPeriods assignment={assignment} />
      <ReportSection assignment={assignment} />
      <Timeline assignmentId={assignment.id} />
    </article>
  );
}
