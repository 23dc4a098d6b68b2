import { describe, expect, it } from 'vitest';
import { completionsPerSecond, percentile, stats } from './measure';

describe('completionsPerSecond', () => {
  it('counts the answers of each whole second after the start and leaves out the last, partial one', () => {
    const start = 10_000;
    // 3 in the first second, none in the second, 2 in the third; one in the fourth, which did not end.
    const ends = [10_001, 10_500, 10_999, 12_000, 12_999.5, 13_100];
    expect(completionsPerSecond(start, ends)).toEqual([3, 0, 2]);
  });

  it('gives nothing for a burst shorter than a second or without answers', () => {
    expect(completionsPerSecond(0, [10, 900])).toEqual([]);
    expect(completionsPerSecond(0, [])).toEqual([]);
  });
});

describe('stats', () => {
  it('takes nearest-rank percentiles of unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(stats(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(percentile([5], 99)).toBe(5);
  });
});
