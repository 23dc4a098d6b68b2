import type { Db } from './client';

/**
 * The idempotency keys of mutations (see the IdempotencyKey model): claiming a key is atomic, so of
 * two requests with the same key exactly one runs.
 */

export interface IdempotencyClaim {
  readonly accountId: string;
  readonly key: string;
  /** The procedure path and the SHA-256 of its input. */
  readonly path: string;
  readonly inputHash: string;
  /** ISO instants, by the API's clock. */
  readonly now: string;
  readonly leaseUntil: string;
}

export type ClaimOutcome =
  /** This request holds the key now and runs the procedure; `takenOver` when an abandoned attempt held it before. */
  | { readonly kind: 'claimed'; readonly takenOver: boolean }
  /** An earlier attempt finished: its answer. */
  | { readonly kind: 'done'; readonly result: unknown }
  /** Another attempt is running; it holds the key until `leaseUntil`. */
  | { readonly kind: 'busy'; readonly leaseUntil: string }
  /** The key was used for another procedure or another input. */
  | { readonly kind: 'mismatch' };

export function createIdempotencyRepository(db: Db) {
  const { prisma } = db;
  const id = (accountId: string, key: string) => ({ accountId_key: { accountId, key } });

  return {
    async claim(input: IdempotencyClaim): Promise<ClaimOutcome> {
      const now = new Date(input.now);
      const leaseUntil = new Date(input.leaseUntil);
      // Every mutation starts here: one statement (createMany would add a transaction around it).
      const inserted = await prisma.$executeRaw`
        INSERT INTO idempotency_key (account_id, key, path, input_hash, state, created_at, updated_at, lease_until)
        VALUES (${input.accountId}, ${input.key}, ${input.path}, ${input.inputHash}, 'pending', ${now}, ${now}, ${leaseUntil})
        ON CONFLICT (account_id, key) DO NOTHING`;
      if (inserted === 1) return { kind: 'claimed', takenOver: false };
      const row = await prisma.idempotencyKey.findUnique({ where: id(input.accountId, input.key) });
      // Released between the insert and the read: ask again.
      if (!row) return this.claim(input);
      if (row.path !== input.path || row.inputHash !== input.inputHash) return { kind: 'mismatch' };
      if (row.state === 'done') return { kind: 'done', result: (row.result as { value: unknown } | null)?.value ?? null };
      if (row.leaseUntil > now) return { kind: 'busy', leaseUntil: row.leaseUntil.toISOString() };
      // The attempt holding the key stopped renewing it (its process died): take it over, unless
      // another retry got there first.
      const taken = await prisma.idempotencyKey.updateMany({
        where: { accountId: input.accountId, key: input.key, state: 'pending', leaseUntil: row.leaseUntil },
        data: { leaseUntil, updatedAt: now },
      });
      return taken.count === 1 ? { kind: 'claimed', takenOver: true } : this.claim(input);
    },

    /** Stores the answer of the attempt holding the key. */
    async complete(input: { readonly accountId: string; readonly key: string; readonly result: unknown; readonly now: string }): Promise<void> {
      await prisma.$executeRaw`
        UPDATE idempotency_key
           SET state = 'done', result = ${JSON.stringify({ value: input.result ?? null })}::jsonb, updated_at = ${new Date(input.now)}
         WHERE account_id = ${input.accountId} AND key = ${input.key}`;
    },

    /** Gives a pending key up (its attempt changed nothing), so a retry runs afresh. */
    async release(input: { readonly accountId: string; readonly key: string }): Promise<void> {
      await prisma.idempotencyKey.deleteMany({ where: { accountId: input.accountId, key: input.key, state: 'pending' } });
    },

    /** Forgets answers older than `before` (ISO): a retry comes within minutes, not days. */
    async prune(before: string): Promise<number> {
      const { count } = await prisma.idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(before) } } });
      return count;
    },

    /** The stored row, for tests and operators. */
    async get(accountId: string, key: string) {
      const row = await prisma.idempotencyKey.findUnique({ where: id(accountId, key) });
      return row
        ? { path: row.path, inputHash: row.inputHash, state: row.state as 'pending' | 'done', result: (row.result as { value: unknown } | null)?.value ?? null }
        : null;
    },
  };
}
