import { createHash } from 'node:crypto';

/**
 * Idempotency keys: the client sends one per user action (`Idempotency-Key`, a UUID made when the
 * user acts and reused on every retry of that action). The API runs a signed-in mutation once per key
 * and answers retries with the stored result (see middleware/idempotency.ts and the IdempotencyKey
 * model in packages/db).
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** UUIDs and other random tokens; nothing that could smuggle structure into ids built from it. */
const KEY = /^[A-Za-z0-9_-]{16,128}$/;

export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && KEY.test(value);
}

export interface IdempotencySettings {
  /**
   * How long a running attempt holds its key. A retry during it is told REQUEST_IN_PROGRESS; after it
   * (the API process died mid-request) the retry runs the procedure again, which Temporal's update id
   * and the domain rules keep from having a second effect.
   */
  readonly leaseMs: number;
  /** How long answers are kept for retries. */
  readonly retentionMs: number;
}

export const DEFAULT_IDEMPOTENCY: IdempotencySettings = { leaseMs: 30_000, retentionMs: 24 * 60 * 60_000 };

/**
 * What a procedure learns about its key: `updateId` names its Temporal update, so a retry that runs
 * again after a crash asks Temporal for the same update, which Temporal runs at most once per workflow.
 */
export interface Once {
  readonly key: string;
  readonly updateId: string;
}

export function onceFor(accountId: string, key: string): Once {
  return { key, updateId: `idem:${accountId}:${key}` };
}

/**
 * The SHA-256 of a procedure's input, as JSON with sorted keys. Password fields count by presence
 * only: a fast hash of a password must not sit in a table next to its account (the same key with
 * another password is a broken client, and it gets the first answer).
 */
export function fingerprint(path: string, input: unknown): string {
  return createHash('sha256').update(path).update('\n').update(canonical(input)).digest('hex');
}

/**
 * `input` as JSON with sorted keys, password fields replaced. Written with a stack of its own rather
 * than recursion, so no nesting can overflow the call stack (the API bounds input depth anyway).
 */
function canonical(input: unknown): string {
  const out: string[] = [];
  // Values to write, with the key they stand under (for the password rule), and text to copy.
  const pending: Array<{ readonly value: unknown; readonly key: string | null } | string> = [{ value: input, key: null }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    const { value, key } = next;
    if (key !== null && /password/i.test(key)) {
      out.push('"[password]"');
    } else if (value === undefined) {
      out.push('null');
    } else if (Array.isArray(value)) {
      // Pushed in reverse: the stack gives them back in order.
      pending.push(']');
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], key: null }, ...(i > 0 ? [','] : []));
      out.push('[');
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      pending.push('}');
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        pending.push({ value: v, key: k }, `${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
      }
      out.push('{');
    } else {
      out.push(JSON.stringify(value) ?? 'null');
    }
  }
  return out.join('');
}
