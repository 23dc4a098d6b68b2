import { describe, expect, it } from 'vitest';
import { INBOX_EAGER_MS, INBOX_REFRESH_MS, inboxRefreshInterval } from './escalations';
import { OVERVIEW_REFRESH_MS } from './overview';

describe('the escalation inbox refresh', () => {
  it('asks at the overviews’ pace for its first half minute on screen, then at the idle pace', () => {
    expect(inboxRefreshInterval(0)).toBe(OVERVIEW_REFRESH_MS);
    expect(inboxRefreshInterval(INBOX_EAGER_MS - 1)).toBe(OVERVIEW_REFRESH_MS);
    expect(inboxRefreshInterval(INBOX_EAGER_MS)).toBe(INBOX_REFRESH_MS);
    expect(inboxRefreshInterval(3_600_000)).toBe(INBOX_REFRESH_MS);
    expect(OVERVIEW_REFRESH_MS).toBeLessThan(INBOX_REFRESH_MS);
  });
});
