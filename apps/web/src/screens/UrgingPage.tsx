import { placeAndDateVi, SIGNER_NAME_LINE } from '@chidao/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { formatDate, formatDateTime } from '../lib/format';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';

type Draft = Outputs['urging']['draft'];

/**
 * The urging document (văn bản đôn đốc): drafted from the tasks of the unit's directives overdue now,
 * laid out as a công văn of Nghị định 30/2020/NĐ-CP (issuing body and motto, number, place and date,
 * "V/v", Kính gửi, the text, the signature block), every part editable before it is issued. Issuing
 * records it on each named task, whose unit sees it on its card.
 */
export function UrgingPage({ directiveId }: { directiveId: string | null }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // From an inbox row's "đôn đốc": that directive's overdue tasks only.
  const draft = useQuery(trpc.urging.draft.queryOptions(directiveId === null ? {} : { directiveId }, { staleTime: Infinity }));
  return (
    <div className="page urging-page">
      <div className="compiled-toolbar no-print">
        <a href={hrefFor({ name: 'statistics', month: null })}>{t('urging.back')}</a>
      </div>
      <h1 id="page-title" tabIndex={-1}>
        {t('urging.title')}
      </h1>
      {directiveId !== null ? (
        <p className="hint no-print" data-testid="urging-one-directive">
          {t('urging.oneDirective')} <a href={hrefFor({ name: 'urging' })}>{t('urging.allDirectives')}</a>
        </p>
      ) : null}
      {draft.isPending ? <Loading /> : null}
      {draft.isError ? <ErrorNotice error={draft.error} onRetry={() => void draft.refetch()} /> : null}
      {draft.isSuccess ? draft.data.tasks.length === 0 ? <NothingToUrge nothing={draft.data.nothing} /> : <UrgingForm draft={draft.data} /> : null}
    </div>
  );
}

/**
 * No task to urge, and why: for one directive entered after the dates it states, that those dates had
 * passed before anyone received it and were moved past its entry, so nobody is late yet; with the
 * next deadline in force, after which the draft fills.
 */
function NothingToUrge({ nothing }: { nothing: Draft['nothing'] }) {
  const { t } = useTranslation();
  if (nothing === null) return <p className="empty">{t('urging.nothingOverdue')}</p>;
  return (
    <div className="notice" role="status" data-testid="urging-nothing" data-kind={nothing.kind}>
      <p>
        {nothing.kind === 'enteredAfterDeadline'
          ? t('urging.enteredAfterDeadline', {
              reference: nothing.reference,
              date: formatDate(nothing.directiveDate),
              entered: formatDate(nothing.enteredOn),
              stated: formatDate(nothing.statedDeadline),
            })
          : t('urging.noneOverdueOne', { reference: nothing.reference })}
      </p>
      {nothing.nextDeadline !== null ? <p>{t('urging.nextDeadline', { dateTime: formatDateTime(nothing.nextDeadline) })}</p> : null}
    </div>
  );
}

function UrgingForm({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const ids = { reference: useId(), subject: useId(), body: useId(), respondBy: useId() };
  const [reference, setReference] = useState('');
  const [subject, setSubject] = useState(draft.subject);
  const [body, setBody] = useState(draft.body);
  const [respondBy, setRespondBy] = useState(draft.respondBy);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const issue = useMutation(trpc.urging.issue.mutationOptions());
  useEffect(() => {
    if (issue.isSuccess) doneRef.current?.focus();
  }, [issue.isSuccess]);
  const issued = issue.isSuccess;
  const submit = () =>
    issue.mutate({
      reference,
      subject,
      body,
      respondBy,
      items: draft.tasks.map((task) => ({ directiveId: task.directiveId, unitId: task.unitId, taskId: task.taskId })),
    });
  return (
    <form
      className="urging-form"
      data-testid="urging-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <article className="official" lang="vi" data-testid="urging-document">
        <header className="official__header">
          <div className="official__body">
            <p className="official__issuer">{draft.issuer.name.toLocaleUpperCase('vi-VN')}</p>
            <p className="official__number">
              <label htmlFor={ids.reference}>{t('urging.number')}</label>{' '}
              <input id={ids.reference} value={reference} onChange={(e) => setReference(e.target.value)} placeholder="…/UBND-VP" disabled={issued} maxLength={100} />
            </p>
            <p className="official__subject">
              <label htmlFor={ids.subject} className="visually-hidden">
                {t('urging.subject')}
              </label>
              <input id={ids.subject} value={subject} onChange={(e) => setSubject(e.target.value)} disabled={issued} maxLength={500} required />
            </p>
          </div>
          <div className="official__motto">
            <p className="official__nation">{t('compiled.motto')}</p>
            <p className="official__motto-line">{t('compiled.mottoLine')}</p>
            <p className="official__date">{draft.place ? placeAndDateVi(draft.place, draft.today) : formatDate(draft.today)}</p>
          </div>
        </header>
        <p className="official__recipient" data-testid="urging-recipients">
          {t('urging.to')}
          {draft.recipients.map((r) => (
            <span key={r.unitId} className="urging__recipient">
              {' '}- {r.unitName};
            </span>
          ))}
        </p>
        <label htmlFor={ids.body} className="visually-hidden">
          {t('urging.body')}
        </label>
        <textarea id={ids.body} className="urging__body" value={body} onChange={(e) => setBody(e.target.value)} rows={14} disabled={issued} required />
        <div className="official__signature">
          <p className="official__signer official__signer--blank">{SIGNER_NAME_LINE}</p>
        </div>
      </article>
      <div className="field no-print">
        <label htmlFor={ids.respondBy}>{t('urging.respondBy')}</label>
        <input id={ids.respondBy} type="date" value={respondBy} min={draft.today} onChange={(e) => setRespondBy(e.target.value)} disabled={issued} required />
        <p className="hint">{t('urging.respondByHint')}</p>
      </div>
      <details className="no-print">
        <summary>{t('urging.named', { tasks: draft.tasks.length, units: draft.recipients.length })}</summary>
        <ul data-testid="urging-tasks">
          {draft.tasks.map((task) => (
            <li key={`${task.directiveId}/${task.unitId}/${task.taskId}`}>
              <strong>{task.unitName}</strong> — {task.text} ({task.reference}, {t('statistics.deadline', { date: formatDate(task.deadline) })})
            </li>
          ))}
        </ul>
      </details>
      {issue.isError ? <ErrorNotice error={issue.error} /> : null}
      {issued ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="urging-issued">
          {t('urging.issued', { reference: reference || '…', units: issue.data.units, tasks: issue.data.named })}
        </p>
      ) : null}
      <div className="card__actions no-print">
        {issued ? (
          <button type="button" className="button" onClick={() => window.print()}>
            {t('compiled.print')}
          </button>
        ) : (
          <button type="submit" className="button button--primary" disabled={issue.isPending}>
            {issue.isPending ? t('urging.issuing') : t('urging.issue')}
          </button>
        )}
      </div>
    </form>
  );
}
