import { describe, expect, it } from 'vitest';
import {
  audienceOf,
  defaultPreferences,
  describeDigest,
  describeNotification,
  digestDateOf,
  fallbackChannel,
  formatVnDateTime,
  groupOf,
  nextDigestAt,
  NOTIFICATION_KINDS,
  planDeliveries,
  quietUntil,
  validatePreferences,
  type ExternalChannel,
  type NotificationEventFacts,
  type Reachability,
} from './index';
import { DomainError } from './errors';

const event = (kind: NotificationEventFacts['kind'], data: Record<string, unknown> = {}): NotificationEventFacts => ({
  kind,
  unitId: 'xa-a',
  recipientUnitId: 'huyen-b',
  issuerUnitId: 'tinh',
  data,
});

const reach = (verified: ExternalChannel[], unverified: ExternalChannel[] = []): Reachability => ({ verified: new Set(verified), unverified: new Set(unverified) });

describe('who is told', () => {
  it('tells a unit of what happens to its own task', () => {
    for (const kind of ['task.new', 'reminder', 'report.returned', 'report.accepted', 'extension.approved', 'directive.recalled', 'assignment.urged', 'explanation.request'] as const) {
      expect(audienceOf(event(kind))).toEqual([{ unitId: 'xa-a', roles: ['chair', 'vice_chair', 'officer'] }]);
    }
  });

  it('tells the unit above of what a unit below asks of it', () => {
    for (const kind of ['report.submitted', 'extension.request', 'adjustment.request', 'explanation.answer'] as const) {
      expect(audienceOf(event(kind))).toEqual([{ unitId: 'huyen-b', roles: ['chair', 'vice_chair', 'officer'] }]);
    }
    // A top-level unit's requests go to the issuer.
    expect(audienceOf({ ...event('report.submitted'), recipientUnitId: null })[0]?.unitId).toBe('tinh');
  });

  it('sends an escalation to the leaders of the unit it reaches, and at the province to its leadership', () => {
    expect(audienceOf(event('escalation', { level: 'parent' }))).toEqual([{ unitId: 'huyen-b', roles: ['chair', 'vice_chair', 'province_leader'] }]);
    expect(audienceOf({ ...event('escalation', { level: 'province' }), recipientUnitId: 'tinh' })).toEqual([{ unitId: 'tinh', roles: ['province_leader', 'chair'] }]);
  });

  it('puts every kind in one of the five groups a person chooses channels for', () => {
    expect(new Set(NOTIFICATION_KINDS.map(groupOf))).toEqual(new Set(['task', 'reminder', 'escalation', 'report', 'request']));
  });
});

describe('quiet hours and the digest, in Asia/Ho_Chi_Minh', () => {
  const quiet = { from: '21:00', to: '07:00' };
  const at = (local: string) => Date.parse(`${local}+07:00`);

  it('holds what comes in the evening or the night until 07:00, and nothing in the day', () => {
    expect(quietUntil(quiet, at('2026-03-02T22:15:00'))).toBe(at('2026-03-03T07:00:00'));
    expect(quietUntil(quiet, at('2026-03-03T06:59:00'))).toBe(at('2026-03-03T07:00:00'));
    expect(quietUntil(quiet, at('2026-03-03T07:00:00'))).toBeNull();
    expect(quietUntil(quiet, at('2026-03-03T20:59:00'))).toBeNull();
    expect(quietUntil(quiet, at('2026-03-03T21:00:00'))).toBe(at('2026-03-04T07:00:00'));
    expect(quietUntil({ from: '12:00', to: '13:30' }, at('2026-03-03T12:40:00'))).toBe(at('2026-03-03T13:30:00'));
    expect(quietUntil(null, at('2026-03-03T23:00:00'))).toBeNull();
  });

  it('gathers into the digest at the next 07:30, today or tomorrow', () => {
    expect(nextDigestAt('07:30', at('2026-03-03T06:00:00'))).toBe(at('2026-03-03T07:30:00'));
    expect(nextDigestAt('07:30', at('2026-03-03T07:30:00'))).toBe(at('2026-03-03T07:30:00'));
    expect(nextDigestAt('07:30', at('2026-03-03T16:45:00'))).toBe(at('2026-03-04T07:30:00'));
    // The local date, not UTC's (07:30 in Hà Nội is 00:30 UTC the same day; 06:00 is 23:00 UTC the day before).
    expect(digestDateOf(at('2026-03-04T06:00:00'))).toBe('2026-03-04');
  });
});

describe('how each person hears of it', () => {
  const now = '2026-03-03T10:00:00+07:00';
  const task = { kind: 'task.new' as const, at: now, urgent: false };

  it('goes through each channel of its group the person can be reached by, their first choice first', () => {
    const prefs = { ...defaultPreferences(), channels: { ...defaultPreferences().channels, task: ['email', 'push'] as ExternalChannel[] } };
    expect(planDeliveries(task, prefs, reach(['push', 'email']), now)).toEqual([
      { channel: 'email', state: 'pending', notBefore: new Date(now).toISOString(), digest: false },
      { channel: 'push', state: 'pending', notBefore: new Date(now).toISOString(), digest: false },
    ]);
  });

  it('logs a channel turned off for the group, or not verified yet, as suppressed, and says nothing of channels the person lacks', () => {
    const plan = planDeliveries({ ...task, kind: 'report.accepted' }, defaultPreferences(), reach(['push', 'sms'], ['email']), now);
    expect(plan).toEqual([
      { channel: 'push', state: 'pending', notBefore: new Date(now).toISOString(), digest: false },
      { channel: 'email', state: 'suppressed', reason: 'unverified' },
      { channel: 'sms', state: 'suppressed', reason: 'preference' },
    ]);
  });

  it('waits for the end of quiet hours, unless the directive is Hỏa tốc', () => {
    const night = '2026-03-03T23:10:00+07:00';
    const morning = new Date('2026-03-04T07:00:00+07:00').toISOString();
    expect(planDeliveries({ ...task, at: night }, defaultPreferences(), reach(['email']), night)).toEqual([{ channel: 'email', state: 'pending', notBefore: morning, digest: false }]);
    expect(planDeliveries({ ...task, at: night, urgent: true }, defaultPreferences(), reach(['email']), night)).toEqual([
      { channel: 'email', state: 'pending', notBefore: new Date(night).toISOString(), digest: false },
    ]);
  });

  it('holds reminders and escalations for the digest of a person who has it (provincial leadership by default), not their tasks', () => {
    const leader = defaultPreferences(['province_leader']);
    expect(leader.digest).toEqual({ enabled: true, at: '07:30' });
    expect(defaultPreferences(['chair']).digest.enabled).toBe(false);
    const digestAt = new Date('2026-03-04T07:30:00+07:00').toISOString();
    expect(planDeliveries({ ...task, kind: 'escalation' }, leader, reach(['email']), now)).toEqual([{ channel: 'email', state: 'pending', notBefore: digestAt, digest: true }]);
    expect(planDeliveries(task, leader, reach(['email']), now)[0]).toMatchObject({ digest: false });
  });

  it('plans the next channel the person allows when none of the group\'s reaches them (an expired push subscription)', () => {
    const pushOnly = { ...defaultPreferences(), channels: { ...defaultPreferences().channels, report: ['push'] as ExternalChannel[] } };
    expect(planDeliveries({ ...task, kind: 'report.returned' }, pushOnly, reach(['email']), now)).toEqual([
      { channel: 'email', state: 'pending', notBefore: new Date(now).toISOString(), digest: false },
    ]);
    // Reached through its own channel, nothing stands in.
    expect(planDeliveries({ ...task, kind: 'report.returned' }, pushOnly, reach(['push', 'email']), now).map((d) => [d.channel, d.state])).toEqual([
      ['push', 'pending'],
      ['email', 'suppressed'],
    ]);
  });

  it('falls back to the next channel the person allows and can be reached by, never one already used', () => {
    const prefs = defaultPreferences();
    expect(fallbackChannel(prefs, reach(['push', 'email', 'sms']), new Set(['push']))).toBe('email');
    expect(fallbackChannel(prefs, reach(['push', 'email', 'sms']), new Set(['push', 'email']))).toBe('sms');
    expect(fallbackChannel({ ...prefs, channels: { task: ['push'], reminder: [], escalation: [], report: [], request: [] } }, reach(['push', 'sms']), new Set(['push']))).toBeNull();
  });
});

describe('preferences a client sends', () => {
  it('accepts the defaults and a change of them', () => {
    expect(validatePreferences(defaultPreferences())).toEqual(defaultPreferences());
    expect(validatePreferences({ ...defaultPreferences(), quietHours: null })).toMatchObject({ quietHours: null });
  });

  it.each([
    ['not an object', 'x'],
    ['an unknown field', { ...defaultPreferences(), extra: 1 }],
    ['an unknown group', { ...defaultPreferences(), channels: { ...defaultPreferences().channels, fax: [] } }],
    ['an unknown channel', { ...defaultPreferences(), channels: { ...defaultPreferences().channels, task: ['fax'] } }],
    ['a repeated channel', { ...defaultPreferences(), channels: { ...defaultPreferences().channels, task: ['sms', 'sms'] } }],
    ['a bad hour', { ...defaultPreferences(), quietHours: { from: '25:00', to: '07:00' } }],
    ['an empty window', { ...defaultPreferences(), quietHours: { from: '07:00', to: '07:00' } }],
    ['a bad digest', { ...defaultPreferences(), digest: { enabled: 'yes', at: '07:30' } }],
  ])('refuses %s with a typed error', (_, input) => {
    expect(() => validatePreferences(input)).toThrow(DomainError);
  });
});

describe('the words', () => {
  const base = { directiveId: 'kg.2020.1119-ubnd-kgvx', assignmentId: 'a', reference: '1119/UBND-KGVX', subject: 'cài đặt ứng dụng Bluezone', unitName: 'UBND xã Mỹ Đức' };

  it('says what happened, to whom and by when, in Vietnamese with dd/MM/yyyy HH:mm', () => {
    const deadlineAt = '2026-03-04T17:00:00+07:00';
    expect(describeNotification({ ...base, kind: 'task.new' })).toEqual({
      title: 'Nhiệm vụ mới: Công văn 1119/UBND-KGVX',
      body: 'UBND xã Mỹ Đức được giao nhiệm vụ.\nV/v cài đặt ứng dụng Bluezone',
      path: '#/',
    });
    expect(describeNotification({ ...base, kind: 'escalation', reason: 'acknowledge_overdue', dueAt: deadlineAt })).toEqual({
      title: 'Quá hạn: UBND xã Mỹ Đức — 1119/UBND-KGVX',
      body: 'UBND xã Mỹ Đức chưa tiếp nhận khi đã quá hạn (hạn 04/03/2026 17:00).\nV/v cài đặt ứng dụng Bluezone',
      path: '#/directives/kg.2020.1119-ubnd-kgvx',
    });
    expect(describeNotification({ ...base, kind: 'reminder', deadline: 'report', deadlineAt }, 'en').body).toBe('report due 04/03/2026 17:00.\nRe: cài đặt ứng dụng Bluezone');
    expect(describeNotification({ ...base, kind: 'report.returned', reason: 'Thiếu số liệu' }).body).toContain('Lý do: Thiếu số liệu');
    // A subject that carries its "V/v" already gets no second one.
    expect(describeNotification({ ...base, kind: 'task.new', subject: 'V/v đẩy mạnh cài đặt Bluezone' }).body).toBe('UBND xã Mỹ Đức được giao nhiệm vụ.\nV/v đẩy mạnh cài đặt Bluezone');
    expect(describeNotification({ ...base, kind: 'task.new', urgency: 'Hỏa tốc' }).title).toBe('HỎA TỐC · Nhiệm vụ mới: Công văn 1119/UBND-KGVX');
    expect(describeNotification({ ...base, kind: 'extension.request' }).title).toBe('Đề nghị gia hạn: UBND xã Mỹ Đức — 1119/UBND-KGVX');
  });

  it('says "V/v" once when the dispatch’s subject is stored with it', () => {
    const stored = { ...base, kind: 'task.new' as const, subject: 'V/v cài đặt ứng dụng Bluezone' };
    expect(describeNotification(stored).body).toBe('UBND xã Mỹ Đức được giao nhiệm vụ.\nV/v cài đặt ứng dụng Bluezone');
    expect(describeNotification(stored, 'en').body).toBe('UBND xã Mỹ Đức has a new task.\nRe: cài đặt ứng dụng Bluezone');
  });

  it('has words for every kind, in both languages', () => {
    for (const kind of NOTIFICATION_KINDS) {
      for (const lang of ['vi', 'en'] as const) {
        const text = describeNotification({ ...base, kind }, lang);
        expect(text.title.length).toBeGreaterThan(10);
        expect(text.title).not.toMatch(/undefined|null/);
        expect(text.body).not.toMatch(/undefined|null/);
      }
    }
  });

  it('gathers a digest into one message, a line each', () => {
    const digest = describeDigest('2026-03-04', [
      { ...base, kind: 'escalation', reason: 'report_overdue' },
      { ...base, kind: 'reminder', deadline: 'report' },
    ]);
    expect(digest.title).toBe('Tổng hợp nhắc việc và quá hạn ngày 04/03/2026: 2 mục');
    expect(digest.body.split('\n')).toEqual(['• Quá hạn: UBND xã Mỹ Đức — 1119/UBND-KGVX', '• Nhắc việc: Công văn 1119/UBND-KGVX']);
    expect(formatVnDateTime('2026-03-03T17:05:00Z')).toBe('04/03/2026 00:05');
  });
});
