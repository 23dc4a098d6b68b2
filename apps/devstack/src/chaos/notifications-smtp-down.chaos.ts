import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDirective } from '@chidao/api';
import { startSmtpSink, type SmtpSink } from '@chidao/channels/testing';
import { DIRECTIVE_1119 } from '@chidao/domain';
import { NOTIFICATIONS_WORKFLOW_ID } from '@chidao/workflows';
import { eventually } from '@chidao/testing';
import { log, startChaosStack, type ChaosStack } from './harness';
import { arrivals, dispatchSettled, emailDeliveries, MAIL_FROM, tasksByEmail } from './notifications';

/**
 * The SMTP server goes down in the middle of the new tasks of công văn 1119 (one e-mail to each
 * unit's chair) and comes back on the same port a minute later. Meanwhile the dispatcher's e-mail lane
 * fails and Temporal retries it with backoff (2 s, doubling): a handful of attempts, not a storm.
 * Afterwards every delivery of the log has arrived, each under its own Message-ID, once.
 */
const OUTAGE_MS = 60_000;
let stack: ChaosStack;
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({ latencyMs: 50 });
  stack = await startChaosStack({ workerEnv: { SMTP_URL: sink.url, MAIL_FROM } });
  log(`${await tasksByEmail(stack)} demo accounts hear of new tasks by e-mail, at any hour`);
});
afterAll(async () => {
  await stack?.stop();
  await sink?.stop();
});

/** The dispatcher's e-mail lane as Temporal sees it: its attempt number, and why the last one failed. */
async function emailLane(): Promise<{ attempt: number; failure: string | null } | null> {
  const { raw } = await stack.client.workflow.getHandle(NOTIFICATIONS_WORKFLOW_ID).describe();
  const lane = raw.pendingActivities?.find((a) => a.activityType?.name === 'deliverNotifications');
  return lane ? { attempt: lane.attempt ?? 0, failure: lane.lastFailure?.message ?? null } : null;
}

describe('the SMTP server down for a minute', () => {
  it('retries with backoff, then delivers every notification exactly once', async () => {
    const total = 186;
    stack.startWorker();
    await issueDirective({ repos: stack.repos, client: stack.client, taskQueue: stack.taskQueue }, DIRECTIVE_1119);
    await eventually(async () => expect(sink.counts.received).toBeGreaterThanOrEqual(Math.floor(total * 0.3)), 300_000);
    await sink.stop();
    const atStop = { received: sink.counts.received, connections: sink.counts.connections };
    log(`SMTP server stopped with ${atStop.received} e-mails received`);
    const lanes: Array<{ attempt: number; failure: string | null } | null> = [];
    for (let waited = 0; waited < OUTAGE_MS; waited += 5_000) {
      await sleep(5_000);
      lanes.push(await emailLane());
    }
    const during = await emailDeliveries(stack, DIRECTIVE_1119.id);
    const attempts = Math.max(0, ...lanes.map((l) => l?.attempt ?? 0));
    log(`after ${OUTAGE_MS / 1000} s down: the e-mail lane's activity at attempt ${attempts} (${lanes.at(-1)?.failure ?? 'no failure recorded'}); deliveries ${JSON.stringify(during.states)}, at most ${during.maxAttempts} attempts each`);
    await sink.start();
    log('SMTP server started again on the same port');

    await eventually(async () => expect(await dispatchSettled(stack)).toBe(true), 600_000);
    await sleep(3_000);
    const after = await emailDeliveries(stack, DIRECTIVE_1119.id);
    const arrived = arrivals(sink, after.messageIds);
    log(
      `${arrived.expected} e-mails in the log (${JSON.stringify(after.states)}, at most ${after.maxAttempts} attempts each); ${arrived.received} received, ` +
        `${arrived.distinct} distinct, ${arrived.duplicates} repeated, ${arrived.lost.length} lost, ${arrived.unexpected.length} unexpected; ` +
        `${sink.counts.connections - atStop.connections} SMTP connections after the restart`,
    );
    // Retried with backoff while down: the lane's activity failed and was retried a handful of times
    // (2 s doubling over a minute: about five), each attempt claiming the unsent deliveries once.
    expect(lanes.some((l) => l !== null && l.attempt > 1)).toBe(true);
    expect(attempts).toBeLessThanOrEqual(8);
    expect(during.maxAttempts).toBeLessThanOrEqual(9);
    expect(after.states).toEqual({ sent: total });
    expect(arrived.lost).toEqual([]);
    expect(arrived.unexpected).toEqual([]);
    expect(arrived.duplicates).toBe(0);
    expect(arrived.received).toBe(total);
  });
});
