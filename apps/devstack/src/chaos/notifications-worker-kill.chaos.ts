import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDirective } from '@chidao/api';
import { startSmtpSink, type SmtpSink } from '@chidao/channels/testing';
import { DIRECTIVE_1119 } from '@chidao/domain';
import { eventually } from '@chidao/testing';
import { log, seededRandom, startChaosStack, type ChaosStack } from './harness';
import { arrivals, dispatchSettled, emailDeliveries, MAIL_FROM, tasksByEmail } from './notifications';

/**
 * kill -9 the worker while the dispatcher sends the new tasks of công văn 1119 by e-mail (one to each
 * unit's chair, to a real SMTP server that takes its time over each message, so that messages are in
 * flight at the kill), and start it again, three times. Afterwards every delivery of the log arrived
 * at the SMTP server, under its own Message-ID, and nothing else did.
 *
 * Exactly once, and its one window: a message the server accepted (250 after DATA) just before the
 * kill, but whose sending the database had not recorded yet, is sent again after the restart under the
 * same Message-ID (the delivery's key). The server then holds it twice; mail clients and servers that
 * deduplicate by Message-ID (Gmail's threading, Outlook's, many MTAs' duplicate filters) show it once.
 * The test counts such repeats and prints them: every other message arrives exactly once.
 */
let stack: ChaosStack;
let sink: SmtpSink;
beforeAll(async () => {
  // About 150 ms per message, three connections at a time: the 186 e-mails take a dozen seconds.
  sink = await startSmtpSink({ latencyMs: 150 });
  stack = await startChaosStack({ workerEnv: { SMTP_URL: sink.url, MAIL_FROM } });
  log(`${await tasksByEmail(stack)} demo accounts hear of new tasks by e-mail, at any hour`);
});
afterAll(async () => {
  await stack?.stop();
  await sink?.stop();
});

describe('the worker killed during a round of e-mails', () => {
  it('leaves every notification arrived, under its own Message-ID, none lost', async () => {
    const random = seededRandom('worker kills during delivery');
    stack.startWorker();
    await issueDirective({ repos: stack.repos, client: stack.client, taskQueue: stack.taskQueue }, DIRECTIVE_1119);
    // The e-mails of the fan-out: one per unit's chair (186 for 1119), known once the fan-out is expanded.
    const total = 186;
    const thresholds = [
      [0.05, 0.25],
      [0.35, 0.55],
      [0.65, 0.85],
    ].map(([a, b]) => Math.floor(total * (a! + random() * (b! - a!))));
    let kills = 0;
    for (const threshold of thresholds) {
      await eventually(async () => expect(sink.counts.received).toBeGreaterThanOrEqual(threshold), 300_000);
      await sleep(Math.floor(random() * 400));
      const inFlight = (await emailDeliveries(stack, DIRECTIVE_1119.id)).states['sending'] ?? 0;
      await stack.killWorker();
      kills += 1;
      log(`kill -9 worker #${kills} with ${sink.counts.received} e-mails received, ${inFlight} deliveries being sent`);
      await sleep(Math.floor(random() * 2000));
      stack.startWorker();
    }

    // The killed rounds' activities time out (heartbeat: a minute) and are retried by the new worker.
    await eventually(async () => expect(await dispatchSettled(stack)).toBe(true), 600_000);
    await sleep(3_000);
    const log_ = await emailDeliveries(stack, DIRECTIVE_1119.id);
    const arrived = arrivals(sink, log_.messageIds);
    log(
      `after ${kills} kills: ${arrived.expected} e-mails in the log (${JSON.stringify(log_.states)}, at most ${log_.maxAttempts} attempts each); ` +
        `${arrived.received} received, ${arrived.distinct} distinct Message-IDs, ${arrived.duplicates} repeated (${arrived.duplicated.join(', ') || 'none'}), ` +
        `${arrived.lost.length} lost, ${arrived.unexpected.length} unexpected`,
    );
    expect(log_.states).toEqual({ sent: total });
    expect(arrived.expected).toBe(total);
    expect(arrived.lost).toEqual([]);
    expect(arrived.unexpected).toEqual([]);
    expect(arrived.distinct).toBe(total);
    // A repeat can only be a message in flight at a kill (at most three connections each time).
    expect(arrived.duplicates).toBeLessThanOrEqual(kills * 3);
    for (const id of arrived.duplicated) {
      const copies = sink.messages.filter((m) => m.messageId === id);
      expect(new Set(copies.map((m) => `${m.to.join(',')}|${m.subject}|${m.text}`)).size).toBe(1);
    }
  });
});
