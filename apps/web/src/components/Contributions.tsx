import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '../api';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../trpc';
import { ErrorNotice } from './ErrorNotice';

/**
 * What the cooperating units (phối hợp) sent for the tasks this unit leads (chủ trì): the lead reads
 * them here and reports to the issuer. Shown only where the directive names cooperating units.
 */
export function Contributions({ assignment }: { assignment: Assignment }) {
  const led = assignment.tasks.filter((task) => task.role === 'lead' && task.cooperating > 0);
  if (led.length === 0) return null;
  return <ContributionList assignmentId={assignment.id} />;
}

function ContributionList({ assignmentId }: { assignmentId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const contributions = useQuery(trpc.reports.contributions.queryOptions({ assignmentId }));
  if (contributions.isError) return <ErrorNotice error={contributions.error} onRetry={() => void contributions.refetch()} />;
  if (!contributions.isSuccess || contributions.data.length === 0) return null;
  return (
    <section className="contributions" data-testid="contributions">
      <h4 className="assignment__tasks-title">{t('contributions.title')}</h4>
      {contributions.data.map((task) => (
        <div key={task.taskId} className="contributions__task" data-task={task.taskId}>
          <p className="contributions__text">{task.text}</p>
          <ul>
            {task.units.map((unit) => (
              <li key={unit.unitId} data-unit={unit.unitId} data-done={unit.done}>
                <strong>{unit.unitName}</strong>:{' '}
                {unit.sentAt ? (
                  <>
                    {unit.done ? t('contributions.sent') : t('contributions.notDone')} ({formatDateTime(unit.sentAt)})
                    {unit.note ? <span className="contributions__note"> — {unit.note}</span> : null}
                  </>
                ) : (
                  <span className="muted">{t('contributions.none')}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
