import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { issueDirective } from '@chidao/api';
import { generateVapidKeys, messageIdFor } from '@chidao/channels';
import { startPushReceiver, startSmtpSink, type PushReceiver, type SmtpSink } from '@chidao/channels/testing';
import { buildHierarchy, nationalDirective, planAssignments, resolveDeadline, vietnamCalendar, type Directive, type NotificationPreferences } from '@chidao/domain';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';
import { seconds, until } from './measure';
import { SIZE_LABELS, treeOf, type Size } from './run';
import { speedReference } from './speed';
import { startBenchStack } from './stack';

/**
 * The notification round (issue 21, "Scale and faults"): the first reminder of every commune of the
 * national directive, delivered by e-mail to a real SMTP server and by Web Push to a real push
 * service (both on the loopback, in this process), through the worker as `npm start` runs it.
 *
 * How the reminders fire on demand, whatever the time of day: the directive's tracking policy asks
 * for acknowledgement by a moment a few minutes after issue (a date and an HH:mm), with no reminders
 * before it and one escalation step, "remind" at the deadline itself (a step of 0 working days fires
 * at the deadline, not moved into working hours). Nobody acknowledges, so every assignment reminds its
 * unit once, at that moment (or at once when its workflow starts after it). The report is due 30
 * working days later, so its own alarms stay far away.
 *
 * Who hears of it: every commune's demo chair, with a verified e-mail address (seeded for the demo
 * accounts), a push subscription at the receiver, and preferences that send reminders through push
 * and e-mail and nothing else (no quiet hours, no digest), so the new tasks of the fan-out are logged
 * as suppressed and the SMTP server and the push receiver get the reminders only. The chairs above
 * the communes are told in the app only.
 *
 * Counted: every reminder delivery in the log has a key (`delivery-<id>`): the e-mail's Message-ID
 * and the push payload's tag. Zero duplicates: as many distinct keys arrived as messages. Zero lost:
 * every key the log expects arrived.
 */

export interface NotificationRoundResult {
  readonly size: Size;
  readonly round: 'notifications';
  readonly label: string;
  readonly startedAt: string;
  readonly machine: {
    readonly cores: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly loadAverageAtStart: readonly number[];
    readonly loadAverageAtEnd: readonly number[];
    readonly sharedMachine: boolean;
    readonly speedReferenceMs: number;
  };
  readonly units: { readonly communes: number; readonly assignments: number };
  /** The acknowledgement deadline the reminders fire at, and how long after issue it was. */
  readonly reminderDueAt: string;
  readonly leadSeconds: number;
  readonly fanoutSeconds: number;
  /** Whether every assignment existed before the reminders fell due (else the late ones reminded as they started). */
  readonly fanoutDoneBeforeReminder: boolean;
  /** Reminder events of the communes in the outbox. */
  readonly reminderEvents: number;
  readonly expected: { readonly email: number; readonly push: number };
  readonly arrived: Record<'email' | 'push', { readonly received: number; readonly distinct: number; readonly duplicates: number; readonly lost: number; readonly unexpected: number }>;
  /** From the first reminder event seen in the outbox to the last message received. */
  readonly firstEventToLastDeliverySeconds: number;
  /** From the first reminder event to the first message received: how long the dispatcher took to start sending. */
  readonly firstEventToFirstDeliverySeconds: number;
  /** Messages received over the time from the first to the last: the sending rate once it started. */
  readonly sendingPerSecond: number;
  /** From the first reminder event to the last one written (the alarms firing). */
  readonly firstEventToLastEventSeconds: number;
  /** Messages received (e-mail and push) over firstEventToLastDeliverySeconds. */
  readonly perSecond: number;
  readonly perSecondByChannel: { readonly email: number; readonly push: number };
  /** The delivery log of the reminders, by state; and deliveries that took more than one attempt. */
  readonly log: Record<string, number>;
  readonly retriedDeliveries: number;
  readonly smtpConnections: number;
  readonly pushRefused: number;
  readonly peakRssBytes: { readonly worker: number | null };
  readonly targets: ReadonlyArray<{ readonly name: string; readonly met: boolean; readonly detail: string }>;
}

export interface NotificationRoundOptions {
  readonly quiet: boolean;
  readonly shared: boolean;
  readonly log: (line: string) => void;
  /** Seconds from issue to the reminders; default 60 s plus 35 ms per assignment (the fan-out's time on this machine, with room). */
  readonly leadSeconds?: number;
}

const MAIL_FROM = 'Theo dõi chỉ đạo <no-reply@bench.chidao.test>';

/** The deadline as the directive says it: the date and HH:mm in Vietnam (UTC+7 all year), at least `ms` from now, on a whole minute. */
function vnDateTime(ms: number): { date: string; time: string } {
  const local = new Date(Math.ceil(ms / 60_000) * 60_000 + 7 * 3_600_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

const ONLY_REMINDERS: NotificationPreferences = {
  channels: { task: [], reminder: ['push', 'email'], escalation: [], report: [], request: [] },
  quietHours: null,
  digest: { enabled: false, at: '07:30' },
};
const NOTHING: NotificationPreferences = { ...ONLY_REMINDERS, channels: { task: [], reminder: [], escalation: [], report: [], request: [] } };

export async function runNotificationRound(size: Size, options: NotificationRoundOptions): Promise<NotificationRoundResult> {
  const log = options.log;
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const tree = treeOf(size);
  const hierarchy = buildHierarchy(tree.scheme, tree.units);
  const base = nationalDirective(tree);
  const plan = planAssignments(hierarchy, base);
  const communes = tree.units.filter((u) => u.level === 'commune' && u.kind === 'people_committee');
  const communeIds = new Set(communes.map((c) => c.id));
  log(`notifications ${size}: ${communes.length} communes, ${plan.length} assignments; load ${loadAverageAtStart.join(' ')}`);
  const speedReferenceMs = speedReference().cpuMs;

  const sink: SmtpSink = await startSmtpSink({ keep: 1_000_000 });
  const receiver: PushReceiver = await startPushReceiver({ keep: 1_000_000 });
  const vapid = generateVapidKeys();
  const caDir = mkdtempSync(join(tmpdir(), 'chidao-bench-ca-'));
  const caFile = join(caDir, 'push-receiver.pem');
  writeFileSync(caFile, receiver.ca);
  log(`SMTP server ${sink.url}, push service ${receiver.origin}`);
  log('starting Temporal, PostgreSQL, the worker (e-mail and push on) and the API server');
  const stack = await startBenchStack({
    units: tree.units,
    quiet: options.quiet,
    workerEnv: {
      SMTP_URL: sink.url,
      MAIL_FROM,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:bench@chidao.test',
      NODE_EXTRA_CA_CERTS: caFile,
    },
  });
  const interrupted = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const prisma = stack.db.prisma;
    const dbCount = async (sql: string, ...args: unknown[]) => Number((await prisma.$queryRawUnsafe<[{ n: bigint }]>(sql, ...args))[0].n);

    // Every demo account hears of nothing outside the app, but the communes' chairs of their reminders.
    const users = await prisma.user.findMany({ select: { id: true, unitId: true } });
    const chairs = users.filter((u) => communeIds.has(u.unitId) && u.id === `u.${u.unitId}`);
    if (chairs.length !== communes.length) throw new Error(`${chairs.length} commune chairs for ${communes.length} communes`);
    const chairIds = new Set(chairs.map((c) => c.id));
    log(`preferences for ${users.length} accounts; a push subscription each for ${chairs.length} commune chairs`);
    for (let i = 0; i < users.length; i += 2_000) {
      await prisma.notificationPreference.createMany({
        data: users.slice(i, i + 2_000).map((u) => ({ userId: u.id, settings: JSON.parse(JSON.stringify(chairIds.has(u.id) ? ONLY_REMINDERS : NOTHING)) })),
      });
    }
    for (let i = 0; i < chairs.length; i += 2_000) {
      await prisma.pushSubscription.createMany({
        data: chairs.slice(i, i + 2_000).map((c) => {
          const s = receiver.subscribe({ applicationServerKey: vapid.publicKey });
          return { userId: c.id, endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth, userAgent: 'bench' };
        }),
      });
    }
    const verifiedEmails = await dbCount(`SELECT count(*) AS n FROM contact_point WHERE channel = 'email' AND verified_at IS NOT NULL AND user_id = ANY($1::text[])`, [...chairIds]);
    if (verifiedEmails !== chairs.length) throw new Error(`${verifiedEmails} verified e-mail addresses for ${chairs.length} commune chairs`);

    const leadSeconds = options.leadSeconds ?? Math.round(60 + plan.length * 0.035);
    const issuedMs = Date.now();
    const { date, time } = vnDateTime(issuedMs + leadSeconds * 1000);
    const directive: Directive = {
      ...base,
      tracking: {
        acknowledgeWithin: { type: 'date', date, time },
        reportBy: { type: 'workingDays', days: 30 },
        reminders: { fractions: [], workingDaysBefore: [] },
        escalation: { steps: [{ afterWorkingDays: 0, action: 'remind' }] },
      },
    };
    const reminderDueAt = resolveDeadline(vietnamCalendar(), { type: 'date', date, time }, new Date(issuedMs).toISOString());
    log(`issuing the national directive; every unit is reminded at ${reminderDueAt} (${Math.round((Date.parse(reminderDueAt) - issuedMs) / 1000)} s from now)`);
    const t0 = performance.now();
    await issueDirective({ repos: stack.repos, client: stack.client, taskQueue: DEFAULT_TASK_QUEUE }, directive);
    await until('every assignment recorded', async () => (await dbCount('SELECT count(*) AS n FROM assignment WHERE directive_id = $1', directive.id)) === plan.length, Math.max(900_000, plan.length * 200), 500);
    const fanoutMs = performance.now() - t0;
    const fanoutDoneBeforeReminder = Date.now() < Date.parse(reminderDueAt);
    log(`fan-out: ${plan.length} assignments recorded in ${seconds(fanoutMs)} s${fanoutDoneBeforeReminder ? '' : ' (after the reminders fell due: the late ones reminded as they started)'}`);

    const communeReminders = () =>
      dbCount(`SELECT count(*) AS n FROM notification_event e JOIN assignment a ON a.id = e.assignment_id WHERE e.kind = 'reminder' AND e.directive_id = $1 AND a.unit_id = ANY($2::text[])`, directive.id, [
        ...communeIds,
      ]);
    let firstEventAt = 0;
    let lastEventAt = 0;
    let lastProgress = 0;
    const waitMs = Math.max(900_000, communes.length * 300) + Math.max(0, Date.parse(reminderDueAt) - Date.now());
    log(`waiting for the reminders: ${communes.length} e-mails and ${communes.length} pushes`);
    await until(
      'every reminder received by e-mail and push',
      async () => {
        const events = await communeReminders();
        if (events > 0 && !firstEventAt) firstEventAt = Date.now();
        if (events === communes.length && !lastEventAt) lastEventAt = Date.now();
        if (Date.now() - lastProgress > 15_000 && firstEventAt) {
          lastProgress = Date.now();
          log(`  ${events} reminder events, ${sink.counts.received} e-mails, ${receiver.counts.received} pushes received`);
        }
        return lastEventAt > 0 && sink.counts.received >= communes.length && receiver.counts.received >= communes.length;
      },
      waitMs,
      200,
    ).catch((error: unknown) => log(`not everything arrived: ${(error as Error).message}`));
    // A few seconds more: a duplicate sent late would still be counted.
    await new Promise((r) => setTimeout(r, 5_000));
    const loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
    const peakWorker = stack.peakRss(stack.worker);

    const deliveries = await prisma.$queryRawUnsafe<Array<{ id: bigint; channel: string; state: string; attempts: number }>>(
      `SELECT d.id, d.channel, d.state, d.attempts FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
       WHERE n.kind = 'reminder' AND n.directive_id = $1 AND d.state <> 'suppressed'`,
      directive.id,
    );
    const byState: Record<string, number> = {};
    for (const d of deliveries) byState[`${d.channel} ${d.state}`] = (byState[`${d.channel} ${d.state}`] ?? 0) + 1;
    const fromAddress = MAIL_FROM.slice(MAIL_FROM.indexOf('<') + 1, -1);
    const expectedEmail = new Set(deliveries.filter((d) => d.channel === 'email').map((d) => messageIdFor(`delivery-${d.id}`, fromAddress)));
    const expectedPush = new Set(deliveries.filter((d) => d.channel === 'push').map((d) => `delivery-${d.id}`));
    const tally = (keys: readonly string[], expected: ReadonlySet<string>) => {
      const distinct = new Set(keys);
      return {
        received: keys.length,
        distinct: distinct.size,
        duplicates: keys.length - distinct.size,
        lost: [...expected].filter((k) => !distinct.has(k)).length,
        unexpected: [...distinct].filter((k) => !expected.has(k)).length,
      };
    };
    const emailKeys = sink.messages.map((m) => m.messageId ?? '(none)');
    const pushKeys = receiver.received.map((p) => String((p.payload as { tag?: unknown }).tag ?? '(none)'));
    const arrived = { email: tally(emailKeys, expectedEmail), push: tally(pushKeys, expectedPush) };
    const lastDelivery = Math.max(...sink.messages.map((m) => m.receivedAt.getTime()), ...receiver.received.map((p) => p.receivedAt.getTime()));
    const firstDelivery = Math.min(...sink.messages.map((m) => m.receivedAt.getTime()), ...receiver.received.map((p) => p.receivedAt.getTime()));
    const lastOf = (times: number[]) => (times.length ? Math.max(...times) : Number.NaN);
    const spanMs = lastDelivery - firstEventAt;
    const rate = (n: number, ms: number) => Math.round((n / (ms / 1000)) * 10) / 10;
    const reminderEvents = await communeReminders();
    const retriedDeliveries = deliveries.filter((d) => d.attempts > 1).length;
    log(
      `reminders: ${reminderEvents} events; e-mail ${JSON.stringify(arrived.email)}; push ${JSON.stringify(arrived.push)}; ` +
        `${seconds(spanMs)} s from the first event to the last delivery (the first after ${seconds(firstDelivery - firstEventAt)} s; the last event after ${lastEventAt ? seconds(lastEventAt - firstEventAt) : '?'} s); log ${JSON.stringify(byState)}`,
    );

    const targets = [
      { name: 'every commune reminded once', met: reminderEvents === communes.length, detail: `${reminderEvents} reminder events for ${communes.length} communes` },
      {
        name: 'every expected delivery in the log',
        met: expectedEmail.size === communes.length && expectedPush.size === communes.length,
        detail: `${expectedEmail.size} e-mail and ${expectedPush.size} push deliveries for ${communes.length} communes`,
      },
      {
        name: 'zero lost',
        met: arrived.email.lost === 0 && arrived.push.lost === 0,
        detail: `${arrived.email.lost} e-mails and ${arrived.push.lost} pushes of the log's never arrived`,
      },
      {
        name: 'zero duplicates',
        met: arrived.email.duplicates === 0 && arrived.push.duplicates === 0 && arrived.email.unexpected === 0 && arrived.push.unexpected === 0,
        detail: `${arrived.email.duplicates} e-mails and ${arrived.push.duplicates} pushes arrived twice; ${arrived.email.unexpected + arrived.push.unexpected} not in the log`,
      },
      {
        name: 'the log says sent',
        met: (byState['email sent'] ?? 0) === expectedEmail.size && (byState['push sent'] ?? 0) === expectedPush.size,
        detail: JSON.stringify(byState),
      },
    ];

    return {
      size,
      round: 'notifications',
      label: SIZE_LABELS[size],
      startedAt,
      machine: {
        cores: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
        node: process.version,
        loadAverageAtStart,
        loadAverageAtEnd,
        sharedMachine: options.shared,
        speedReferenceMs,
      },
      units: { communes: communes.length, assignments: plan.length },
      reminderDueAt,
      leadSeconds,
      fanoutSeconds: seconds(fanoutMs),
      fanoutDoneBeforeReminder,
      reminderEvents,
      expected: { email: expectedEmail.size, push: expectedPush.size },
      arrived,
      firstEventToLastDeliverySeconds: seconds(spanMs),
      firstEventToFirstDeliverySeconds: seconds(firstDelivery - firstEventAt),
      sendingPerSecond: rate(sink.counts.received + receiver.counts.received, lastDelivery - firstDelivery),
      firstEventToLastEventSeconds: lastEventAt ? seconds(lastEventAt - firstEventAt) : Number.NaN,
      perSecond: rate(sink.counts.received + receiver.counts.received, spanMs),
      perSecondByChannel: {
        email: rate(sink.counts.received, lastOf(sink.messages.map((m) => m.receivedAt.getTime())) - firstEventAt),
        push: rate(receiver.counts.received, lastOf(receiver.received.map((p) => p.receivedAt.getTime())) - firstEventAt),
      },
      log: byState,
      retriedDeliveries,
      smtpConnections: sink.counts.connections,
      pushRefused: receiver.counts.refused,
      peakRssBytes: { worker: peakWorker },
      targets,
    };
  } catch (error) {
    log(`failed: ${(error as Error).stack ?? String(error)}`);
    throw error;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    log('stopping');
    await stack.stop();
    await Promise.all([sink.stop(), receiver.stop()]);
    rmSync(caDir, { recursive: true, force: true });
  }
}
