import { assertValidGrant, isRole, type RoleGrant } from '@chidao/domain';
import { auditInsert, type AuditEntryInput } from './audit';
import type { Db } from './client';
import { Prisma } from './generated/prisma/client';

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly unitId: string;
  /** Filled on reads. */
  readonly unitName?: string;
  readonly demo: boolean;
}

/**
 * Accounts' credentials, role grants, server-side sessions and sign-in attempts. Each change that the
 * audit trail records is written together with its entry, in one transaction.
 */

export interface SessionRecord {
  /** Not secret; audit entries name it. */
  readonly id: string;
  readonly userId: string;
  /** SHA-256 (hex) of the session's CSRF token. */
  readonly csrfHash: string;
  /** ISO instants, by the API's clock (the one expiry is judged by). */
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly address: string | null;
  readonly userAgent: string | null;
}

export interface NewSession extends SessionRecord {
  /** SHA-256 (hex) of the cookie's token; the token itself is never stored. */
  readonly tokenHash: string;
}

export interface Credentials {
  readonly user: UserRecord;
  /** null: no password set, the account cannot sign in. */
  readonly passwordHash: string | null;
}

export interface SignInReservation {
  /** ISO instant: now, by the API's clock. */
  readonly at: string;
  /** Normalised, whether or not such an account exists. */
  readonly username: string;
  readonly address: string | null;
  /** ISO instant: failures after it count (the throttle's window). */
  readonly since: string;
  readonly maxFailuresPerAccount: number;
  readonly maxFailuresPerAddress: number;
}

export interface ReservedAttempt {
  /** The attempt reserved, to mark once the password is checked; null: refused, the limit is reached. */
  readonly attemptId: bigint | null;
  /**
   * The failures counted, as ISO instants (unfinished attempts included): for the username, those
   * after its last success (signing in clears an account's count); for the address, all of them (an
   * attacker's own good account must not clear theirs).
   */
  readonly failures: { readonly account: string[]; readonly address: string[] };
}

/** A session with its account and the account's grants, as every signed-in request needs them. */
export interface SessionWithAccount {
  readonly session: SessionRecord;
  readonly user: UserRecord;
  readonly grants: RoleGrant[];
}

/** Advisory lock classes (the first of pg_advisory_xact_lock's two keys) of the sign-in throttle. */
const SIGN_IN_LOCK = { account: Prisma.raw('7301'), address: Prisma.raw('7302') };

export function toUser(row: { id: string; username: string; displayName: string; unitId: string; demo: boolean; unit: { name: string } }): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    unitId: row.unitId,
    unitName: row.unit.name,
    demo: row.demo,
  };
}

function toGrant(userId: string, row: { role: string; unitId: string; directiveId: string | null }): RoleGrant {
  if (!isRole(row.role)) throw new Error(`User ${userId} has unknown role ${row.role}`);
  return { role: row.role, unitId: row.unitId, directiveId: row.directiveId };
}

export function createIdentityRepositories(db: Db) {
  const { prisma } = db;

  const users = {
    async get(id: string): Promise<UserRecord | null> {
      const row = await prisma.user.findUnique({ where: { id }, include: { unit: { select: { name: true } } } });
      return row ? toUser(row) : null;
    },

    /** The demo accounts, ordered by their unit's place in the tree. */
    async listDemo(): Promise<UserRecord[]> {
      const rows = await prisma.user.findMany({
        where: { demo: true },
        include: { unit: { select: { name: true } } },
        orderBy: [{ unit: { path: 'asc' } }, { username: 'asc' }],
      });
      return rows.map(toUser);
    },

    async upsertMany(input: readonly UserRecord[]): Promise<void> {
      if (input.length === 0) return;
      const data = (user: UserRecord) => ({
        username: user.username,
        displayName: user.displayName,
        unitId: user.unitId,
        demo: user.demo,
      });
      await prisma.$transaction(
        input.map((user) => prisma.user.upsert({ where: { id: user.id }, create: { id: user.id, ...data(user) }, update: data(user) })),
      );
    },
  };

  const roles = {
    /** The user's grants, in the order they were given. */
    async forUser(userId: string): Promise<RoleGrant[]> {
      const rows = await prisma.userRole.findMany({ where: { userId }, orderBy: { id: 'asc' } });
      return rows.map((row) => toGrant(userId, row));
    },

    /** Replaces each listed user's grants with the given ones, all in one transaction. */
    async replace(grantsByUser: ReadonlyMap<string, readonly RoleGrant[]>): Promise<void> {
      if (grantsByUser.size === 0) return;
      for (const grants of grantsByUser.values()) grants.forEach(assertValidGrant);
      await prisma.$transaction([
        prisma.userRole.deleteMany({ where: { userId: { in: [...grantsByUser.keys()] } } }),
        prisma.userRole.createMany({
          data: [...grantsByUser].flatMap(([userId, grants]) =>
            grants.map((g) => ({ userId, unitId: g.unitId, role: g.role, directiveId: g.directiveId })),
          ),
        }),
      ]);
    },
  };

  const credentials = {
    /** The account with this (normalised) username, with its password hash. */
    async forUsername(username: string): Promise<Credentials | null> {
      const row = await prisma.user.findUnique({ where: { username }, include: { unit: { select: { name: true } } } });
      if (!row) return null;
      return {
        user: { id: row.id, username: row.username, displayName: row.displayName, unitId: row.unitId, unitName: row.unit.name, demo: row.demo },
        // A deactivated account has no password to check: it fails sign-in as a wrong password does.
        passwordHash: row.deactivatedAt === null ? row.passwordHash : null,
      };
    },

    async passwordHash(userId: string): Promise<string | null> {
      return (await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }))?.passwordHash ?? null;
    },

    /** Sets the password (an argon2id hash) and records when; with `audit`, writes its entry too. */
    async setPassword(userId: string, passwordHash: string, changedAt: string, audit?: AuditEntryInput): Promise<void> {
      await prisma.$transaction([
        prisma.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date(changedAt) } }),
        ...(audit ? [auditInsert(prisma, audit)] : []),
      ]);
    },

    /** Gives a password to the listed accounts that have none (the seed's demo accounts). */
    async setMissingPasswords(userIds: readonly string[], passwordHash: string): Promise<number> {
      const { count } = await prisma.user.updateMany({ where: { id: { in: [...userIds] }, passwordHash: null }, data: { passwordHash } });
      return count;
    },
  };

  const toSession = (row: {
    id: string;
    userId: string;
    csrfHash: string;
    createdAt: Date;
    lastSeenAt: Date;
    address: string | null;
    userAgent: string | null;
  }): SessionRecord => ({
    id: row.id,
    userId: row.userId,
    csrfHash: row.csrfHash,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    address: row.address,
    userAgent: row.userAgent,
  });

  const sessions = {
    /** Stores a new session; `replacing` (the session presented with the request) ends in the same transaction. */
    async create(session: NewSession, options: { replacing?: string | null; audit?: AuditEntryInput } = {}): Promise<void> {
      await prisma.$transaction([
        ...(options.replacing ? [prisma.userSession.deleteMany({ where: { id: options.replacing } })] : []),
        prisma.userSession.create({
          data: {
            id: session.id,
            tokenHash: session.tokenHash,
            csrfHash: session.csrfHash,
            userId: session.userId,
            createdAt: new Date(session.createdAt),
            lastSeenAt: new Date(session.lastSeenAt),
            address: session.address,
            userAgent: session.userAgent,
          },
        }),
        ...(options.audit ? [auditInsert(prisma, options.audit)] : []),
      ]);
    },

    async byTokenHash(tokenHash: string): Promise<SessionRecord | null> {
      const row = await prisma.userSession.findUnique({ where: { tokenHash } });
      return row ? toSession(row) : null;
    },

    /**
     * The session for a token with its account and grants: what every signed-in request reads first,
     * so one statement (Prisma's include would be three).
     */
    async withAccountByTokenHash(tokenHash: string): Promise<SessionWithAccount | null> {
      const [row] = await prisma.$queryRaw<
        Array<{
          id: string;
          user_id: string;
          csrf_hash: string;
          created_at: Date;
          last_seen_at: Date;
          address: string | null;
          user_agent: string | null;
          username: string;
          display_name: string;
          unit_id: string;
          demo: boolean;
          unit_name: string;
          grants: Array<{ role: string; unitId: string; directiveId: string | null }>;
        }>
      >`
        SELECT s.id, s.user_id, s.csrf_hash, s.created_at, s.last_seen_at, s.address, s.user_agent,
               u.username, u.display_name, u.unit_id, u.demo, n.name AS unit_name,
               COALESCE((SELECT json_agg(json_build_object('role', r.role, 'unitId', r.unit_id, 'directiveId', r.directive_id) ORDER BY r.id)
                           FROM user_role r WHERE r.user_id = u.id), '[]'::json) AS grants
          FROM user_session s
          JOIN app_user u ON u.id = s.user_id
          JOIN unit n ON n.id = u.unit_id
         WHERE s.token_hash = ${tokenHash} AND u.deactivated_at IS NULL`;
      if (!row) return null;
      return {
        session: toSession({
          id: row.id,
          userId: row.user_id,
          csrfHash: row.csrf_hash,
          createdAt: row.created_at,
          lastSeenAt: row.last_seen_at,
          address: row.address,
          userAgent: row.user_agent,
        }),
        user: toUser({ id: row.user_id, username: row.username, displayName: row.display_name, unitId: row.unit_id, demo: row.demo, unit: { name: row.unit_name } }),
        grants: row.grants.map((g) => toGrant(row.user_id, g)),
      };
    },

    async get(id: string): Promise<SessionRecord | null> {
      const row = await prisma.userSession.findUnique({ where: { id } });
      return row ? toSession(row) : null;
    },

    /** Records use at `at`; never moves lastSeenAt backwards. */
    async touch(id: string, at: string): Promise<void> {
      const when = new Date(at);
      await prisma.userSession.updateMany({ where: { id, lastSeenAt: { lt: when } }, data: { lastSeenAt: when } });
    },

    /** Ends a session; the entry is written only when there was one to end. Returns whether it existed. */
    async delete(id: string, audit?: AuditEntryInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.userSession.deleteMany({ where: { id } });
        if (count > 0 && audit) await auditInsert(tx, audit);
        return count > 0;
      });
    },

    /** Ends the user's sessions except `except`; returns how many ended. */
    async deleteForUser(userId: string, except: string | null = null): Promise<number> {
      const { count } = await prisma.userSession.deleteMany({ where: { userId, ...(except ? { id: { not: except } } : {}) } });
      return count;
    },

    async forUser(userId: string): Promise<SessionRecord[]> {
      const rows = await prisma.userSession.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
      return rows.map(toSession);
    },
  };

  const signInAttempts = {
    /**
     * Reserves an attempt before its password is checked, unless the username or the address already
     * has its maximum of failures in the window; an attempt not yet marked counts as a failure. The
     * count and the insert are one statement, run under transaction-scoped advisory locks on the
     * username and then the address (always in that order: no deadlock), so of requests sent at once
     * only as many get a place as there are places left. Attempts stamped after `at` count too: another
     * request's clock read a moment later.
     */
    async reserve(input: SignInReservation): Promise<ReservedAttempt> {
      const at = new Date(input.at);
      const since = new Date(input.since);
      const iso = (column: Prisma.Sql) => Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
      const locks = [
        prisma.$executeRaw`SELECT pg_advisory_xact_lock(${SIGN_IN_LOCK.account}, hashtext(${input.username}))`,
        ...(input.address === null ? [] : [prisma.$executeRaw`SELECT pg_advisory_xact_lock(${SIGN_IN_LOCK.address}, hashtext(${input.address}))`]),
      ];
      const reserve = prisma.$queryRaw<Array<{ id: bigint | null; account: string[]; address: string[] }>>`
        WITH last_success AS (
          SELECT max(at) AS at FROM sign_in_attempt WHERE username = ${input.username} AND succeeded
        ), account AS (
          SELECT coalesce(array_agg(${iso(Prisma.sql`f.at`)} ORDER BY f.at), '{}') AS ats
            FROM sign_in_attempt f, last_success s
           WHERE f.username = ${input.username} AND f.succeeded IS NOT TRUE AND f.at > ${since} AND (s.at IS NULL OR f.at > s.at)
        ), address AS (
          SELECT coalesce(array_agg(${iso(Prisma.sql`f.at`)} ORDER BY f.at), '{}') AS ats
            FROM sign_in_attempt f
           WHERE f.address = ${input.address} AND f.succeeded IS NOT TRUE AND f.at > ${since}
        ), reserved AS (
          INSERT INTO sign_in_attempt (at, username, address, succeeded)
          SELECT ${at}, ${input.username}, ${input.address}, NULL FROM account, address
           WHERE cardinality(account.ats) < ${input.maxFailuresPerAccount} AND cardinality(address.ats) < ${input.maxFailuresPerAddress}
          RETURNING id
        )
        SELECT (SELECT id FROM reserved) AS id, account.ats AS account, address.ats AS address FROM account, address`;
      const results = await prisma.$transaction([...locks, reserve]);
      const [row] = results.at(-1) as Awaited<typeof reserve>;
      return { attemptId: row!.id, failures: { account: row!.account, address: row!.address } };
    },

    /** Marks a reserved attempt once its password is checked: a success clears the account's count. */
    async settle(attemptId: bigint, succeeded: boolean): Promise<void> {
      await prisma.signInAttempt.updateMany({ where: { id: attemptId }, data: { succeeded } });
    },

    /** Forgets attempts older than `before` (ISO); they no longer count for anything. */
    async prune(before: string): Promise<number> {
      const { count } = await prisma.signInAttempt.deleteMany({ where: { at: { lt: new Date(before) } } });
      return count;
    },
  };

  return { users, roles, credentials, sessions, signInAttempts };
}
