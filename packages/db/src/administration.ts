import { assertValidGrant, isRole, type ExistingAccount, type RoleGrant } from '@chidao/domain';
import { auditInsert, type AuditEntryInput } from './audit';
import type { Db } from './client';
import { Prisma } from './generated/prisma/client';

/**
 * Accounts as administrators keep them (issue 23): the list with its filters, a change with its
 * audit entry in one transaction, a whole roster in one transaction, deactivation (sessions end in
 * the same transaction; nothing is deleted), and the one-time codes that set a password.
 */

export interface AdminAccount {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly grants: RoleGrant[];
  /** The e-mail contact point, verified or not. */
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly hasPassword: boolean;
  /** ISO instant, or null while the account is active. */
  readonly deactivatedAt: string | null;
  readonly demo: boolean;
}

export interface AccountFilter {
  /** Accounts whose unit lies in one of these subtrees (unit ids); null: every account. */
  readonly roots: readonly string[] | null;
  /** Part of the username or the name, any case. */
  readonly search?: string;
  /** Accounts of this unit and below. */
  readonly unitId?: string;
  /** Accounts holding this role anywhere. */
  readonly role?: string;
  readonly includeDeactivated?: boolean;
  readonly limit: number;
  readonly offset: number;
}

/**
 * An account's profile and grants as an administrator sets them: an account as it stands, less the
 * demo mark; `email` is an address to keep as the e-mail contact point (unverified when it is new),
 * null to leave it as it is.
 */
export type AccountChange = Omit<ExistingAccount, 'demo'>;

export interface NewAccountCode {
  readonly codeHash: string;
  readonly userId: string;
  readonly purpose: 'activation' | 'reset';
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly sentTo: string | null;
  readonly issuedBy: string | null;
}

export type RedeemOutcome = { readonly ok: true; readonly userId: string; readonly username: string } | { readonly ok: false };

type Tx = Prisma.TransactionClient;

const include = {
  unit: { select: { name: true, path: true } },
  roles: { orderBy: { id: 'asc' as const } },
} as const;

export function createAdministrationRepository(db: Db) {
  const { prisma } = db;

  // Inside a transaction, with its client: the pool may have no second connection to lend.
  const toAccount = async (rows: Array<Prisma.UserGetPayload<{ include: typeof include }>>, client: Tx = prisma): Promise<AdminAccount[]> => {
    const contacts = await client.contactPoint.findMany({ where: { userId: { in: rows.map((r) => r.id) }, channel: 'email' } });
    const email = new Map(contacts.map((c) => [c.userId, c]));
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      unitId: r.unitId,
      unitName: r.unit.name,
      grants: r.roles.filter((g) => isRole(g.role)).map((g) => ({ role: g.role as RoleGrant['role'], unitId: g.unitId, directiveId: g.directiveId })),
      email: email.get(r.id)?.address ?? null,
      emailVerified: email.get(r.id)?.verifiedAt != null,
      hasPassword: r.passwordHash !== null,
      deactivatedAt: r.deactivatedAt?.toISOString() ?? null,
      demo: r.demo,
    }));
  };

  /** The grants, profile and e-mail of one account, written in `tx`. */
  async function write(tx: Tx, change: AccountChange, create: boolean): Promise<void> {
    change.grants.forEach(assertValidGrant);
    const data = { username: change.username, displayName: change.displayName, unitId: change.unitId };
    if (create) await tx.user.create({ data: { id: change.id, demo: false, ...data } });
    else await tx.user.update({ where: { id: change.id }, data });
    await tx.userRole.deleteMany({ where: { userId: change.id } });
    await tx.userRole.createMany({ data: change.grants.map((g) => ({ userId: change.id, unitId: g.unitId, role: g.role, directiveId: g.directiveId })) });
    if (change.email !== null) {
      const current = await tx.contactPoint.findUnique({ where: { userId_channel: { userId: change.id, channel: 'email' } } });
      if (current?.address !== change.email) {
        // A new address is unverified until its owner proves it (an activation link redeemed, or a code).
        const fresh = { address: change.email, verifiedAt: null, codeHash: null, codeExpiresAt: null, codeAttempts: 0 };
        await tx.contactPoint.upsert({
          where: { userId_channel: { userId: change.id, channel: 'email' } },
          create: { userId: change.id, channel: 'email', ...fresh },
          update: fresh,
        });
      }
    }
  }

  return {
    async list(filter: AccountFilter): Promise<{ items: AdminAccount[]; total: number }> {
      const and: Prisma.UserWhereInput[] = [{ demo: false }];
      if (filter.roots !== null) and.push({ OR: filter.roots.map((root) => ({ unit: { OR: [{ id: root }, { path: { contains: `/${root}/` } }, { path: { endsWith: `/${root}` } }, { path: { startsWith: `${root}/` } }] } })) });
      if (filter.unitId) and.push({ unit: { OR: [{ id: filter.unitId }, { path: { contains: `/${filter.unitId}/` } }, { path: { endsWith: `/${filter.unitId}` } }, { path: { startsWith: `${filter.unitId}/` } }] } });
      if (filter.search) and.push({ OR: [{ username: { contains: filter.search, mode: 'insensitive' } }, { displayName: { contains: filter.search, mode: 'insensitive' } }] });
      if (filter.role) and.push({ roles: { some: { role: filter.role } } });
      if (!filter.includeDeactivated) and.push({ deactivatedAt: null });
      const where = { AND: and };
      const [rows, total] = await prisma.$transaction([
        prisma.user.findMany({ where, include, orderBy: [{ unit: { path: 'asc' } }, { username: 'asc' }], take: filter.limit, skip: filter.offset }),
        prisma.user.count({ where }),
      ]);
      return { items: await toAccount(rows), total };
    },

    async get(userId: string): Promise<AdminAccount | null> {
      const row = await prisma.user.findUnique({ where: { id: userId }, include });
      return row ? (await toAccount([row]))[0]! : null;
    },

    /** The accounts with these usernames, as a roster plan compares them. */
    async existing(usernames: readonly string[]): Promise<Map<string, ExistingAccount>> {
      const rows = await prisma.user.findMany({ where: { username: { in: [...usernames] } }, include });
      return new Map((await toAccount(rows)).map((a) => [a.username, { ...a }]));
    },

    async usernameTaken(username: string): Promise<boolean> {
      return (await prisma.user.count({ where: { username } })) > 0;
    },

    /** Creates or changes one account, with its audit entry. */
    async save(change: AccountChange, create: boolean, audit: AuditEntryInput): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await write(tx, change, create);
        await auditInsert(tx, audit);
      });
    },

    /**
     * A whole roster, all or nothing: every account created or changed, every code stored, every
     * entry written, in one transaction. Two imports at once take turns (an advisory lock), so the
     * second sees the first's accounts and creates none of them again.
     */
    async applyRoster(
      plan: (existing: Map<string, ExistingAccount>) => Promise<{ changes: Array<{ change: AccountChange; create: boolean; audit: AuditEntryInput }>; codes: NewAccountCode[] }>,
      usernames: readonly string[],
    ): Promise<void> {
      await prisma.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(7303, 0)`;
          const rows = await tx.user.findMany({ where: { username: { in: [...usernames] } }, include });
          const existing = new Map((await toAccount(rows, tx)).map((a) => [a.username, { ...a }]));
          const { changes, codes } = await plan(existing);
          for (const { change, create, audit } of changes) {
            await write(tx, change, create);
            await auditInsert(tx, audit);
          }
          if (codes.length > 0) await tx.accountCode.createMany({ data: codes.map(codeRow) });
        },
        { timeout: 60_000 },
      );
    },

    /** Deactivates an account: its sessions end in the same transaction. False when it was already. */
    async deactivate(userId: string, at: string, audit: AuditEntryInput): Promise<{ changed: boolean; endedSessions: number }> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.user.updateMany({ where: { id: userId, deactivatedAt: null }, data: { deactivatedAt: new Date(at) } });
        const ended = await tx.userSession.deleteMany({ where: { userId } });
        if (count > 0) await auditInsert(tx, audit);
        return { changed: count > 0, endedSessions: ended.count };
      });
    },

    async reactivate(userId: string, audit: AuditEntryInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.user.updateMany({ where: { id: userId, deactivatedAt: { not: null } }, data: { deactivatedAt: null } });
        if (count > 0) await auditInsert(tx, audit);
        return count > 0;
      });
    },

    /**
     * A code for the account. With `clearPassword` (an administrator's reset) the password stops
     * working and every session ends at once, so the next sign-in needs the new one.
     */
    async issueCode(code: NewAccountCode, options: { clearPassword?: boolean; audit?: AuditEntryInput } = {}): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (options.clearPassword) {
          await tx.user.update({ where: { id: code.userId }, data: { passwordHash: null } });
          await tx.userSession.deleteMany({ where: { userId: code.userId } });
        }
        await tx.accountCode.create({ data: codeRow(code) });
        if (options.audit) await auditInsert(tx, options.audit);
      });
    },

    /**
     * Writes a reset code the person asked for, with its audit row, unless `allowed` refuses given
     * when the account's earlier ones went since `since` (the throttle). Under a lock on the account,
     * so requests arriving together cannot all pass the throttle. True when the code was written.
     */
    async issueResetCode(code: NewAccountCode, since: string, allowed: (sentAt: readonly string[]) => boolean, audit: AuditEntryInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM app_user WHERE id = ${code.userId} FOR UPDATE`;
        const earlier = await tx.accountCode.findMany({
          where: { userId: code.userId, purpose: 'reset', issuedBy: null, createdAt: { gte: new Date(since) } },
          select: { createdAt: true },
        });
        if (!allowed(earlier.map((r) => r.createdAt.toISOString()))) return false;
        await tx.accountCode.create({ data: codeRow(code) });
        await auditInsert(tx, audit);
        return true;
      });
    },

    /** When reset codes went to the account since `since`, for the throttle. */
    async resetsSince(userId: string, since: string): Promise<string[]> {
      const rows = await prisma.accountCode.findMany({ where: { userId, purpose: 'reset', issuedBy: null, createdAt: { gte: new Date(since) } }, select: { createdAt: true } });
      return rows.map((r) => r.createdAt.toISOString());
    },

    /**
     * Uses a code: it must be the account's newest, unused, unexpired, and the account active. Sets
     * the password, and verifies the e-mail address the code went to (following the link proves the
     * address is the person's). Under a row lock, so a code is used once however often it is sent.
     */
    async redeem(codeHash: string, now: string, passwordHash: (username: string) => Promise<string>, audit: (userId: string) => AuditEntryInput): Promise<RedeemOutcome> {
      return prisma.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<Array<{ user_id: string; sent_to: string | null; expires_at: Date; used_at: Date | null }>>`
          SELECT user_id, sent_to, expires_at, used_at FROM account_code WHERE code_hash = ${codeHash} FOR UPDATE`;
        if (!row || row.used_at !== null || row.expires_at.getTime() <= Date.parse(now)) return { ok: false };
        const newer = await tx.accountCode.count({ where: { userId: row.user_id, createdAt: { gt: (await tx.accountCode.findUnique({ where: { codeHash } }))!.createdAt } } });
        const user = await tx.user.findUnique({ where: { id: row.user_id } });
        if (newer > 0 || !user || user.deactivatedAt !== null || user.demo) return { ok: false };
        const at = new Date(now);
        await tx.accountCode.update({ where: { codeHash }, data: { usedAt: at } });
        await tx.user.update({ where: { id: user.id }, data: { passwordHash: await passwordHash(user.username), passwordChangedAt: at } });
        if (row.sent_to !== null) {
          await tx.contactPoint.updateMany({ where: { userId: user.id, channel: 'email', address: row.sent_to }, data: { verifiedAt: at, codeHash: null, codeExpiresAt: null, codeAttempts: 0 } });
        }
        await tx.userSession.deleteMany({ where: { userId: user.id } });
        await auditInsert(tx, audit(user.id));
        return { ok: true, userId: user.id, username: user.username };
      });
    },
  };
}

function codeRow(code: NewAccountCode) {
  return {
    codeHash: code.codeHash,
    userId: code.userId,
    purpose: code.purpose,
    createdAt: new Date(code.createdAt),
    expiresAt: new Date(code.expiresAt),
    sentTo: code.sentTo,
    issuedBy: code.issuedBy,
  };
}
