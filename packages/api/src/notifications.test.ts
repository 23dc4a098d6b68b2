import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationActivities } from '@chidao/activities';
import { createEmailChannel } from '@chidao/channels';
import { startSmtpSink, type SmtpSink } from '@chidao/channels/testing';
import { createInboxFeed, type InboxFeed } from '@chidao/db';
import { CODE_POLICY, DIRECTIVE_1119 } from '@chidao/domain';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import type { ContextDeps } from './index';
import { signedInAs } from './testing';
import { refusedWith } from './test-support';
import { domainCodeOf } from './index';

/**
 * The person's side of notifications through the API: the bell's list and live count, contact
 * points verified by a code sent over a real SMTP server, preferences. The notifications come from
 * 1119's outbox, expanded by the dispatcher's own activity.
 */

const COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const chair = `u.${COMMUNE}`;
let harness: EngineHarness;
let sink: SmtpSink;
let feed: InboxFeed;
let deps: ContextDeps;

const codeOf = (subject: string) => /Mã xác minh: (\d{6})/.exec(subject)?.[1] ?? '';
const refusal = async (promise: Promise<unknown>) => domainCodeOf(await refusedWith(promise));

beforeAll(async () => {
  [harness, sink] = await Promise.all([startEngineHarness('notifications-api-test'), startSmtpSink()]);
  feed = await createInboxFeed(harness.databaseUrl);
  const email = createEmailChannel({ url: sink.url, from: 'Theo dõi chỉ đạo <no-reply@chidao.test>' });
  deps = { ...harness.deps, notificationFeed: feed, notify: { configured: ['email'], channels: { email }, vapidPublicKey: null, appUrl: 'http://chidao.test' } };
});

afterAll(async () => {
  await feed?.close();
  await sink?.stop();
  await harness?.stop();
});

describe('the bell', () => {
  it('lists the new task of 1119 once its event is expanded, and counts it unread live', async () => {
    const caller = signedInAs(deps, chair);
    const live = await caller.notifications.live();
    const counts = live[Symbol.asyncIterator]();
    expect((await counts.next()).value).toEqual({ unread: 0 });
    const next = counts.next();
    // The dispatcher's expansion, as the worker runs it (no channel: in-app only).
    const activities = createNotificationActivities({ repos: harness.repos, channels: {}, appUrl: 'http://chidao.test' });
    for (let more = true; more; ) more = (await activities.expandNotifications({ limit: 500, now: new Date().toISOString() })).more;
    expect((await next).value).toEqual({ unread: 1 });
    await counts.return?.();

    const { items, unread } = await caller.notifications.list();
    expect(unread).toBe(1);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'task.new', directiveId: DIRECTIVE_1119.id, readAt: null, data: { reference: DIRECTIVE_1119.reference, unitName: 'UBND phường Vĩnh Thanh' } });
  });

  it("marks one's own read, and nobody else's", async () => {
    const mine = (await signedInAs(deps, chair).notifications.list()).items[0]!;
    const other = signedInAs(deps, 'u.kg.rach-gia');
    expect(await other.notifications.markRead({ ids: [mine.id] })).toMatchObject({ marked: 0 });
    expect((await signedInAs(deps, chair).notifications.list()).unread).toBe(1);
    expect(await signedInAs(deps, chair).notifications.markRead({ ids: [mine.id] })).toEqual({ marked: 1, unread: 0 });
    expect(await signedInAs(deps, chair).notifications.markAllRead()).toEqual({ marked: 0, unread: 0 });
  });
});

describe('contact points', () => {
  it('sends a code to a new e-mail address, refuses a wrong code, and verifies with the right one', async () => {
    const caller = signedInAs(deps, chair);
    const asked = await caller.notifications.requestCode({ channel: 'email', address: ' Chu.Tich@Example.VN ' });
    expect(asked.contact).toMatchObject({ channel: 'email', address: 'chu.tich@example.vn', verifiedAt: null });
    expect(asked.contact.codePendingUntil).not.toBeNull();
    const mail = await sink.waitFor((m) => m.to.includes('chu.tich@example.vn'));
    const code = codeOf(mail.subject);
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.text).toContain(`Có hiệu lực ${CODE_POLICY.validMinutes} phút`);
    // Only the code's hash is kept.
    const row = await harness.db.prisma.contactPoint.findUnique({ where: { userId_channel: { userId: chair, channel: 'email' } } });
    expect(JSON.stringify(row)).not.toContain(code);

    const wrong = code === '000000' ? '111111' : '000000';
    expect(await refusal(caller.notifications.verifyContact({ channel: 'email', code: wrong }))).toBe('CODE_WRONG');
    expect((await caller.notifications.contacts()).find((c) => c.channel === 'email')?.verifiedAt).toBeNull();
    const verified = await caller.notifications.verifyContact({ channel: 'email', code });
    expect(verified.contact.verifiedAt).not.toBeNull();
    const audit = await harness.db.prisma.auditEntry.findMany({ where: { entityId: chair, action: { startsWith: 'contact.' } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['contact.code_sent', 'contact.code_wrong', 'contact.verified']);
  });

  it('voids a code after too many wrong entries', async () => {
    const caller = signedInAs(deps, 'u.kg.rach-gia.p-vinh-bao');
    await caller.notifications.requestCode({ channel: 'email', address: 'xa.vinh.bao@example.vn' });
    const code = codeOf((await sink.waitFor((m) => m.to.includes('xa.vinh.bao@example.vn'))).subject);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < CODE_POLICY.maxWrongEntries; i++) expect(await refusal(caller.notifications.verifyContact({ channel: 'email', code: wrong }))).toBe('CODE_WRONG');
    expect(await refusal(caller.notifications.verifyContact({ channel: 'email', code }))).toBe('CODE_EXPIRED');
  });

  it('sends at most three codes an hour to a contact', async () => {
    const caller = signedInAs(deps, 'u.kg.rach-gia.p-vinh-lac');
    const before = sink.counts.received;
    for (let i = 0; i < CODE_POLICY.maxCodesPerHour - 1; i++) await caller.notifications.requestCode({ channel: 'email', address: 'xa.vinh.lac@example.vn' });
    const refused = await refusedWith(caller.notifications.requestCode({ channel: 'email', address: 'xa.vinh.lac@example.vn' }).then(() => caller.notifications.requestCode({ channel: 'email', address: 'xa.vinh.lac@example.vn' })));
    expect(domainCodeOf(refused)).toBe('TOO_MANY_CODES');
    await sink.waitFor(() => sink.counts.received - before >= CODE_POLICY.maxCodesPerHour);
    expect(sink.counts.received - before).toBe(CODE_POLICY.maxCodesPerHour);
  });

  it('refuses a malformed address or a channel not configured, with nothing stored or sent', async () => {
    const caller = signedInAs(deps, 'u.kg.rach-gia.p-vinh-hiep');
    const before = sink.counts.received;
    expect(await refusal(caller.notifications.requestCode({ channel: 'email', address: 'a@b.c\r\nBcc: x@y.z' }))).toBe('INVALID_INPUT');
    expect(await refusal(caller.notifications.requestCode({ channel: 'sms', address: '12345' }))).toBe('INVALID_INPUT');
    expect(await refusal(caller.notifications.requestCode({ channel: 'sms', address: '0912 345 678' }))).toBe('CHANNEL_UNAVAILABLE');
    expect((await caller.notifications.contacts()).map((c) => c.channel)).toEqual(['email']);
    expect(sink.counts.received).toBe(before);
  });
});

describe('preferences', () => {
  it('shows the defaults for the roles, keeps a change, and refuses a bad one', async () => {
    const caller = signedInAs(deps, chair);
    const { preferences, saved } = await caller.notifications.preferences();
    expect(saved).toBe(false);
    expect(preferences.digest).toEqual({ enabled: false, at: '07:30' });
    expect((await signedInAs(deps, 'u.kg').notifications.preferences()).preferences.digest.enabled).toBe(true);
    const changed = { ...preferences, channels: { ...preferences.channels, reminder: ['sms' as const] }, quietHours: null };
    await caller.notifications.setPreferences(changed);
    expect(await caller.notifications.preferences()).toEqual({ preferences: changed, saved: true });
    expect(await refusal(caller.notifications.setPreferences({ ...changed, quietHours: { from: '07:00', to: '07:00' } }))).toBe('INVALID_INPUT');
    expect((await caller.notifications.preferences()).preferences).toEqual(changed);
  });
});
