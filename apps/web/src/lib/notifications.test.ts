import { describeNotification } from '@chidao/domain';
import { describe, expect, it } from 'vitest';
import { badgeText, deliveryStateLabel, factsOf, vapidKeyBytes, withChannel } from './notifications';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const pending = { state: 'pending' as const, digest: false, notBefore: '2026-03-02T10:00:00Z', reason: null };

describe('the bell badge', () => {
  it('is hidden at zero and capped past 99', () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(-1)).toBeNull();
    expect(badgeText(3)).toBe('3');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });
});

describe('a notification in words', () => {
  it('is described from its kind and ids over its data, as the e-mail is', () => {
    const facts = factsOf({
      kind: 'task.new',
      directiveId: 'kg.2020.1119-ubnd-kgvx',
      assignmentId: '7',
      data: { reference: '1119/UBND-KGVX', unitName: 'UBND xã Định Hòa', kind: 'forged' },
    });
    expect(facts.kind).toBe('task.new');
    expect(describeNotification(facts, 'vi').title).toBe('Nhiệm vụ mới: Công văn 1119/UBND-KGVX');
    expect(describeNotification(facts, 'en').title).toBe('New task: Directive 1119/UBND-KGVX');
  });
});

describe('a delivery state', () => {
  it('reads sent, received and failed with its reason', () => {
    expect(deliveryStateLabel({ ...pending, state: 'sent' }, NOW)).toEqual({ key: 'sent' });
    expect(deliveryStateLabel({ ...pending, state: 'delivered' }, NOW)).toEqual({ key: 'delivered' });
    expect(deliveryStateLabel({ ...pending, state: 'failed', reason: 'mailbox full' }, NOW)).toEqual({ key: 'failed', reason: 'mailbox full' });
  });

  it('says why nothing was sent', () => {
    expect(deliveryStateLabel({ ...pending, state: 'suppressed', reason: 'preference' }, NOW)).toEqual({ key: 'suppressedPreference' });
    expect(deliveryStateLabel({ ...pending, state: 'suppressed', reason: 'unverified' }, NOW)).toEqual({ key: 'suppressedUnverified' });
    expect(deliveryStateLabel({ ...pending, state: 'suppressed', reason: null }, NOW)).toEqual({ key: 'suppressed' });
  });

  it('says what a pending one waits for: the digest, the end of quiet hours, or only its turn', () => {
    expect(deliveryStateLabel({ ...pending, digest: true, notBefore: '2026-03-03T00:30:00Z' }, NOW)).toEqual({ key: 'waitingDigest', at: '2026-03-03T00:30:00Z' });
    expect(deliveryStateLabel({ ...pending, notBefore: '2026-03-03T00:00:00Z' }, NOW)).toEqual({ key: 'waitingQuiet', at: '2026-03-03T00:00:00Z' });
    expect(deliveryStateLabel(pending, NOW)).toEqual({ key: 'waiting' });
  });
});

describe('a group’s channels', () => {
  it('turn on and off in the order they are tried', () => {
    expect(withChannel(['email', 'push'], 'sms', true)).toEqual(['push', 'email', 'sms']);
    expect(withChannel(['push', 'email', 'zalo'], 'email', false)).toEqual(['push', 'zalo']);
    expect(withChannel(['push'], 'push', true)).toEqual(['push']);
  });
});

describe('a VAPID key', () => {
  it('decodes URL-safe base64 without padding', () => {
    expect([...vapidKeyBytes('AQID_-8')]).toEqual([1, 2, 3, 255, 239]);
  });
});
