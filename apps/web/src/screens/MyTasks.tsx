import { unitDisplayName } from '@chidao/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useDeferredValue, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '../api';
import { AssignmentRequests } from '../components/AssignmentRequests';
import { Contributions } from '../components/Contributions';
import { DirectiveName } from '../components/DirectiveName';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { dayOf, DayFilter, FinderBar, Pager, SearchField, SelectFilter } from '../components/Finder';
import { ProgressPeriods } from '../components/ProgressPeriods';
import { ReportSection } from '../components/ReportSection';
import { StateBadge } from '../components/StateBadge';
import { DeadlineLine } from '../components/Standing';
import { Timeline } from '../components/Timeline';
import { enteredLate } from '../lib/dates';
import { formatDate, formatDateTime, formatTimeDate } from '../lib/format';
import { OutboxStatus } from '../components/OutboxStatus';
import { useEnqueue, useOnline, useOutboxEntry } from '../device';
import { useMe } from '../session';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';

/** New assignments reach a unit when the one above forwards them, so the list looks again now and then. */
const MINE_REFRESH_MS = 5_000;
/** Cards per page: each holds its report form, so a page is a long scroll on a phone already. */
const TASKS_PAGE_SIZE = 10;

/** The filters of "Nhiệm vụ của tôi" as typed; the query sends only what is set. */
interface TaskFilters {
  query: string;
  state: string;
  standing: string;
  dueBy: string;
  directiveId: string;
}
const NO_FILTERS: TaskFilters = { query: '', state: '', standing: '', dueBy: '', directiveId: '' };
const ASSIGNMENT_STATES = ['issued', 'acknowledged', 'in_progress', 'reported', 'returned', 'accepted', 'completed', 'recalled', 'reassigned'] as const;
const STANDINGS = ['within', 'dueSoon', 'overdue', 'doneOnTime', 'doneLate', 'none'] as const;

/**
 * "Nhiệm vụ của tôi": the signed-in unit's assignments, each with its acknowledge action; found by
 * words, state, standing, due day and directive, a page at a time (assignments.search).
 */
export function MyTasks() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [filters, setFilters] = useState<TaskFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  // Typing asks again once the words settle, not on every letter.
  const query = useDeferredValue(filters.query.trim());
  const dueBy = dayOf(filters.dueBy);
  const input = {
    page,
    pageSize: TASKS_PAGE_SIZE,
    ...(query ? { query } : {}),
    ...(filters.state ? { state: filters.state as (typeof ASSIGNMENT_STATES)[number] } : {}),
    ...(filters.standing ? { standing: filters.standing as (typeof STANDINGS)[number] } : {}),
    ...(dueBy ? { dueBy } : {}),
    ...(filters.directiveId ? { directiveId: filters.directiveId } : {}),
  };
  const found = useQuery(trpc.assignments.search.queryOptions(input, { refetchInterval: MINE_REFRESH_MS, placeholderData: keepPreviousData }));
  const set = (change: Partial<TaskFilters>) => {
    setFilters({ ...filters, ...change });
    setPage(1);
  };
  const active = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  const data = found.data;
  const online = useOnline();
  // With no connection (or none that answers) the list is the one kept on the device: say from when.
  const saved = data !== undefined && (!online || found.isError || found.fetchStatus === 'paused');
  const me = useMe().data ?? null;
  // A unit that issues (a province, a district) often has no task of its own: no empty section on its
  // home page, above what it came for. A commune's empty list still says so.
  if (found.isSuccess && data !== undefined && data.total === 0 && !active && me?.mayIssue) return null;
  return (
    <section className="my-tasks" aria-labelledby="my-tasks-title" data-testid="my-tasks">
      <h2 id="my-tasks-title">{t('tasks.title')}</h2>
      {saved ? (
        <p className="notice notice--pending" role="status" data-testid="tasks-saved-copy">
          {t('offline.savedCopy')} <span data-testid="tasks-last-updated">{t('offline.lastUpdated', { time: formatTimeDate(found.dataUpdatedAt) })}</span>
        </p>
      ) : null}
      {found.isPending ? <Loading /> : null}
      {found.isError && data === undefined ? <ErrorNotice error={found.error} onRetry={() => void found.refetch()} /> : null}
      {data && data.total === 0 && !active ? <p className="empty">{t('tasks.empty')}</p> : null}
      {data && (data.total > 0 || active) ? (
        <>
          {/* Filters only where there is something to find among: more than one page, or filters set. */}
          {data.pages > 1 || active || data.directives.length > 1 ? (
            <FinderBar testId="task-finder" active={active} onClear={() => set(NO_FILTERS)}>
              <SearchField value={filters.query} onChange={(v) => set({ query: v })} hint={t('find.searchTasksHint')} testId="task-search" />
              <SelectFilter label={t('find.state')} value={filters.state} onChange={(v) => set({ state: v })} options={ASSIGNMENT_STATES.map((s) => [s, t(`state.${s}`)] as const)} testId="task-state" />
              <SelectFilter label={t('find.standing')} value={filters.standing} onChange={(v) => set({ standing: v })} options={STANDINGS.map((s) => [s, standingLabel(t, s)] as const)} testId="task-standing" />
              <DayFilter label={t('find.dueBy')} value={filters.dueBy} onChange={(v) => set({ dueBy: v })} testId="task-due-by" />
              {data.directives.length > 1 ? (
                <SelectFilter label={t('find.directive')} value={filters.directiveId} onChange={(v) => set({ directiveId: v })} options={data.directives.map((d) => [d.id, d.reference] as const)} testId="task-directive" />
              ) : null}
            </FinderBar>
          ) : null}
          {data.total === 0 ? <p className="empty" role="status">{t('find.nothing')}</p> : null}
          <ul className="cards">
            {data.items.map((assignment) => (
              <li key={assignment.id}>
                <AssignmentCard assignment={assignment} />
              </li>
            ))}
          </ul>
          {data.pages > 1 ? <Pager page={data.page} pages={data.pages} total={data.total} onPage={setPage} testId="task-pager" /> : null}
        </>
      ) : null}
    </section>
  );
}

/** A standing filter's words: the badge's own, without a count. */
function standingLabel(t: TFunction, standing: (typeof STANDINGS)[number]): string {
  if (standing === 'overdue') return t('find.overdue');
  if (standing === 'doneLate') return t('find.doneLate');
  if (standing === 'none') return t('find.none');
  return t(`standing.${standing}`);
}

function AssignmentCard({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const userId = useMe().data?.id ?? '';
  const doneRef = useRef<HTMLParagraphElement>(null);
  // "Tiếp nhận" goes through the device's outbox (device.ts): sent at once when there is a connection,
  // kept with its Idempotency-Key and sent when it returns otherwise. A second tap is the same action.
  const enqueue = useEnqueue();
  const acknowledgement = useOutboxEntry(userId, assignment.id, 'acknowledge');
  const waiting = acknowledgement?.state === 'pending' || acknowledgement?.state === 'sending';
  const acknowledged = acknowledgement?.state === 'sent';
  // The button disappears on success; keep keyboard and screen-reader users where they were.
  const seenWaiting = useRef(false);
  useEffect(() => {
    if (waiting) seenWaiting.current = true;
    else if (acknowledged && seenWaiting.current) doneRef.current?.focus();
  }, [waiting, acknowledged]);

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
          <DirectiveName directive={directive} />
        </h3>
        <StateBadge state={assignment.state} acknowledgedAt={assignment.acknowledgedAt} />
      </header>
      <p className="assignment__subject">{directive.subject}</p>
      <p className="assignment__document">
        <a href={hrefFor({ name: 'document', directiveId: assignment.directiveId })} aria-label={t('document.linkFor', { reference: directive.reference })} data-testid="task-document-link">
          {t('document.link')}
        </a>
      </p>
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
      {acknowledged ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="acknowledged-notice">
          {t('tasks.acknowledged', { reference: directive.reference })}
        </p>
      ) : null}
      <OutboxStatus entry={acknowledgement} testId="outbox-acknowledge" taskState={assignment.state} />
      {assignment.state === 'issued' && !acknowledged ? (
        <div className="card__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={waiting}
            aria-describedby={titleId}
            onClick={() => enqueue(userId, 'acknowledge', assignment.id, { assignmentId: assignment.id })}
          >
            {acknowledgement?.state === 'sending' ? t('tasks.acknowledging') : t('tasks.acknowledge')}
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
