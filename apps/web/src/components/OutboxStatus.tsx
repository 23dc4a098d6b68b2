import { useTranslation } from 'react-i18next';
import type { AssignmentState } from '../api';
import type { OutboxEntry } from '../lib/outbox';
import { formatTime } from '../lib/format';

/**
 * Where an action kept on the device stands, on its task's card: not sent yet (it goes by itself when
 * the connection returns), being sent, sent at a time, or refused by the server and why. `testId`
 * names the action ("outbox-acknowledge", "outbox-report"); `keepsText` says the form still holds
 * what was typed when a report is refused.
 */
export function OutboxStatus({
  entry,
  testId,
  keepsText = false,
  taskState,
}: {
  entry: OutboxEntry | null;
  testId: string;
  keepsText?: boolean;
  /** The task's state now: a task withdrawn meanwhile is the plainer reason for a refusal. */
  taskState?: AssignmentState;
}) {
  const { t } = useTranslation();
  if (entry === null) return null;
  if (entry.state === 'refused') {
    const withdrawn = taskState === 'recalled' || taskState === 'reassigned' || taskState === 'completed' ? taskState : null;
    const reason = withdrawn ? t(`offline.closed.${withdrawn}`) : t(entry.code ? `errors.codes.${entry.code}` : 'errors.unknown');
    return (
      <div className="notice notice--error" role="alert" data-testid={testId} data-outbox-state="refused" data-error-code={entry.code}>
        <p>{t('offline.refused', { reason })}</p>
        {keepsText ? <p>{t('offline.keptText')}</p> : null}
      </div>
    );
  }
  const text =
    entry.state === 'sent' ? t('offline.sent', { time: formatTime(entry.sentAt ?? entry.createdAt) }) : entry.state === 'sending' ? t('offline.sending') : t('offline.pending');
  return (
    <p className={`notice ${entry.state === 'sent' ? 'notice--success' : 'notice--pending'} outbox-status`} role="status" data-testid={testId} data-outbox-state={entry.state}>
      {text}
    </p>
  );
}
