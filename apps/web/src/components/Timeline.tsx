import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format';
import { timelineLabelKey, timelineReason } from '../lib/timeline';
import { useTRPC } from '../trpc';
import { ErrorNotice, Loading } from './ErrorNotice';

/** "Diễn biến": an expandable list of what happened to an assignment; asks the server only once opened. */
export function Timeline({ assignmentId }: { assignmentId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="timeline" data-testid="timeline" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('timeline.title')}</summary>
      {open ? <TimelineEntries assignmentId={assignmentId} /> : null}
    </details>
  );
}

function TimelineEntries({ assignmentId }: { assignmentId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const timeline = useQuery(trpc.assignments.timeline.queryOptions({ assignmentId }, { refetchInterval: 10_000 }));
  if (timeline.isPending) return <Loading />;
  if (timeline.isError) return <ErrorNotice error={timeline.error} onRetry={() => void timeline.refetch()} />;
  if (timeline.data.length === 0) return <p className="empty">{t('timeline.empty')}</p>;
  return (
    <ol className="timeline__list">
      {timeline.data.map((entry, i) => {
        const key = timelineLabelKey(entry.kind);
        const reason = timelineReason(entry.detail, entry.kind);
        return (
          <li key={`${entry.at}:${entry.kind}:${i}`} data-kind={entry.kind}>
            <time dateTime={entry.at} className="timeline__time">
              {formatDateTime(entry.at)}
            </time>{' '}
            <span className="timeline__label">{key ? t(key) : entry.kind}</span>
            {reason ? <span className="timeline__reason"> — {t('timeline.reason', { reason })}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
