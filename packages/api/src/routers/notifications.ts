import { createHash, randomInt } from 'node:crypto';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  calendarKeeperGrant,
  checkCode,
  codeThrottle,
  CODE_POLICY,
  CONTACT_CHANNELS,
  provinceOfUnit,
  provincialDefaults,
  DomainError,
  EXTERNAL_CHANNELS,
  NOTIFICATION_GROUPS,
  NOTIFICATION_KINDS,
  normalizeContact,
  validatePreferences,
  type ContactChannel,
  type NotificationPreferences,
} from '@chidao/domain';
import { TransientChannelError } from '@chidao/channels';
import { auditEntry } from '../audit';
import type { AuthedContext } from '../context';
import { authedProcedure } from '../trpc';

/**
 * The person's own notifications (the bell), how they want to hear of things (preferences, contact
 * points verified by a one-time code, this browser's push subscription) and what was sent to them
 * (the delivery log); an administrator reads everyone's log.
 */

const notification = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  at: z.string(),
  directiveId: z.string(),
  assignmentId: z.string().nullable(),
  unitId: z.string(),
  data: z.record(z.string(), z.unknown()),
  urgent: z.boolean(),
  readAt: z.string().nullable(),
});

const channelList = z.array(z.enum(EXTERNAL_CHANNELS)).max(EXTERNAL_CHANNELS.length);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const preferences = z.object({
  channels: z.object(Object.fromEntries(NOTIFICATION_GROUPS.map((g) => [g, channelList])) as Record<(typeof NOTIFICATION_GROUPS)[number], typeof channelList>),
  quietHours: z.object({ from: hhmm, to: hhmm }).nullable(),
  digest: z.object({ enabled: z.boolean(), at: hhmm }),
});

const delivery = z.object({
  id: z.string(),
  notificationId: z.string(),
  userId: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  directiveId: z.string(),
  data: z.record(z.string(), z.unknown()),
  channel: z.enum(EXTERNAL_CHANNELS),
  state: z.enum(['pending', 'sending', 'sent', 'delivered', 'failed', 'suppressed']),
  notBefore: z.string(),
  digest: z.boolean(),
  address: z.string().nullable(),
  attempts: z.number().int(),
  doneAt: z.string().nullable(),
  reason: z.string().nullable(),
  fallbackOf: z.string().nullable(),
  createdAt: z.string(),
});

type PreferencesOut = z.infer<typeof preferences>;
/** The domain's read-only preferences as the output schema's plain object. */
const plain = (p: NotificationPreferences): PreferencesOut => ({
  channels: Object.fromEntries(NOTIFICATION_GROUPS.map((g) => [g, [...p.channels[g]]])) as PreferencesOut['channels'],
  quietHours: p.quietHours ? { ...p.quietHours } : null,
  digest: { ...p.digest },
});

const idString = z.string().regex(/^\d{1,19}$/);
const page = z.object({ before: idString.optional(), limit: z.number().int().min(1).max(100).optional() });

/** A contact's code is hashed with what it verifies, so one hash is worthless for another address. */
const codeHash = (userId: string, channel: ContactChannel, address: string, code: string) =>
  createHash('sha256').update(`${userId}\n${channel}\n${address}\n${code}`).digest('hex');

/** What a contact point shows its owner: never the code or its hash. */
const contactView = (c: { channel: ContactChannel; address: string; verifiedAt: string | null; codeExpiresAt: string | null }) => ({
  channel: c.channel,
  address: c.address,
  verifiedAt: c.verifiedAt,
  codePendingUntil: c.verifiedAt === null ? c.codeExpiresAt : null,
});
const contact = z.object({ channel: z.enum(CONTACT_CHANNELS), address: z.string(), verifiedAt: z.string().nullable(), codePendingUntil: z.string().nullable() });

function personal(ctx: AuthedContext, action: string, after: Record<string, unknown> | null, before: Record<string, unknown> | null = null) {
  return ctx.repos.audit.append(
    auditEntry(ctx, { actor: { userId: ctx.user.id, role: null, unitId: ctx.user.unitId }, action, entityType: 'user', entityId: ctx.user.id, before, after }),
  );
}

export const notificationsRouter = {
  /** The signed-in person's notifications, newest first. */
  list: authedProcedure
    .input(page.extend({ unreadOnly: z.boolean().optional() }).optional())
    .output(z.object({ items: z.array(notification), unread: z.number().int() }))
    .query(async ({ ctx, input }) => {
      const [items, unread] = await Promise.all([
        ctx.repos.notifications.list(ctx.user.id, { limit: input?.limit ?? 30, ...(input?.before ? { before: input.before } : {}), ...(input?.unreadOnly ? { unreadOnly: true } : {}) }),
        ctx.repos.notifications.unreadCount(ctx.user.id),
      ]);
      return { items: items.map((n) => ({ ...n, data: { ...n.data } })), unread };
    }),

  /**
   * The unread count now and after every change, over server-sent events: the bell is live without
   * polling. Without a feed (a host that has none) the count is sent once.
   */
  live: authedProcedure.subscription(async function* ({ ctx, signal }) {
    const userId = ctx.user.id;
    let changed: (() => void) | null = null;
    let pending = true;
    const unsubscribe =
      ctx.notificationFeed?.subscribe(userId, () => {
        pending = true;
        changed?.();
      }) ?? null;
    try {
      while (!signal?.aborted) {
        if (pending) {
          pending = false;
          yield { unread: await ctx.repos.notifications.unreadCount(userId) };
        }
        if (!unsubscribe) return;
        await new Promise<void>((resolve) => {
          changed = resolve;
          signal?.addEventListener('abort', () => resolve(), { once: true });
          if (pending) resolve();
        });
        changed = null;
      }
    } finally {
      unsubscribe?.();
    }
  }),

  markRead: authedProcedure
    .meta({ repeatable: 'marking read what is read changes nothing' })
    .input(z.object({ ids: z.array(idString).min(1).max(100) }))
    .output(z.object({ marked: z.number().int(), unread: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const marked = await ctx.repos.notifications.markRead(ctx.user.id, input.ids, new Date().toISOString());
      return { marked, unread: await ctx.repos.notifications.unreadCount(ctx.user.id) };
    }),

  markAllRead: authedProcedure
    .meta({ repeatable: 'marking read what is read changes nothing' })
    .output(z.object({ marked: z.number().int(), unread: z.number().int() }))
    .mutation(async ({ ctx }) => {
      const marked = await ctx.repos.notifications.markAllRead(ctx.user.id, new Date().toISOString());
      return { marked, unread: await ctx.repos.notifications.unreadCount(ctx.user.id) };
    }),

  /** How the person hears of things: saved, or the defaults for their roles. */
  preferences: authedProcedure.output(z.object({ preferences, saved: z.boolean() })).query(async ({ ctx }) => {
    const saved = await ctx.repos.notifications.preferencesOf(ctx.user.id);
    if (saved) {
      try {
        return { preferences: plain(validatePreferences(saved)), saved: true };
      } catch {
        // Saved under an older shape: shown as the defaults, which also apply.
      }
    }
    // Nothing saved: the defaults for their roles, quiet at the hours their province set.
    const province = provinceOfUnit(await ctx.access.hierarchy(), ctx.user.unitId);
    const provinceSaved = province === null ? null : (await ctx.repos.provinceSettings.get(province)).settings;
    return { preferences: plain(provincialDefaults(ctx.grants.map((g) => g.role), provinceSaved)), saved: false };
  }),

  setPreferences: authedProcedure
    .meta({ repeatable: 'saving the same preferences again changes nothing' })
    .input(preferences)
    .output(z.object({ preferences }))
    .mutation(async ({ ctx, input }) => {
      const checked = validatePreferences(input);
      const before = await ctx.repos.notifications.preferencesOf(ctx.user.id);
      await ctx.repos.notifications.savePreferences(ctx.user.id, checked);
      await personal(ctx, 'notifications.preferences', { ...checked }, (before as Record<string, unknown> | null) ?? null);
      return { preferences: plain(checked) };
    }),

  /** The channels this installation sends through, and the public key a browser subscribes to push with. */
  channels: authedProcedure
    .output(z.object({ channels: z.array(z.enum(EXTERNAL_CHANNELS)), vapidPublicKey: z.string().nullable() }))
    .query(({ ctx }) => ({ channels: EXTERNAL_CHANNELS.filter((c) => ctx.notify?.configured.includes(c)), vapidPublicKey: ctx.notify?.vapidPublicKey ?? null })),

  contacts: authedProcedure.output(z.array(contact)).query(async ({ ctx }) => (await ctx.repos.contacts.list(ctx.user.id)).map(contactView)),

  /**
   * Sets a contact's address and sends it a one-time code (at most CODE_POLICY.maxCodesPerHour an
   * hour). Nothing is sent to the address until the code is entered.
   */
  requestCode: authedProcedure
    .input(z.object({ channel: z.enum(CONTACT_CHANNELS), address: z.string().min(3).max(254) }))
    .output(z.object({ contact }))
    .mutation(async ({ ctx, input }) => {
      const address = normalizeContact(input.channel, input.address);
      const channel = ctx.notify?.channels[input.channel];
      if (!channel) throw new DomainError('CHANNEL_UNAVAILABLE', `The ${input.channel} channel is not configured`, { field: 'channel' });
      const now = new Date().toISOString();
      const code = String(randomInt(0, 10 ** CODE_POLICY.digits)).padStart(CODE_POLICY.digits, '0');
      const expiresAt = new Date(Date.parse(now) + CODE_POLICY.validMinutes * 60_000).toISOString();
      const throttled = await ctx.repos.contacts.issueCode(ctx.user.id, input.channel, (previous) => {
        const throttle = codeThrottle(previous?.codesSentAt ?? [], now);
        if (!throttle.allowed) return { refused: throttle.retryAfterSeconds };
        return { address, codeHash: codeHash(ctx.user.id, input.channel, address, code), expiresAt, sentAt: throttle.recent, result: null };
      });
      if (throttled !== null) throw new DomainError('TOO_MANY_CODES', 'Too many codes within the hour', { retryAfterSeconds: throttled });
      const vi = `Mã xác minh ${input.channel === 'email' ? 'địa chỉ thư' : 'số điện thoại'} trên Theo dõi chỉ đạo: ${code}. Có hiệu lực ${CODE_POLICY.validMinutes} phút. Không chia sẻ mã này với ai.`;
      try {
        const outcome = await channel.send({
          key: `verify-${ctx.user.id}-${input.channel}-${Date.parse(now)}`,
          to: address,
          title: `Mã xác minh: ${code}`,
          body: vi,
          // Zalo sends it with the installation's one registered template (title, body, link), as every notice.
          link: `${ctx.notify?.appUrl ?? ''}/#/settings/notifications`,
        });
        if (!outcome.ok) throw new DomainError('CHANNEL_UNAVAILABLE', `The ${input.channel} address refused the code: ${outcome.reason}`, { field: 'address', reason: outcome.code });
      } catch (error) {
        if (error instanceof TransientChannelError) throw new DomainError('UNAVAILABLE', `The ${input.channel} provider is unavailable: ${error.message}`, { retryAfterSeconds: 30 });
        throw error;
      }
      await personal(ctx, 'contact.code_sent', { channel: input.channel, address });
      return { contact: contactView((await ctx.repos.contacts.get(ctx.user.id, input.channel))!) };
    }),

  verifyContact: authedProcedure
    .input(z.object({ channel: z.enum(CONTACT_CHANNELS), code: z.string().regex(/^\d{4,8}$/) }))
    .output(z.object({ contact }))
    .mutation(async ({ ctx, input }) => {
      const stored = await ctx.repos.contacts.get(ctx.user.id, input.channel);
      if (!stored) throw new DomainError('CODE_EXPIRED', 'No code was sent to this contact', { field: 'code' });
      if (stored.verifiedAt && stored.codeHash === null) return { contact: contactView(stored) };
      const now = new Date().toISOString();
      const outcome = checkCode(stored, codeHash(ctx.user.id, input.channel, stored.address, input.code), now);
      if (outcome === 'wrong') {
        await ctx.repos.contacts.wrongCode(ctx.user.id, input.channel);
        await personal(ctx, 'contact.code_wrong', { channel: input.channel });
        throw new DomainError('CODE_WRONG', 'The code does not match', { field: 'code', left: Math.max(0, CODE_POLICY.maxWrongEntries - stored.codeAttempts - 1) });
      }
      if (outcome !== 'verified') throw new DomainError('CODE_EXPIRED', 'The code expired or was entered wrong too often', { field: 'code' });
      await ctx.repos.contacts.verified(ctx.user.id, input.channel, now);
      await personal(ctx, 'contact.verified', { channel: input.channel, address: stored.address });
      return { contact: contactView((await ctx.repos.contacts.get(ctx.user.id, input.channel))!) };
    }),

  removeContact: authedProcedure
    .meta({ repeatable: 'removing a removed contact changes nothing' })
    .input(z.object({ channel: z.enum(CONTACT_CHANNELS) }))
    .output(z.object({ removed: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const removed = await ctx.repos.contacts.remove(ctx.user.id, input.channel);
      if (removed) await personal(ctx, 'contact.removed', { channel: input.channel });
      return { removed };
    }),

  /** This browser's push subscription (PushSubscription.toJSON()), for the signed-in person. */
  subscribePush: authedProcedure
    .meta({ repeatable: 'the same subscription again replaces itself' })
    .input(z.object({ endpoint: z.string().url().max(2048).startsWith('https://').or(z.string().url().max(2048).startsWith('http://127.0.0.1')), keys: z.object({ p256dh: z.string().min(40).max(200), auth: z.string().min(16).max(64) }) }))
    .output(z.object({ subscriptions: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.notify?.vapidPublicKey) throw new DomainError('CHANNEL_UNAVAILABLE', 'Web push is not configured', { field: 'channel' });
      await ctx.repos.notifications.subscribePush({ userId: ctx.user.id, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: null });
      await personal(ctx, 'push.subscribed', { origin: new URL(input.endpoint).origin });
      return { subscriptions: await ctx.repos.notifications.pushSubscriptionCount(ctx.user.id) };
    }),

  unsubscribePush: authedProcedure
    .meta({ repeatable: 'removing a removed subscription changes nothing' })
    .input(z.object({ endpoint: z.string().url().max(2048) }))
    .output(z.object({ subscriptions: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.repos.notifications.unsubscribePush(ctx.user.id, input.endpoint);
      return { subscriptions: await ctx.repos.notifications.pushSubscriptionCount(ctx.user.id) };
    }),

  /** What was sent to the person, through which channel, and what came of it; newest first. */
  deliveries: authedProcedure
    .input(page.optional())
    .output(z.array(delivery))
    .query(({ ctx, input }) => ctx.repos.notifications.deliveryLog(ctx.user.id, { limit: input?.limit ?? 50, ...(input?.before ? { before: input.before } : {}) })),

  /** Everyone's deliveries, for the system administrator: failures first found by `state`. */
  allDeliveries: authedProcedure
    .input(page.extend({ state: z.enum(['pending', 'sending', 'sent', 'delivered', 'failed', 'suppressed']).optional() }).optional())
    .output(z.array(delivery))
    .query(({ ctx, input }) => {
      if (!calendarKeeperGrant(ctx.access.grants)) throw new DomainError('NOT_ADMINISTRATOR', 'Only the system administrator reads every delivery');
      return ctx.repos.notifications.deliveryLog(null, { limit: input?.limit ?? 50, ...(input?.before ? { before: input.before } : {}), ...(input?.state ? { state: input.state } : {}) });
    }),
} satisfies TRPCRouterRecord;
