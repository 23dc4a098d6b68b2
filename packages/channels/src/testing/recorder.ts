/**
 * What every local server here keeps: the things it received, in order, and a way to wait for one.
 * Waiting is event-driven (no polling interval to tune) and bounded by a timeout that names what
 * was awaited and what did arrive, so a failing test says why.
 */
export class Recorder<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<{ predicate: (item: T) => boolean; resolve: (item: T) => void }>();

  /**
   * @param keep at most this many items are kept, the oldest dropped first: a benchmark may send a
   *   hundred thousand messages through a stub, and its counts say how many there were.
   */
  constructor(
    private readonly what: string,
    private readonly describe: (item: T) => string = (item) => JSON.stringify(item),
    private readonly keep = 10_000,
  ) {}

  add(item: T): void {
    this.items.push(item);
    if (this.items.length > this.keep) this.items.splice(0, this.items.length - this.keep);
    for (const waiter of this.waiters) {
      if (waiter.predicate(item)) {
        this.waiters.delete(waiter);
        waiter.resolve(item);
      }
    }
  }

  /** Forgets what was received (a test's fresh start); waiters keep waiting. */
  clear(): void {
    this.items.length = 0;
  }

  /** The first item, received already or later, that satisfies `predicate`. */
  waitFor(predicate: (item: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
    const found = this.items.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (item: T) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.items.slice(-5).map(this.describe).join('\n  ');
        reject(new Error(`No matching ${this.what} within ${timeoutMs} ms; ${this.items.length} received${seen ? `, the last:\n  ${seen}` : ''}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

/**
 * What the SMS and Zalo stubs share: the provider's requests as received and those it accepted, a
 * throttle and failures on demand, and a life that a chaos test can interrupt.
 */
export interface ProviderStub<Request, Failure> {
  readonly received: readonly Request[];
  /** Messages accepted: what reached a phone. */
  readonly sent: readonly Request[];
  readonly counts: { readonly requests: number; readonly sent: number; readonly duplicates: number };
  /** The next `n` requests are answered HTTP 429 with Retry-After. */
  rateLimitNext(n: number, retryAfterSeconds?: number): void;
  /** The next `n` requests are answered with this provider error. */
  failNext(n: number, failure: Failure): void;
  /** Forgets what was received so far (counts stay: they are totals). */
  clear(): void;
  waitFor(predicate?: (request: Request) => boolean, timeoutMs?: number): Promise<Request>;
  readonly running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}
