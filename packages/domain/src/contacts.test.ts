import { describe, expect, it } from 'vitest';
import { checkCode, codeThrottle, CODE_POLICY, normalizeContact } from './contacts';
import { DomainError } from './errors';

describe('contact addresses', () => {
  it('keeps one form of each: e-mail lower-cased, phone numbers as 84…', () => {
    expect(normalizeContact('email', ' Chu.Tich@UBND.KienGiang.gov.vn ')).toBe('chu.tich@ubnd.kiengiang.gov.vn');
    for (const phone of ['0912345678', '+84912345678', '84912345678', '0912 345 678', '091.234.5678']) expect(normalizeContact('sms', phone)).toBe('84912345678');
    expect(normalizeContact('zalo', '0365123456')).toBe('84365123456');
  });

  it.each([
    ['email', 'chu.tich'],
    ['email', 'a@b'],
    ['email', 'a..b@example.vn'],
    ['email', 'a@b.c\r\nBcc: x@y.z'],
    ['email', `${'a'.repeat(65)}@example.vn`],
    ['sms', '0212345678'],
    ['sms', '091234567'],
    ['zalo', 'số điện thoại'],
  ] as const)('refuses %s %j with a typed error', (channel, address) => {
    expect(() => normalizeContact(channel, address)).toThrow(DomainError);
  });
});

describe('one-time codes', () => {
  const t0 = Date.parse('2026-03-02T09:00:00+07:00');
  const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

  it('sends at most three an hour, and says when the next may go', () => {
    let sent: string[] = [];
    for (const m of [0, 10, 20]) {
      const t = codeThrottle(sent, at(m));
      expect(t.allowed).toBe(true);
      if (t.allowed) sent = t.recent;
    }
    expect(codeThrottle(sent, at(30))).toEqual({ allowed: false, retryAfterSeconds: 30 * 60 });
    expect(codeThrottle(sent, at(60)).allowed).toBe(true);
  });

  it('verifies the right code within its time, and only a limited number of wrong tries', () => {
    const stored = { codeHash: 'abc', codeExpiresAt: at(CODE_POLICY.validMinutes), codeAttempts: 0 };
    expect(checkCode(stored, 'abc', at(1))).toBe('verified');
    expect(checkCode(stored, 'abd', at(1))).toBe('wrong');
    expect(checkCode(stored, 'abc', at(CODE_POLICY.validMinutes))).toBe('expired');
    expect(checkCode({ ...stored, codeAttempts: CODE_POLICY.maxWrongEntries }, 'abc', at(1))).toBe('no_code');
    expect(checkCode({ codeHash: null, codeExpiresAt: null, codeAttempts: 0 }, 'abc', at(1))).toBe('no_code');
  });
});
