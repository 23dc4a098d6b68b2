import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { timelineLabelKey, timelineReason } from './timeline';

const lookup = (messages: typeof vi, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages);

describe('timelineLabelKey', () => {
  const kinds = [
    'issued',
    'assignment.acknowledge',
    'report.submit',
    'report.accept',
    'report.return',
    'reminder.reminder',
    'reminder.remind',
    'escalation.escalate_parent',
    'escalation.escalate_province',
    'extension.request',
    'extension.approved',
    'extension.rejected',
    'explanation.request',
    'explanation.answer',
    'assignment.set_child_deadline',
    'progress.ended',
  ];

  it('has a Vietnamese and an English label for every kind the API returns', () => {
    for (const kind of kinds) {
      const key = timelineLabelKey(kind);
      expect(key, kind).not.toBeNull();
      expect(typeof lookup(vi, key!), kind).toBe('string');
      expect(typeof lookup(en, key!), kind).toBe('string');
    }
    expect(vi.timeline.kinds.reportReturn).toBe('Báo cáo bị trả lại');
  });

  it('returns null for unknown kinds, which are shown raw', () => {
    expect(timelineLabelKey('something.new')).toBeNull();
    expect(timelineLabelKey('toString')).toBeNull();
  });
});

describe('timelineReason', () => {
  it('finds the reason a reviewer gave', () => {
    expect(timelineReason({ after: { review: 'returned', reason: 'Thiếu số liệu' } })).toBe('Thiếu số liệu');
    expect(timelineReason({ after: { review: 'accepted', reason: null } })).toBeNull();
    expect(timelineReason({})).toBeNull();
  });

  it('finds the issuer’s reason for ending the periodic reports in the event itself', () => {
    expect(timelineReason({ at: '2026-12-07T10:00:00+07:00', by: 'u.kg', reason: 'Đã đạt mục tiêu.' }, 'progress.ended')).toBe('Đã đạt mục tiêu.');
    // Other events' data is not taken for a person's words.
    expect(timelineReason({ reason: 'x' }, 'reminder.reminder')).toBeNull();
  });
});
