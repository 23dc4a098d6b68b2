import type { RefObject } from 'react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { domainCodeOf } from '../../lib/errors';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { WEEKDAYS, type Definition, type Preview } from '../../lib/issue';
import { kindName, levelName } from './names';

/** Who receives the directive and by when, level by level, before it is issued. */
export function PreviewStep({
  preview,
  definition,
  headingRef,
  issuing,
  error,
  onBack,
  onIssue,
}: {
  preview: Preview;
  definition: Definition;
  headingRef: RefObject<HTMLHeadingElement | null>;
  issuing: boolean;
  error: unknown;
  onBack: () => void;
  onIssue: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const conflict = preview.existing === 'conflict';
  const progress = definition.tracking.progressReports;
  const countAt = (level: string) => preview.levels.find((l) => l.level === level)?.withoutReportDeadline ?? 0;
  return (
    <section className="card issue__preview" aria-labelledby={`${id}-title`} data-testid="issue-preview-result">
      <h2 id={`${id}-title`} className="card__title" ref={headingRef} tabIndex={-1}>
        {t('issue.preview.title', { kind: t(`issue.documentKind.${definition.kind ?? 'cong_van'}`), reference: definition.reference, date: formatDate(definition.date) })}
      </h2>
      <p className="overview__subject">{definition.subject}</p>
      <p className="hint">{t('issue.preview.asOf', { at: formatDateTime(preview.issuedAt) })}</p>
      {preview.existing === 'same' ? <p className="notice notice--warning">{t('issue.preview.same')}</p> : null}
      {conflict ? (
        <p className="notice notice--error" role="alert">
          {t('issue.preview.conflict')}
        </p>
      ) : null}
      {progress ? (
        <p data-testid="issue-progress-summary">
          {progress.type === 'weekly'
            ? t('issue.preview.progressWeekly', { weekday: t(`issue.weekday.${String(progress.weekday) as (typeof WEEKDAYS)[number]}`) })
            : progress.type === 'everyWorkingDays'
              ? t('issue.preview.progressEvery', { days: formatNumber(progress.days) })
              : t('issue.preview.progressCalendar', { regime: t(`issue.progress.${progress.type}`).toLocaleLowerCase(), cutOff: progress.cutOffDay, due: progress.dueDay })}
          {progress.untilEnded ? ` ${t('issue.preview.progressUntilEnded')}` : null}
        </p>
      ) : null}
      {preview.notices.map((n) => (
        <p key={`${n.code}:${n.level}`} className="notice notice--warning" data-testid="issue-notice" data-code={n.code}>
          <Icon name="alert" /> {t(`issue.notice.${n.code}`, { level: levelName(t, n.level), count: formatNumber(countAt(n.level)) })}
        </p>
      ))}
      <div className="table-wrap">
        <table className="children" data-testid="issue-levels">
          <caption className="children__caption">{t('issue.preview.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('issue.preview.level')}</th>
              <th scope="col">{t('issue.preview.units')}</th>
              <th scope="col">{t('issue.preview.acknowledgeBy')}</th>
              <th scope="col">{t('issue.preview.reportBy')}</th>
              <th scope="col">{t('issue.preview.progress')}</th>
              <th scope="col">{t('issue.preview.escalation')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.levels.map((level) => (
              <tr key={level.level} data-level={level.level}>
                <th scope="row">{levelName(t, level.level)}</th>
                <td data-label={t('issue.preview.units')}>
                  <span className="num">{formatNumber(level.units)}</span>
                  <span className="hint">
                    {' '}
                    ({Object.entries(level.kinds)
                      .map(([kind, n]) => `${kindName(t, kind)}: ${formatNumber(n)}`)
                      .join('; ')}
                    )
                  </span>
                  <span className="hint issue__sample">
                    {level.sample.join(', ')}
                    {level.units > level.sample.length ? '…' : ''}
                  </span>
                </td>
                <td data-label={t('issue.preview.acknowledgeBy')}>{formatDateTime(level.acknowledgeBy)}</td>
                <td data-label={t('issue.preview.reportBy')}>
                  {level.reportBy
                    ? level.reportBy.earliest === level.reportBy.latest
                      ? formatDateTime(level.reportBy.earliest)
                      : t('issue.preview.range', { from: formatDateTime(level.reportBy.earliest), to: formatDateTime(level.reportBy.latest) })
                    : t('issue.none')}
                  {level.reportBy && level.withoutReportDeadline > 0 ? (
                    <span className="hint issue__sample">{t('issue.preview.withoutReport', { count: formatNumber(level.withoutReportDeadline) })}</span>
                  ) : null}
                </td>
                <td data-label={t('issue.preview.progress')} data-testid="issue-level-progress">
                  {level.progress ? (
                    <>
                      {/* Until the issuer ends them: the preview's periods are only the first ones planned. */}
                      {progress?.untilEnded ? t('issue.preview.periodsUntilEnded') : t('issue.preview.periods', { count: formatNumber(level.progress.periods) })}
                      <span className="hint issue__sample">
                        {level.progress.first.map((d, i) => t('issue.preview.period', { number: i + 1, date: formatDate(d) })).join('; ')}
                        {level.progress.periods > level.progress.first.length ? '; …' : ''}
                      </span>
                    </>
                  ) : (
                    t('issue.none')
                  )}
                </td>
                <td data-label={t('issue.preview.escalation')}>{level.firstEscalationAt ? formatDateTime(level.firstEscalationAt) : t('issue.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? (
        <div data-testid="issue-error" data-code={domainCodeOf(error) ?? undefined}>
          <ErrorNotice error={error} />
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={issuing || conflict} onClick={onIssue} data-testid="issue-confirm">
          {issuing ? t('issue.issuing') : t('issue.confirm')}
        </button>
        <button type="button" className="button button--secondary" disabled={issuing} onClick={onBack}>
          {t('issue.backToForm')}
        </button>
      </div>
    </section>
  );
}
