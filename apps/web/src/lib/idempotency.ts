import { domainCodeOf } from './errors';

/**
 * Idempotency keys for mutations: one per user action (each `mutate()` is an operation of its own),
 * sent as `Idempotency-Key` and reused when the same operation is retried, so the server applies the
 * action once however many times it arrives.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** 128 random bits, URL-safe. getRandomValues works outside secure contexts too (unlike randomUUID). */
export function newIdempotencyKey(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  // base64 pads with at most two "=" (`=+$` would try every "=" of a long run to its end).
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/={1,2}$/, '');
}

/** Attempts a mutation gets in all, the first included. */
export const MUTATION_ATTEMPTS = 4;

/**
 * Whether a failed mutation is sent again (same key): when it may not have reached the server or the
 * server could not finish (network, UNAVAILABLE or ENGINE_UNAVAILABLE, a 5xx without a domain code), or an earlier attempt
 * with the key is still running. A broken rule or a rate limit is shown to the user instead.
 */
export function shouldRetryMutation(error: unknown, attempts: number): boolean {
  if (attempts >= MUTATION_ATTEMPTS) return false;
  const code = domainCodeOf(error);
  return code === null || code === 'UNAVAILABLE' || code === 'ENGINE_UNAVAILABLE' || code === 'REQUEST_IN_PROGRESS';
}

/** Waits 0.5 s, 1 s, 2 s… between attempts. */
export function retryDelayMs(attempts: number): number {
  return 500 * 2 ** Math.max(0, attempts - 1);
}
