import { describe, expect, it } from 'vitest';
import { enqueue, latestFor, mergeStored, outcomeOf, revive, toSend, update, type OutboxEntry } from './outbox';

const clientError = (data: unknown): Error => Object.assign(new Error('x'), { name: 'TRPCClientError', data });
const refusal = (domainCode: string) => clientError({ domainCode });

function entry(overrides: Partial<OutboxEntry> & Pick<OutboxEntry, 'key'>): OutboxEntry {
  return { userId: 'u1', kind: 'acknowledge', assignmentId: 'a1', input: { assignmentId: 'a1' }, createdAt: 1, state: 'pending', ...overrides };
}

describe('the outbox', () => {
  it('keeps one acknowledgement per task: a second tap returns the first, with its key', () => {
    const first = enqueue([], entry({ key: 'k1' }));
    const second = enqueue(first.entries, entry({ key: 'k2', createdAt: 2 }));
    expect(second.entry.key).toBe('k1');
    expect(second.entries.map((e) => e.key)).toEqual(['k1']);
    // Once sent it is still the same action: tapping a card not yet refreshed adds nothing.
    const sent = update(second.entries, 'k1', (e) => ({ ...e, state: 'sent', sentAt: 5 }));
    expect(enqueue(sent, entry({ key: 'k3' })).entry).toMatchObject({ key: 'k1', state: 'sent' });
  });

  it('lets a refused acknowledgement be tried again with a new key, and keeps other tasks and people apart', () => {
    const refused = [entry({ key: 'k1', state: 'refused', code: 'ILLEGAL_TRANSITION' })];
    const again = enqueue(refused, entry({ key: 'k2', createdAt: 2 }));
    expect(again.entries.map((e) => e.key)).toEqual(['k2']);
    const other = enqueue(again.entries, entry({ key: 'k3', assignmentId: 'a2' }));
    const someoneElse = enqueue(other.entries, entry({ key: 'k4', userId: 'u2' }));
    expect(someoneElse.entries.map((e) => e.key)).toEqual(['k2', 'k3', 'k4']);
  });

  it('replaces a task’s waiting or settled report by a newer one, but not one being sent', () => {
    const report = (key: string, state: OutboxEntry['state'], createdAt: number) => entry({ key, kind: 'report', state, createdAt, input: { assignmentId: 'a1', narrative: key } });
    expect(enqueue([report('r1', 'pending', 1)], report('r2', 'pending', 2)).entries.map((e) => e.key)).toEqual(['r2']);
    expect(enqueue([report('r1', 'sent', 1)], report('r2', 'pending', 2)).entries.map((e) => e.key)).toEqual(['r2']);
    const inFlight = enqueue([report('r1', 'sending', 1)], report('r2', 'pending', 2));
    expect(inFlight.entry.key).toBe('r1');
    // An acknowledgement and a report of one task are two actions.
    expect(enqueue([entry({ key: 'k1' })], report('r1', 'pending', 2)).entries.map((e) => e.key)).toEqual(['k1', 'r1']);
  });

  it('sends only the signed-in person’s waiting entries, oldest first', () => {
    const entries = [
      entry({ key: 'late', assignmentId: 'a2', createdAt: 9 }),
      entry({ key: 'early', assignmentId: 'a3', createdAt: 3 }),
      entry({ key: 'sent', assignmentId: 'a4', state: 'sent' }),
      entry({ key: 'refused', assignmentId: 'a5', state: 'refused' }),
      entry({ key: 'other', userId: 'u2' }),
    ];
    expect(toSend(entries, 'u1').map((e) => e.key)).toEqual(['early', 'late']);
    expect(toSend(entries, 'u2').map((e) => e.key)).toEqual(['other']);
  });

  it('tries again after a failure that may not have reached the server, and asks to sign in when the session is gone', () => {
    expect(outcomeOf('report', new TypeError('Failed to fetch'))).toEqual({ kind: 'retry' });
    expect(outcomeOf('report', clientError(null))).toEqual({ kind: 'retry' });
    for (const code of ['UNAVAILABLE', 'ENGINE_UNAVAILABLE', 'REQUEST_IN_PROGRESS', 'RATE_LIMITED']) expect(outcomeOf('acknowledge', refusal(code))).toEqual({ kind: 'retry' });
    expect(outcomeOf('acknowledge', refusal('NOT_SIGNED_IN'))).toEqual({ kind: 'signedOut' });
  });

  it('counts an acknowledgement the server already has as done, and any other rule as a refusal with its code', () => {
    expect(outcomeOf('acknowledge', refusal('ALREADY_ACKNOWLEDGED'))).toEqual({ kind: 'done' });
    // A recalled or reassigned task: the server says the transition is not allowed any more.
    expect(outcomeOf('acknowledge', refusal('ILLEGAL_TRANSITION'))).toEqual({ kind: 'refused', code: 'ILLEGAL_TRANSITION' });
    expect(outcomeOf('report', refusal('ALREADY_ACKNOWLEDGED'))).toEqual({ kind: 'refused', code: 'ALREADY_ACKNOWLEDGED' });
    expect(outcomeOf('report', refusal('INVALID_REPORT'))).toEqual({ kind: 'refused', code: 'INVALID_REPORT' });
    expect(outcomeOf('report', refusal('NOT_ASSIGNEE'))).toEqual({ kind: 'refused', code: 'NOT_ASSIGNEE' });
  });

  it('shows on a card the person’s latest entry for that task and action', () => {
    const entries = [
      entry({ key: 'old', kind: 'report', createdAt: 1 }),
      entry({ key: 'new', kind: 'report', createdAt: 2 }),
      entry({ key: 'ack', createdAt: 3 }),
      entry({ key: 'theirs', kind: 'report', userId: 'u2', createdAt: 4 }),
    ];
    expect(latestFor(entries, 'u1', 'a1', 'report')?.key).toBe('new');
    expect(latestFor(entries, 'u1', 'a1', 'acknowledge')?.key).toBe('ack');
    expect(latestFor(entries, 'u1', 'a2', 'report')).toBeNull();
  });

  it('reads back only well-formed entries, and sends again one whose tab closed while it was being sent', () => {
    const good = entry({ key: 'k1', state: 'sending' });
    const revived = revive([good, { ...good, key: 7 }, { ...good, kind: 'recall' }, null, 'x', { ...good, key: 'k2', state: 'sent', sentAt: 3 }]);
    expect(revived.map((e) => [e.key, e.state])).toEqual([
      ['k1', 'pending'],
      ['k2', 'sent'],
    ]);
    expect(revive(undefined)).toEqual([]);
    expect(revive({ not: 'a list' })).toEqual([]);
  });
});

describe('mergeStored', () => {
  it('takes what another tab stored for the keys it changed, drops what it removed, adds what it added', () => {
    const a = entry({ key: 'a' });
    const b = entry({ key: 'b' });
    const c = entry({ key: 'c' });
    const sentB = { ...b, state: 'sent' as const, sentAt: 5 };
    const d = entry({ key: 'd' });
    const merged = mergeStored([a, b, c], ['b', 'c', 'd'], new Map([['b', sentB], ['d', d]]));
    expect(merged).toEqual([a, sentB, d]);
  });

  it('keeps this tab’s entries when the other tab’s change is about other keys', () => {
    const a = entry({ key: 'a' });
    expect(mergeStored([a], ['x'], new Map())).toEqual([a]);
  });
});
