import type { Db } from './client';
import { Prisma } from './generated/prisma/client';

/**
 * The audit trail: who (user, role, unit), when, what (action on an entity), before and after, from
 * which request and address. Append-only by construction: this module is the only one that touches
 * the table and offers no update or delete, and a trigger in the database refuses them anyway.
 */

export interface AuditActor {
  readonly userId: string;
  /** The role the user acted in (chair, coordinator, …); null when no role applied (signing in). */
  readonly role: string | null;
  readonly unitId: string | null;
}

export interface AuditEntryInput {
  /** null: the system (a workflow, an activity, housekeeping). */
  readonly actor: AuditActor | null;
  /** `<entity>.<verb>`, e.g. `assignment.acknowledge`, `session.sign_in`. */
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  /** JSON of the entity's state before and after the change; null where there was none. */
  readonly before?: unknown;
  readonly after?: unknown;
  readonly requestId?: string | null;
  readonly address?: string | null;
  /**
   * The user action it records, for an action that runs once per idempotency key: the table holds at
   * most one entry per key, so an action retried after the API died between writing its entry and
   * storing its answer is not recorded twice.
   */
  readonly actionKey?: string | null;
}

export interface AuditEntry {
  /** Increasing in the order entries were written. */
  readonly id: string;
  /** ISO instant, the database's clock. */
  readonly at: string;
  readonly actorUserId: string | null;
  readonly actorRole: string | null;
  readonly actorUnitId: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string | null;
  readonly address: string | null;
}

const json = (value: unknown) =>
  value === undefined || value === null ? Prisma.DbNull : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);

/** The insert of one entry, for repositories that write a change and its entry in one transaction. */
export function auditInsert(prisma: Prisma.TransactionClient, entry: AuditEntryInput) {
  return prisma.auditEntry.create({
    data: {
      actorUserId: entry.actor?.userId ?? null,
      actorRole: entry.actor?.role ?? null,
      actorUnitId: entry.actor?.unitId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: json(entry.before),
      after: json(entry.after),
      requestId: entry.requestId ?? null,
      address: entry.address ?? null,
      actionKey: entry.actionKey ?? null,
    },
  });
}

type AuditRow = Awaited<ReturnType<typeof auditInsert>>;

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorRole: row.actorRole,
    actorUnitId: row.actorUnitId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
    address: row.address,
  };
}

export function createAuditRepository(db: Db) {
  const { prisma } = db;
  return {
    /** Appends one entry. Activities call it with `actor: null` for what the system did. */
    async append(entry: AuditEntryInput): Promise<AuditEntry> {
      try {
        return toEntry(await auditInsert(prisma, entry));
      } catch (error) {
        // Once per action: a second attempt of the same action gets the first one's entry.
        const repeated = entry.actionKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
        const first = repeated ? await prisma.auditEntry.findUnique({ where: { actionKey: entry.actionKey! } }) : null;
        if (!first) throw error;
        return toEntry(first);
      }
    },

    /** The entry of one user action (its idempotency key's update id), if it was recorded. */
    async byActionKey(actionKey: string): Promise<AuditEntry | null> {
      const row = await prisma.auditEntry.findUnique({ where: { actionKey } });
      return row ? toEntry(row) : null;
    },

    /** An entity's entries, oldest first. */
    async forEntity(entityType: string, entityId: string): Promise<AuditEntry[]> {
      const rows = await prisma.auditEntry.findMany({ where: { entityType, entityId }, orderBy: { id: 'asc' } });
      return rows.map(toEntry);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
