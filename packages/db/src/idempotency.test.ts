import { describe, expect, it } from 'vitest';
import type { Repositories } from './repositories';
import { useTestStore } from './test-store';

const store = useTestStore();

const T0 = '2026-12-02T10:00:00.000Z';
const later = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
let n = 0;
const claimOf = (overrides: Partial<Parameters<Repositories['idempotency']['claim']>[0]> = {}) => ({
  accountId: 'u-1',
  key: `key-${n++}`,
  path: 'assignments.acknowledge',
  inputHash: 'h1',
  now: T0,
  leaseUntil: later(30),
  ...overrides,
});

describe('idempotency keys', () => {
  it('lets one of many simultaneous requests with a key run; the others see it busy', async () => {
    const claim = claimOf();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => store.repos.idempotency.claim(claim)));
    expect(outcomes.filter((o) => o.kind === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'busy')).toHaveLength(5);
  });

  it('answers a retry with the stored result once done', async () => {
    const claim = claimOf();
    expect(await store.repos.idempotency.claim(claim)).toEqual({ kind: 'claimed', takenOver: false });
    await store.repos.idempotency.complete({ accountId: claim.accountId, key: claim.key, result: { state: 'acknowledged' }, now: later(1) });
    expect(await store.repos.idempotency.claim({ ...claim, now: later(2) })).toEqual({ kind: 'done', result: { state: 'acknowledged' } });
    // Done answers stay, lease or not.
    expect(await store.repos.idempotency.claim({ ...claim, now: later(600) })).toEqual({ kind: 'done', result: { state: 'acknowledged' } });
  });

  it('refuses the key for another input or procedure, and scopes keys by account', async () => {
    const claim = claimOf();
    await store.repos.idempotency.claim(claim);
    expect(await store.repos.idempotency.claim({ ...claim, inputHash: 'h2' })).toEqual({ kind: 'mismatch' });
    expect(await store.repos.idempotency.claim({ ...claim, path: 'reports.submit' })).toEqual({ kind: 'mismatch' });
    expect(await store.repos.idempotency.claim({ ...claim, accountId: 'u-2', inputHash: 'h2' })).toEqual({ kind: 'claimed', takenOver: false });
  });

  it('lets a retry take over a key whose attempt stopped holding it, exactly once', async () => {
    const claim = claimOf();
    await store.repos.idempotency.claim(claim);
    expect(await store.repos.idempotency.claim({ ...claim, now: later(29) })).toEqual({ kind: 'busy', leaseUntil: later(30) });
    const retry = { ...claim, now: later(31), leaseUntil: later(61) };
    const outcomes = await Promise.all([store.repos.idempotency.claim(retry), store.repos.idempotency.claim(retry), store.repos.idempotency.claim(retry)]);
    expect(outcomes.filter((o) => o.kind === 'claimed')).toEqual([{ kind: 'claimed', takenOver: true }]);
  });

  it('forgets a released key, so the retry runs afresh', async () => {
    const claim = claimOf();
    await store.repos.idempotency.claim(claim);
    await store.repos.idempotency.release({ accountId: claim.accountId, key: claim.key });
    expect(await store.repos.idempotency.get(claim.accountId, claim.key)).toBeNull();
    expect(await store.repos.idempotency.claim({ ...claim, inputHash: 'other' })).toEqual({ kind: 'claimed', takenOver: false });
  });

  it('prunes old answers', async () => {
    const claim = claimOf({ now: '2020-01-01T00:00:00.000Z' });
    await store.repos.idempotency.claim(claim);
    expect(await store.repos.idempotency.prune('2021-01-01T00:00:00.000Z')).toBeGreaterThanOrEqual(1);
    expect(await store.repos.idempotency.get(claim.accountId, claim.key)).toBeNull();
  });
});

describe('the audit entry of an action that runs once per key', () => {
  const entry = (actionKey: string | null, after: unknown) => ({
    actor: { userId: 'u-1', role: 'chair', unitId: 'kg.rach-gia' },
    action: 'report.submit',
    entityType: 'assignment',
    entityId: `audit-once-${actionKey ?? 'none'}`,
    before: { state: 'acknowledged' },
    after,
    actionKey,
  });

  it('is written once when the action runs again after a crash, however the attempts overlap', async () => {
    const first = await store.repos.audit.append(entry('idem:u-1:key-a', { version: 1 }));
    // The retry ran the procedure again: it records the same action and gets the first entry back.
    const again = await store.repos.audit.append(entry('idem:u-1:key-a', { version: 1, retried: true }));
    expect(again).toEqual(first);
    const racing = await Promise.all(Array.from({ length: 4 }, () => store.repos.audit.append(entry('idem:u-1:key-b', { version: 1 }))));
    expect(new Set(racing.map((e) => e.id)).size).toBe(1);
    expect(await store.repos.audit.forEntity('assignment', 'audit-once-idem:u-1:key-a')).toEqual([first]);
    expect(await store.repos.audit.forEntity('assignment', 'audit-once-idem:u-1:key-b')).toHaveLength(1);
  });

  it('keeps every entry of actions without a key', async () => {
    await store.repos.audit.append(entry(null, { n: 1 }));
    await store.repos.audit.append(entry(null, { n: 2 }));
    expect((await store.repos.audit.forEntity('assignment', 'audit-once-none')).map((e) => e.after)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
