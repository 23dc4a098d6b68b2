import { describe, expect, it } from 'vitest';
import { MUTATION_ATTEMPTS, newIdempotencyKey, retryDelayMs, shouldRetryMutation } from './idempotency';

const clientError = (data: unknown): Error => Object.assign(new Error('x'), { name: 'TRPCClientError', data });

describe('idempotency keys in the web client', () => {
  it('makes a fresh URL-safe key of 128 bits each time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newIdempotencyKey((b) => b.fill(255))).toBe('_____________________w');
  });

  it('retries what may not have arrived or is still running, and nothing the rules refused', () => {
    expect(shouldRetryMutation(new TypeError('Failed to fetch'), 1)).toBe(true);
    expect(shouldRetryMutation(clientError(null), 1)).toBe(true);
    expect(shouldRetryMutation(clientError({ domainCode: 'UNAVAILABLE' }), 2)).toBe(true);
    expect(shouldRetryMutation(clientError({ domainCode: 'ENGINE_UNAVAILABLE' }), 2)).toBe(true);
    expect(shouldRetryMutation(clientError({ domainCode: 'REQUEST_IN_PROGRESS' }), 3)).toBe(true);
    expect(shouldRetryMutation(clientError({ domainCode: 'REQUEST_IN_PROGRESS' }), MUTATION_ATTEMPTS)).toBe(false);
    for (const code of ['ALREADY_ACKNOWLEDGED', 'RATE_LIMITED', 'INVALID_INPUT', 'IDEMPOTENCY_KEY_REUSED', 'NOT_SIGNED_IN']) {
      expect(shouldRetryMutation(clientError({ domainCode: code }), 1)).toBe(false);
    }
  });

  it('backs off between attempts', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([500, 1000, 2000]);
  });
});
