import { describe, expect, it } from 'vitest';
import { addWorkingDays, digestDateOf, formatVnDate, nextDigestAt, vietnamCalendar } from '@chidao/domain';
import { eventually, nextFridayBeforeWorkingMonday, skipTo as skipServerTo, testNow, vnAt } from '@chidao/testing';
import { acknowledgeUpdate, assignmentWorkflowId, directiveWorkflowId, startDirective } from './index';
import { env, pushService, repos, sink, useNotificationServer, vapid, type Person } from './notifications-harness';
import { testProvinceDirective } from './testing';

/**
 * Notifications end to end on the time-skipping server: the outbox's triggers, the NOTIFY relay,
 * the dispatcher workflow and its activities, the domain's rules, and the e-mail channel talking
 * SMTP to a real SMTP server on the loopback. A commune chair hears of the new task, a district chair
 * of the commune that missed its acknowledgement, and the province leader gets one morning digest.
 */

const taskQueue = 'notifications-test';
const calendar = vietnamCalendar();
const id = 'tp.2026.951';
const c1 = assignmentWorkflowId(id, 'tp.d1.c1');

const PEOPLE: Person[] = [
  { id: 'u.c1', unitId: 'tp.d1.c1', role: 'chair', email: 'chutich.xamot@example.vn' },
  { id: 'u.c2', unitId: 'tp.d1.c2', role: 'chair', email: 'chutich.xahai@example.vn' },
  { id: 'u.d1', unitId: 'tp.d1', role: 'chair', email: 'chutich.huyenmot@example.vn' },
  // An address the mail server refuses (550): the escalation cannot reach this vice chair outside the app.
  { id: 'u.d1v', unitId: 'tp.d1', role: 'vice_chair', email: 'khong.ton.tai@example.vn' },
  { id: 'u.tp', unitId: 'tp', role: 'province_leader', email: 'lanhdao.tinh@example.vn' },
];
const mailTo = (address: string) => sink.messages.filter((m) => m.to.includes(address));

useNotificationServer({
  taskQueue,
  people: PEOPLE,
  smtp: { rejectRecipient: (address) => address.startsWith('khong.ton.tai@') },
  // The commune chair also turned push on in their phone's browser (a subscription at the push service, bound to our key).
  async prepare() {
    const phone = pushService.subscribe({ applicationServerKey: vapid.publicKey });
    await repos.notifications.subscribePush({ userId: 'u.c1', endpoint: phone.endpoint, p256dh: phone.keys.p256dh, auth: phone.keys.auth, userAgent: 'test phone' });
  },
});

describe('a directive, its notifications, and the people they reach', () => {
  let friday: string;
  let parentDay: string;
  let provinceDay: string;

  it('tells the commune chair of the new task by push, by e-mail and in the app, once each', async () => {
    friday = nextFridayBeforeWorkingMonday(calendar, await testNow(env));
    const ackDay = addWorkingDays(calendar, friday, 1);
    parentDay = addWorkingDays(calendar, ackDay, 1);
    provinceDay = addWorkingDays(calendar, ackDay, 2);
    await skipServerTo(env, vnAt(friday, '10:00'));
    await repos.directives.save(testProvinceDirective(id, friday), directiveWorkflowId(id));
    await startDirective(env.client, taskQueue, id);
    await eventually(async () => expect(await repos.assignments.statesForDirective(id)).toHaveLength(3));

    const mail = await sink.waitFor((m) => m.to.includes('chutich.xamot@example.vn'));
    expect(mail.subject).toBe(`Nhiệm vụ mới: Công văn ${id}/UBND-VX`);
    expect(mail.text).toContain('UBND xã Một được giao nhiệm vụ.');
    expect(mail.text).toContain('http://chidao.test/#/');
    const pushed = await pushService.waitFor();
    expect(pushed.payload).toMatchObject({ title: `Nhiệm vụ mới: Công văn ${id}/UBND-VX`, link: 'http://chidao.test/#/' });
    expect(pushed.headers.urgency).toBe('normal');
    const inApp = await eventually(async () => {
      const list = await repos.notifications.list('u.c1', { limit: 10 });
      expect(list).toHaveLength(1);
      return list;
    });
    expect(inApp[0]).toMatchObject({ kind: 'task.new', directiveId: id, readAt: null });
    expect(await repos.notifications.unreadCount('u.c1')).toBe(1);
    // The district and the other commune acknowledge; the first commune does not.
    for (const unitId of ['tp.d1', 'tp.d1.c2']) {
      await env.client.workflow.getHandle(assignmentWorkflowId(id, unitId)).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: { userId: `u.${unitId.split('.').at(-1)}`, unitId } }] });
    }
  });

  it('tells the district chair of the commune that missed its acknowledgement', async () => {
    await skipServerTo(env, vnAt(parentDay, '12:00'));
    const escalation = await eventually(async () => {
      const found = (await repos.escalations.forAssignment(c1)).find((e) => e.level === 'parent');
      expect(found).toBeDefined();
      return found!;
    });
    const mail = await sink.waitFor((m) => m.to.includes('chutich.huyenmot@example.vn') && m.subject.startsWith('Quá hạn'));
    expect(mail.subject).toBe(`Quá hạn: UBND xã Một — ${id}/UBND-VX`);
    expect(mail.text).toContain('UBND xã Một chưa tiếp nhận khi đã quá hạn');
    expect(mail.text).toContain(`http://chidao.test/#/directives/${id}`);
    // The log says so once the send is recorded (the SMTP server has the message a moment before).
    await eventually(async () =>
      expect((await repos.notifications.deliveryLog('u.d1', { limit: 20 })).find((d) => d.kind === 'escalation')).toMatchObject({
        channel: 'email',
        state: 'sent',
        address: 'chutich.huyenmot@example.vn',
        attempts: 1,
      }),
    );
    expect(escalation.recipientUnitId).toBe('tp.d1');
  });

  it('logs the refused address, and the escalation notes whom it could not reach', async () => {
    await eventually(async () =>
      expect((await repos.notifications.deliveryLog('u.d1v', { limit: 20 })).find((d) => d.kind === 'escalation')).toMatchObject({
        channel: 'email',
        state: 'failed',
        address: 'khong.ton.tai@example.vn',
        reason: expect.stringMatching(/^INVALID_ADDRESS/),
      }),
    );
    const noted = await eventually(async () => {
      const found = (await repos.events.forAssignment(c1)).filter((e) => e.kind === 'notification.unreachable');
      expect(found).toHaveLength(1);
      return found[0]!;
    });
    expect(noted.data).toMatchObject({ userId: 'u.d1v', channels: ['email'] });
    // The in-app list has it all the same.
    expect((await repos.notifications.list('u.d1v', { limit: 10 })).map((n) => n.kind)).toContain('escalation');
  });

  it('gathers what reaches the province into one morning digest for its leader', async () => {
    await skipServerTo(env, vnAt(provinceDay, '12:00'));
    const raised = await eventually(async () => {
      const found = (await repos.escalations.forAssignment(c1)).find((e) => e.level === 'province');
      expect(found).toBeDefined();
      return found!;
    });
    // Held until the digest: nothing reached the leader yet.
    const digestAt = nextDigestAt('07:30', Date.parse(raised.raisedAt));
    expect(mailTo('lanhdao.tinh@example.vn')).toHaveLength(0);
    await eventually(async () => expect((await repos.notifications.deliveryLog('u.tp', { limit: 10 })).map((d) => [d.state, d.digest, d.notBefore])).toEqual([['pending', true, new Date(digestAt).toISOString()]]));

    await skipServerTo(env, new Date(digestAt + 30 * 60_000).toISOString());
    const digest = await sink.waitFor((m) => m.to.includes('lanhdao.tinh@example.vn'));
    expect(digest.subject).toBe(`Tổng hợp nhắc việc và quá hạn ngày ${formatVnDate(digestDateOf(digestAt))}: 1 mục`);
    expect(digest.text).toContain(`• Quá hạn: UBND xã Một — ${id}/UBND-VX`);
    expect(mailTo('lanhdao.tinh@example.vn')).toHaveLength(1);
  });

  it('sent every message once: one e-mail per delivery, each under its own Message-ID', async () => {
    const ids = sink.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    const sent = await eventually(async () => {
      const all = (await Promise.all(PEOPLE.filter((p) => p.id !== 'u.d1v').map((p) => repos.notifications.deliveryLog(p.id, { limit: 100 })))).flat();
      expect(all.filter((d) => d.state !== 'sent')).toEqual([]);
      return all;
    });
    // One e-mail per delivery, the digest standing for what it gathers; one push message per push delivery.
    const emails = sent.filter((d) => d.channel === 'email');
    expect(sink.messages).toHaveLength(new Set(emails.map((d) => (d.digest ? `digest:${d.userId}` : d.id))).size);
    expect(pushService.received).toHaveLength(sent.filter((d) => d.channel === 'push').length);
    expect(new Set(pushService.received.map((p) => (p.payload as { tag: string }).tag)).size).toBe(pushService.received.length);
  });
});
