import { describe, expect, it, vi } from 'vitest';
import { completionsPerSecond, kneeOf, openLoop, percentile, poissonArrivals, stats } from './measure';

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

describe('poissonArrivals', () => {
  it('spaces arrivals by the exponential distribution of the rate, within the duration', () => {
    // The draw whose exponential gap is exactly the mean (1 − e⁻¹) gives arrivals one mean gap apart.
    const atMean = () => 1 - Math.exp(-1);
    const arrivals = poissonArrivals(20, 1_000, atMean);
    expect(arrivals).toHaveLength(19);
    arrivals.forEach((at, i) => expect(at).toBeCloseTo((i + 1) * 50, 6));
    // Draws near 0 give short gaps, near 1 long ones; every arrival stays inside the duration.
    const draws = [0.1, 0.9, 0.5];
    let n = 0;
    const mixed = poissonArrivals(10, 2_000, () => draws[n++ % draws.length]!);
    expect(mixed.every((at, i) => at < 2_000 && (i === 0 || at > mixed[i - 1]!))).toBe(true);
    expect(mixed[0]).toBeCloseTo(-Math.log(0.9) * 100, 6);
    expect(mixed[1]! - mixed[0]!).toBeCloseTo(-Math.log(0.1) * 100, 6);
  });

  it('gives nothing for no rate or no time', () => {
    expect(poissonArrivals(0, 1_000)).toEqual([]);
    expect(poissonArrivals(10, 0)).toEqual([]);
  });
});

describe('openLoop', () => {
  it('starts each call at its arrival without waiting for earlier answers, in order, with each result', async () => {
    const started: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const done = openLoop([0, 1, 2], async (i) => {
      started.push(i);
      if (i === 0) await gate; // the first answer comes last: the others must not wait for it
      return i * 10;
    });
    // All three start while the first is still unanswered.
    await vi.waitFor(() => expect(started).toEqual([0, 1, 2]), { timeout: 30_000 });
    release();
    expect((await done).map((r) => r.result)).toEqual([0, 10, 20]);
  });
});

describe('kneeOf', () => {
  it('is the lowest rate whose p99 passed the limit', () => {
    expect(kneeOf([{ ratePerSecond: 10, p99: 120 }, { ratePerSecond: 40, p99: 2_400 }, { ratePerSecond: 20, p99: 1_300 }], 1_000)).toBe(20);
    expect(kneeOf([{ ratePerSecond: 10, p99: 120 }], 1_000)).toBeNull();
  });
});
