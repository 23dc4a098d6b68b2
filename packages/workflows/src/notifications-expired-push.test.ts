import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPushSubscription } from '@chidao/channels/testing';
import { vietnamCalendar, type NotificationPreferences } from '@chidao/domain';
import { eventually, nextFridayBeforeWorkingMonday, skipTo as skipServerTo, testNow, vnAt } from '@chidao/testing';
import { directiveWorkflowId, startDirective } from './index';
import { db, env, pushService as receiver, repos, sink, useNotificationServer, vapid } from './notifications-harness';
import { testProvinceDirective } from './testing';

/**
 * Bad input at the delivery level: a push subscription the browser has dropped. The push service (a
 * real one on the loopback that checks VAPID and decrypts) answers 410 Gone; the dispatcher marks the
 * subscription expired, logs the push delivery failed with SUBSCRIPTION_EXPIRED, and falls back to
 * the next channel the person allows (e-mail, to a real SMTP server), a delivery whose `fallback_of`
 * names the failed one. The 410 is an answer, not a fault: it is not retried, and nothing is pushed
 * to that subscription again.
 */
const taskQueue = 'notifications-expired-push';
const calendar = vietnamCalendar();
const PERSON = { id: 'u.c1', unitId: 'tp.d1.c1', role: 'chair' as const, email: 'chutich.xamot@example.vn' };
// New tasks by push only; e-mail is allowed (for reports), so it is where a failed push falls back to.
const PREFERENCES: NotificationPreferences = {
  channels: { task: ['push'], reminder: ['push'], escalation: ['push'], report: ['email'], request: ['push'] },
  quietHours: null,
  digest: { enabled: false, at: '07:30' },
};

let subscription: TestPushSubscription;
let friday: string;

useNotificationServer({
  taskQueue,
  people: [PERSON],
  async prepare() {
    await repos.notifications.savePreferences(PERSON.id, PREFERENCES);
    subscription = receiver.subscribe({ applicationServerKey: vapid.publicKey });
    await repos.notifications.subscribePush({ userId: PERSON.id, endpoint: subscription.endpoint, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth, userAgent: 'test' });
    // The person uninstalled the app: the push service answers 410 from now on.
    receiver.expire(subscription.id);
  },
});

beforeAll(async () => {
  friday = nextFridayBeforeWorkingMonday(calendar, await testNow(env));
  await skipServerTo(env, vnAt(friday, '10:00'));
});

describe('an expired push subscription', () => {
  it('is marked expired, and the new task reaches the person by e-mail instead, noted as the fallback of the failed push', async () => {
    const id = 'tp.2026.410';
    await repos.directives.save(testProvinceDirective(id, friday), directiveWorkflowId(id));
    await startDirective(env.client, taskQueue, id);

    const mail = await sink.waitFor((m) => m.to.includes(PERSON.email), 60_000);
    expect(mail.subject).toBe(`Nhiệm vụ mới: Công văn ${id}/UBND-VX`);
    const log = await eventually(async () => {
      const entries = (await repos.notifications.deliveryLog(PERSON.id, { limit: 20 })).filter((d) => d.directiveId === id);
      expect(entries.find((d) => d.channel === 'email')?.state).toBe('sent');
      return entries;
    });
    const push = log.find((d) => d.channel === 'push')!;
    expect(push).toMatchObject({ kind: 'task.new', state: 'failed', attempts: 1 });
    expect(push.reason).toMatch(/^SUBSCRIPTION_EXPIRED: push service 410/);
    const email = log.find((d) => d.channel === 'email')!;
    expect(email.notificationId).toBe(push.notificationId);
    expect(email.fallbackOf).toBe(push.id);
    expect(email).toMatchObject({ state: 'sent', address: PERSON.email, attempts: 1 });

    const stored = await db.prisma.pushSubscription.findUniqueOrThrow({ where: { endpoint: subscription.endpoint } });
    expect(stored.expiredAt).not.toBeNull();
    // The push service was asked once, answered 410 once, and delivered nothing.
    expect(receiver.refused.map((r) => [r.subscriptionId, r.status])).toEqual([[subscription.id, 410]]);
    expect(receiver.counts).toEqual({ received: 0, refused: 1 });
  });

  it('is not tried again: the next notice goes by e-mail, not to the push service, and the first is not retried', async () => {
    const id = 'tp.2026.411';
    await repos.directives.save(testProvinceDirective(id, friday, 'V/v thử nghiệm lần hai'), directiveWorkflowId(id));
    await startDirective(env.client, taskQueue, id);
    // The new task is in the person's list (the dispatcher has expanded it) …
    await eventually(async () => expect((await repos.notifications.list(PERSON.id, { limit: 10 })).map((n) => n.directiveId)).toContain(id));
    // … and the dispatcher has nothing left to do: no delivery pending or being sent.
    await eventually(async () => expect(await db.prisma.notificationDelivery.count({ where: { state: { in: ['pending', 'sending'] } } })).toBe(0));
    // An hour later on the server's clock (where a retried activity would have run many times over),
    // the push service has still been asked once.
    await skipServerTo(env, vnAt(friday, '11:00'));
    expect(receiver.counts).toEqual({ received: 0, refused: 1 });
    const log = (await repos.notifications.deliveryLog(PERSON.id, { limit: 20 })).filter((d) => d.directiveId === id);
    // No live subscription: push is not planned for it at all, and e-mail (off for new tasks, but allowed
    // for other groups) stands in, as the first notice's fallback did.
    expect(log.map((d) => [d.channel, d.state])).toEqual([['email', 'sent']]);
    expect((await db.prisma.notificationDelivery.findMany({ where: { channel: 'push' } })).map((d) => [d.state, d.attempts])).toEqual([['failed', 1]]);
  });
});
