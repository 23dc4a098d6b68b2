/** Latency statistics in milliseconds, nearest-rank percentiles. */
export interface LatencyStats {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function stats(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

/**
 * How many of a burst's requests completed in each whole second after `start` (performance.now()
 * milliseconds), the last, partial second left out. With every client waiting its turn, a request's
 * latency is about the time the system takes for the clients' number of completions, so a p99 above
 * 50 × the mean time per request comes from seconds in which fewer completed.
 */
export function completionsPerSecond(start: number, ends: readonly number[]): number[] {
  if (ends.length === 0) return [];
  const last = Math.max(...ends);
  const whole = Math.floor((last - start) / 1000);
  const counts = new Array<number>(whole).fill(0);
  for (const end of ends) {
    const second = Math.floor((end - start) / 1000);
    if (second >= 0 && second < whole) counts[second]! += 1;
  }
  return counts;
}

/** Runs `fn` over `items` with at most `concurrency` at a time (the benchmark's concurrent clients). */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return out;
}

export const seconds = (ms: number) => Math.round(ms / 10) / 100;

/** Polls until `check` is true; returns the time it first was, or throws after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    // A poll that fails (a server too busy to answer) is a poll that says "not yet".
    const ok = await check().catch((error: unknown) => {
      last = error;
      return false;
    });
    if (ok) return performance.now();
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Runs `fn` again (up to `attempts` times, a second apart) when it fails: for reads, never for actions. */
export async function retried<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * Arrival times (milliseconds from the start) of a Poisson process of `ratePerSecond` over
 * `durationMs`: gaps drawn from the exponential distribution, as independent people arrive. `random`
 * gives numbers in [0, 1) (Math.random in a run; a fixed one in a test).
 */
export function poissonArrivals(ratePerSecond: number, durationMs: number, random: () => number = Math.random): number[] {
  if (!(ratePerSecond > 0) || !(durationMs > 0)) return [];
  const meanGapMs = 1000 / ratePerSecond;
  const out: number[] = [];
  for (let at = -Math.log(1 - random()) * meanGapMs; at < durationMs; at += -Math.log(1 - random()) * meanGapMs) out.push(at);
  return out;
}

/**
 * Starts `fn(i)` at each arrival (milliseconds after the call) whether or not earlier ones have been
 * answered: an open loop, as officials arrive regardless of how busy the server is. Each latency runs
 * from the arrival's planned moment, not from when the call went out, so a generator that fell behind
 * counts against the system instead of hiding its queue (coordinated omission).
 */
export async function openLoop<R>(arrivals: readonly number[], fn: (index: number) => Promise<R>): Promise<Array<{ readonly ms: number; readonly result: R }>> {
  const start = performance.now();
  const pending: Array<Promise<{ ms: number; result: R }>> = [];
  for (let i = 0; i < arrivals.length; i++) {
    const planned = start + arrivals[i]!;
    const wait = planned - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(fn(i).then((result) => ({ ms: performance.now() - planned, result })));
  }
  return Promise.all(pending);
}

/** The lowest rate whose p99 passed `limitMs` (the knee), or null when none did. */
export function kneeOf(points: ReadonlyArray<{ readonly ratePerSecond: number; readonly p99: number }>, limitMs: number): number | null {
  const over = points.filter((p) => p.p99 > limitMs).map((p) => p.ratePerSecond);
  return over.length === 0 ? null : Math.min(...over);
}
