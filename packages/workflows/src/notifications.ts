import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { NotificationActivities } from './activities';
import { notificationsWakeSignal } from './messages';

/**
 * The notification dispatcher: one workflow for the installation (id `notifications`). It turns the
 * outbox's events into notifications and deliveries, then sends each channel's due deliveries in a
 * lane of its own, so an SMTP server that is down holds back e-mail only. A lane's activity fails
 * while its provider cannot take messages, and Temporal retries it with backoff (2 s doubling to 5
 * minutes); a worker killed mid-round leaves the activity to be retried, which sends what is still
 * unsent under each delivery's own key.
 *
 * It sleeps until the next delivery falls due (quiet hours' end, the digest), for at most a minute;
 * `notificationsWakeSignal` (sent when the outbox gets a row: PostgreSQL's NOTIFY at commit) wakes it
 * at once.
 */


const expand = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const send = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Events expanded, and deliveries claimed, per activity. */
const EXPAND_BATCH = 500;
const SEND_BATCH = 200;
const IDLE_MS = 60_000;
/** Rounds before the workflow continues as new (each round adds a handful of history events). */
const ROUNDS = 300;

export interface NotificationDispatchInput {
  /** Stop after this many idle rounds (tests); forever when absent. */
  readonly idleRounds?: number;
  /**
   * false: no look every minute, only when woken or when a delivery falls due (the time-skipping
   * tests, where a minute's timer would fire thousands of times over a skipped week).
   */
  readonly idlePoll?: boolean;
}

export async function notificationDispatchWorkflow(input: NotificationDispatchInput = {}): Promise<void> {
  let wakes = 0;
  setHandler(notificationsWakeSignal, () => {
    wakes++;
  });
  const lanes = new Map<string, Promise<void>>();
  let lanesDone = 0;
  let idle = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const seen = wakes;
    const seenDone = lanesDone;
    const now = new Date().toISOString();
    const expanded = await expand.expandNotifications({ limit: EXPAND_BATCH, now });
    const due = await expand.dueNotifications({ now });
    for (const channel of due.channels) {
      if (lanes.has(channel)) continue;
      lanes.set(
        channel,
        send
          .deliverNotifications({ channel, now, limit: SEND_BATCH })
          .then(
            () => undefined,
            () => undefined,
          )
          .finally(() => {
            lanes.delete(channel);
            lanesDone++;
          }),
      );
    }
    if (expanded.more) continue;
    if (due.channels.length === 0 && lanes.size === 0 && expanded.expanded === 0) idle++;
    else idle = 0;
    if (input.idleRounds !== undefined && idle >= input.idleRounds) break;
    const woken = () => wakes !== seen || lanesDone !== seenDone;
    const untilNext = due.nextAt ? Math.max(1, Date.parse(due.nextAt) - Date.now()) : null;
    if (input.idlePoll !== false) await condition(woken, Math.min(untilNext ?? IDLE_MS, IDLE_MS));
    else if (untilNext !== null) await condition(woken, untilNext);
    else await condition(woken);
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await Promise.all(lanes.values());
  if (input.idleRounds !== undefined && idle >= input.idleRounds) return;
  await continueAsNew<typeof notificationDispatchWorkflow>(input);
}
