import { describe, expect, it } from 'vitest';
import type { Query } from '@tanstack/react-query';
import type { Overview } from '../api';
import { OVERVIEW_EAGER_FETCHES, OVERVIEW_IDLE_REFRESH_MS, OVERVIEW_REFRESH_MS, overviewRefetchInterval } from './overview';

/** The part of a query the interval reads: its answer and how many answers it has had. */
const query = (data: Partial<Overview> | undefined, dataUpdateCount: number) =>
  ({ state: { data, dataUpdateCount } }) as unknown as Query<Overview, Error, Overview, readonly unknown[]>;
const nothingBelow = { children: [], below: { total: 0 }, delivery: null } as unknown as Partial<Overview>;
const communesBelow = { children: [{}], below: { total: 12 }, delivery: null } as unknown as Partial<Overview>;
const delivering = { children: [], below: { total: 0 }, delivery: { delivered: 0, planned: 16 } } as unknown as Partial<Overview>;

describe('how often an overview asks again', () => {
  it('keeps the usual pace while units below are tracked, and before the first answer', () => {
    expect(overviewRefetchInterval(query(communesBelow, 500))).toBe(OVERVIEW_REFRESH_MS);
    expect(overviewRefetchInterval(query(undefined, 0))).toBe(OVERVIEW_REFRESH_MS);
  });

  it('asks at the usual pace for a directive still fanning out, then rarely once nothing has come below', () => {
    expect(overviewRefetchInterval(query(nothingBelow, 1))).toBe(OVERVIEW_REFRESH_MS);
    expect(overviewRefetchInterval(query(nothingBelow, OVERVIEW_EAGER_FETCHES - 1))).toBe(OVERVIEW_REFRESH_MS);
    expect(overviewRefetchInterval(query(nothingBelow, OVERVIEW_EAGER_FETCHES))).toBe(OVERVIEW_IDLE_REFRESH_MS);
    expect(OVERVIEW_IDLE_REFRESH_MS).toBeGreaterThan(OVERVIEW_REFRESH_MS);
  });

  it('keeps the usual pace while the API says the directive is still being delivered, however long it takes', () => {
    expect(overviewRefetchInterval(query(delivering, OVERVIEW_EAGER_FETCHES * 10))).toBe(OVERVIEW_REFRESH_MS);
  });
});
