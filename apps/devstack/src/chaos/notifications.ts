import { messageIdFor } from '@chidao/channels';
import type { SmtpSink } from '@chidao/channels/testing';
import type { NotificationPreferences } from '@chidao/domain';
import type { ChaosStack } from './harness';

/** What the notification fault tests share: the worker's e-mail settings, and counting what arrived. */

export const MAIL_FROM = 'Theo dõi chỉ đạo <no-reply@chaos.chidao.test>';
const FROM_ADDRESS = 'no-reply@chaos.chidao.test';

/** New tasks by e-mail only, at any hour: the fan-out of 1119 is one e-mail per unit's chair, now. */
const TASKS_BY_EMAIL: NotificationPreferences = {
  channels: { task: ['email'], reminder: [], escalation: [], report: [], request: [] },
  quietHours: null,
  digest: { enabled: false, at: '07:30' },
};

/** Every demo account (each has a verified e-mail address, seeded) hears of new tasks by e-mail. */
export async function tasksByEmail(stack: ChaosStack): Promise<number> {
  const users = await stack.db.prisma.user.findMany({ select: { id: true } });
  await stack.db.prisma.notificationPreference.createMany({ data: users.map((u) => ({ userId: u.id, settings: JSON.parse(JSON.stringify(TASKS_BY_EMAIL)) })) });
  return users.length;
}

/** The directive's e-mail deliveries: how many are in each state, and the Message-ID each one goes under. */
export async function emailDeliveries(stack: ChaosStack, directiveId: string): Promise<{ states: Record<string, number>; messageIds: Set<string>; maxAttempts: number }> {
  const rows = await stack.db.prisma.$queryRawUnsafe<Array<{ id: bigint; state: string; attempts: number }>>(
    `SELECT d.id, d.state, d.attempts FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
     WHERE d.channel = 'email' AND d.state <> 'suppressed' AND n.directive_id = $1`,
    directiveId,
  );
  const states: Record<string, number> = {};
  for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1;
  return { states, messageIds: new Set(rows.map((r) => messageIdFor(`delivery-${r.id}`, FROM_ADDRESS))), maxAttempts: Math.max(0, ...rows.map((r) => r.attempts)) };
}

/** Whether the dispatcher is done with the directive: every event expanded, nothing pending or being sent. */
export async function dispatchSettled(stack: ChaosStack): Promise<boolean> {
  const [{ n }] = await stack.db.prisma.$queryRawUnsafe<[{ n: bigint }]>(
    `SELECT (SELECT count(*) FROM notification_event WHERE expanded_at IS NULL) + (SELECT count(*) FROM notification_delivery WHERE state IN ('pending', 'sending')) AS n`,
  );
  return Number(n) === 0;
}

export interface Arrivals {
  readonly expected: number;
  readonly received: number;
  readonly distinct: number;
  /** Messages that arrived again under a Message-ID already received. */
  readonly duplicates: number;
  readonly duplicated: string[];
  /** Expected Message-IDs that never arrived. */
  readonly lost: string[];
  /** Arrived, but not a delivery of the log. */
  readonly unexpected: string[];
}

export function arrivals(sink: SmtpSink, expected: ReadonlySet<string>): Arrivals {
  const ids = sink.messages.map((m) => m.messageId ?? '(none)');
  const seen = new Map<string, number>();
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  return {
    expected: expected.size,
    received: ids.length,
    distinct: seen.size,
    duplicates: ids.length - seen.size,
    duplicated: [...seen].filter(([, n]) => n > 1).map(([id]) => id),
    lost: [...expected].filter((id) => !seen.has(id)),
    unexpected: [...seen.keys()].filter((id) => !expected.has(id)),
  };
}
