import { DomainError } from './errors';
import { dateOfDayNumber, instantMs, localDayOfMs, vnMomentMs } from './calendar';
import type { Role } from './access';

/**
 * Who is told what, through which channels, and when. Pure rules: the outbox's triggers record that
 * something happened (a notification event), the dispatcher asks these rules whom it concerns and how
 * each person wants to hear of it, and the channels only carry the text made here.
 */

/** The events a notification is made of, by the kind the outbox records. */
export const NOTIFICATION_KINDS = [
  'task.new',
  'directive.recalled',
  'deadline.amended',
  'acknowledgement.amended',
  'assignment.urged',
  'reminder',
  'escalation',
  'report.submitted',
  'report.accepted',
  'report.returned',
  'extension.request',
  'extension.approved',
  'extension.rejected',
  'explanation.request',
  'explanation.answer',
  'adjustment.request',
  'adjustment.approved',
  'adjustment.rejected',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/**
 * The kinds grouped as a person chooses channels for them: five choices rather than eighteen, each
 * one a thing an official recognises (my tasks, reminders, escalations, reports, requests).
 */
export const NOTIFICATION_GROUPS = ['task', 'reminder', 'escalation', 'report', 'request'] as const;
export type NotificationGroup = (typeof NOTIFICATION_GROUPS)[number];

export function groupOf(kind: NotificationKind): NotificationGroup {
  if (kind === 'reminder') return 'reminder';
  if (kind === 'escalation') return 'escalation';
  if (kind.startsWith('report.')) return 'report';
  if (kind.startsWith('extension.') || kind.startsWith('explanation.') || kind.startsWith('adjustment.')) return 'request';
  return 'task';
}

/** Channels beyond the in-app list (which every notification reaches). */
export const EXTERNAL_CHANNELS = ['push', 'email', 'zalo', 'sms'] as const;
export type ExternalChannel = (typeof EXTERNAL_CHANNELS)[number];

export function isExternalChannel(value: unknown): value is ExternalChannel {
  return typeof value === 'string' && (EXTERNAL_CHANNELS as readonly string[]).includes(value);
}

// ---- who receives what ----

/** People holding these roles at this unit. */
export interface Audience {
  readonly unitId: string;
  readonly roles: readonly Role[];
}

/** A notification event as the outbox holds it. */
export interface NotificationEventFacts {
  readonly kind: NotificationKind;
  /** The unit it is about (the commune whose task it is). */
  readonly unitId: string;
  /**
   * The unit above it: the one that delivered the task (its parent) and reviews its reports, or for
   * an escalation the unit it reaches.
   */
  readonly recipientUnitId: string | null;
  /** The directive's issuer: the unit above a top-level assignment. */
  readonly issuerUnitId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Those who work for a unit: its chair, vice chairs and officers. */
const UNIT_PEOPLE: readonly Role[] = ['chair', 'vice_chair', 'officer'];
/** Those who answer for a unit: its chair and vice chairs. */
const UNIT_LEADERS: readonly Role[] = ['chair', 'vice_chair'];

/**
 * Who a notification event concerns:
 * - what happens to a unit's task (a new task, a reminder, a decision, an amended deadline, a recall,
 *   an urging, its report accepted or returned): the people of that unit;
 * - what a unit asks of the unit above it (a report to review, a request, an explanation given): the
 *   people of the unit that delivered the task;
 * - an escalation: the leaders of the unit it reaches (a district's chair and vice chairs for its
 *   communes), and at the province its leadership.
 */
export function audienceOf(event: NotificationEventFacts): Audience[] {
  const above = event.recipientUnitId ?? event.issuerUnitId;
  switch (event.kind) {
    case 'escalation':
      return event.data['level'] === 'province'
        ? [{ unitId: above, roles: ['province_leader', 'chair'] }]
        : [{ unitId: above, roles: [...UNIT_LEADERS, 'province_leader'] }];
    case 'report.submitted':
    case 'extension.request':
    case 'explanation.answer':
    case 'adjustment.request':
      return [{ unitId: above, roles: UNIT_PEOPLE }];
    default:
      return [{ unitId: event.unitId, roles: UNIT_PEOPLE }];
  }
}

// ---- preferences ----

/** Hours as HH:mm in Asia/Ho_Chi_Minh. */
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface NotificationPreferences {
  /** Per group, the channels it goes through (besides the in-app list), in the order they are tried. */
  readonly channels: Readonly<Record<NotificationGroup, readonly ExternalChannel[]>>;
  /** Nothing is sent through a channel between these hours (local time), except for Hỏa tốc directives; null: never quiet. */
  readonly quietHours: { readonly from: string; readonly to: string } | null;
  /** Reminders and escalations gathered into one message a day at `at`, instead of one each. */
  readonly digest: { readonly enabled: boolean; readonly at: string };
}

/** What gathers into the digest. */
export const DIGEST_GROUPS: readonly NotificationGroup[] = ['reminder', 'escalation'];

/**
 * The defaults: every group through push, e-mail and Zalo where the person has them, escalations by
 * SMS too (a text message costs money, and an escalation is what must not be missed); quiet from
 * 21:00 to 07:00. Provincial leadership, who receive escalations from a whole province, get them in a
 * digest at 07:30; everyone who must act on them gets each at once.
 */
export function defaultPreferences(roles: readonly Role[] = []): NotificationPreferences {
  return {
    channels: {
      task: ['push', 'email', 'zalo'],
      reminder: ['push', 'email', 'zalo'],
      escalation: ['push', 'email', 'zalo', 'sms'],
      report: ['push', 'email'],
      request: ['push', 'email'],
    },
    quietHours: { from: '21:00', to: '07:00' },
    digest: { enabled: roles.includes('province_leader'), at: '07:30' },
  };
}

const invalid = (message: string, field: string): never => {
  throw new DomainError('INVALID_INPUT', message, { field });
};

/** A person's preferences as sent by a client or read back: checked field by field, unknown keys refused. */
export function validatePreferences(input: unknown): NotificationPreferences {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return invalid('Preferences must be an object', 'preferences');
  const { channels, quietHours, digest, ...rest } = input as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) invalid(`Unknown field ${extra}`, extra);
  if (typeof channels !== 'object' || channels === null || Array.isArray(channels)) return invalid('channels must be an object', 'channels');
  const byGroup = {} as Record<NotificationGroup, ExternalChannel[]>;
  for (const key of Object.keys(channels)) if (!(NOTIFICATION_GROUPS as readonly string[]).includes(key)) invalid(`Unknown group ${key}`, `channels.${key}`);
  for (const group of NOTIFICATION_GROUPS) {
    const list = (channels as Record<string, unknown>)[group] ?? [];
    if (!Array.isArray(list) || list.length > EXTERNAL_CHANNELS.length) return invalid(`channels.${group} must be a list of channels`, `channels.${group}`);
    if (!list.every(isExternalChannel) || new Set(list).size !== list.length) invalid(`channels.${group} names an unknown or repeated channel`, `channels.${group}`);
    byGroup[group] = list as ExternalChannel[];
  }
  let quiet: NotificationPreferences['quietHours'] = null;
  if (quietHours !== null && quietHours !== undefined) {
    const q = quietHours as Record<string, unknown>;
    if (typeof q !== 'object' || typeof q['from'] !== 'string' || typeof q['to'] !== 'string' || !HHMM.test(q['from']) || !HHMM.test(q['to']) || Object.keys(q).length !== 2) {
      invalid('quietHours must be { from: "HH:mm", to: "HH:mm" }', 'quietHours');
    }
    if (q['from'] === q['to']) invalid('Quiet hours must not start and end at the same time', 'quietHours');
    quiet = { from: q['from'] as string, to: q['to'] as string };
  }
  const d = digest as Record<string, unknown> | null | undefined;
  if (typeof d !== 'object' || d === null || typeof d['enabled'] !== 'boolean' || typeof d['at'] !== 'string' || !HHMM.test(d['at']) || Object.keys(d).length !== 2) {
    return invalid('digest must be { enabled: boolean, at: "HH:mm" }', 'digest');
  }
  return { channels: byGroup, quietHours: quiet, digest: { enabled: d['enabled'], at: d['at'] } };
}

// ---- when ----

const minutesOf = (hhmm: string): number => {
  const m = HHMM.exec(hhmm);
  if (!m) return invalid(`Not a time of day: ${hhmm}`, 'time');
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Minutes after local midnight of an instant, and its local day. */
function localClock(ms: number): { day: number; minutes: number } {
  const day = localDayOfMs(ms);
  return { day, minutes: Math.floor((ms - vnMomentMs(day, 0)) / 60_000) };
}

/** When quiet hours that hold `at` end (epoch ms), or null when `at` is outside them. */
export function quietUntil(quietHours: NotificationPreferences['quietHours'], atMs: number): number | null {
  if (!quietHours) return null;
  const from = minutesOf(quietHours.from);
  const to = minutesOf(quietHours.to);
  const { day, minutes } = localClock(atMs);
  // Over midnight (21:00–07:00) or within one day (12:00–13:30).
  if (from > to) {
    if (minutes >= from) return vnMomentMs(day + 1, to);
    if (minutes < to) return vnMomentMs(day, to);
    return null;
  }
  return minutes >= from && minutes < to ? vnMomentMs(day, to) : null;
}

/** The next digest time at or after `atMs`. */
export function nextDigestAt(digestAt: string, atMs: number): number {
  const { day } = localClock(atMs);
  const today = vnMomentMs(day, minutesOf(digestAt));
  return today >= atMs ? today : vnMomentMs(day + 1, minutesOf(digestAt));
}

/** The local date (yyyy-MM-dd) a digest sent at `atMs` is for: its key and its title. */
export function digestDateOf(atMs: number): string {
  return dateOfDayNumber(localDayOfMs(atMs));
}

// ---- how ----

/** What the person can be reached through: verified contacts and live push subscriptions. */
export interface Reachability {
  readonly verified: ReadonlySet<ExternalChannel>;
  /** Contact points that exist but are not verified yet (the log says why nothing went there). */
  readonly unverified: ReadonlySet<ExternalChannel>;
}

export type PlannedDelivery =
  | { readonly channel: ExternalChannel; readonly state: 'pending'; readonly notBefore: string; readonly digest: boolean }
  | { readonly channel: ExternalChannel; readonly state: 'suppressed'; readonly reason: 'preference' | 'unverified' };

/**
 * The deliveries of one notification to one person, besides the in-app one: through each channel
 * of its group the person can be reached by, at once or when their quiet hours end (a Hỏa tốc
 * directive waits for nobody), or held for the digest. A channel the person has but turned off for
 * this group, and one not verified yet, are logged as suppressed so the person can see why.
 */
export function planDeliveries(
  notification: { readonly kind: NotificationKind; readonly at: string; readonly urgent: boolean },
  preferences: NotificationPreferences,
  reach: Reachability,
  nowIso: string,
): PlannedDelivery[] {
  const group = groupOf(notification.kind);
  const chosen = preferences.channels[group];
  const now = instantMs(nowIso);
  const out: PlannedDelivery[] = [];
  for (const channel of EXTERNAL_CHANNELS) {
    const wanted = chosen.includes(channel);
    if (reach.verified.has(channel)) {
      if (!wanted) {
        out.push({ channel, state: 'suppressed', reason: 'preference' });
        continue;
      }
      out.push(...plannedAt(channel));
    } else if (wanted && reach.unverified.has(channel)) {
      out.push({ channel, state: 'suppressed', reason: 'unverified' });
    }
  }
  // None of the group's channels reaches the person (push chosen, and its subscription expired): the
  // next channel they allow for anything stands in, as a refused delivery's fallback would.
  if (chosen.length > 0 && !out.some((d) => d.state === 'pending')) {
    const stand = fallbackChannel(preferences, reach, new Set());
    if (stand) {
      const rest = out.filter((d) => d.channel !== stand);
      return [...plannedAt(stand), ...rest.sort((a, b) => rank(chosen, a.channel) - rank(chosen, b.channel))];
    }
  }
  // The person's order: the first channel of their list is tried first.
  return out.sort((a, b) => rank(chosen, a.channel) - rank(chosen, b.channel));

  function plannedAt(channel: ExternalChannel): PlannedDelivery[] {
    if (notification.urgent) return [{ channel, state: 'pending', notBefore: new Date(now).toISOString(), digest: false }];
    if (preferences.digest.enabled && DIGEST_GROUPS.includes(group)) return [{ channel, state: 'pending', notBefore: new Date(nextDigestAt(preferences.digest.at, now)).toISOString(), digest: true }];
    return [{ channel, state: 'pending', notBefore: new Date(quietUntil(preferences.quietHours, now) ?? now).toISOString(), digest: false }];
  }
}

const rank = (list: readonly ExternalChannel[], channel: ExternalChannel) => {
  const i = list.indexOf(channel);
  return i === -1 ? EXTERNAL_CHANNELS.length + EXTERNAL_CHANNELS.indexOf(channel) : i;
};

/**
 * Where a notification goes when a channel refused it for good (a wrong address, an expired push
 * subscription): the next channel the person allows for anything, can be reached by, and that this
 * notification has not gone through yet, in the order push, e-mail, Zalo, SMS; null when none is left.
 */
export function fallbackChannel(preferences: NotificationPreferences, reach: Reachability, used: ReadonlySet<ExternalChannel>): ExternalChannel | null {
  const allowed = new Set(NOTIFICATION_GROUPS.flatMap((g) => preferences.channels[g]));
  return EXTERNAL_CHANNELS.find((c) => allowed.has(c) && reach.verified.has(c) && !used.has(c)) ?? null;
}
