import pg from 'pg';

/**
 * Tells whoever listens that a person's in-app notifications changed: PostgreSQL's NOTIFY on
 * `chidao_inbox` (sent at commit by the dispatcher's expansion, payload the user id) over one
 * connection per API process, fanned out to that person's open subscriptions (their browser tabs).
 */
export interface InboxFeed {
  /**
   * Calls `onChange` whenever `userId`'s notifications change; returns the unsubscribe, or null when
   * the person already has MAX_STREAMS_PER_USER open (the stream then sends its count once and ends).
   */
  subscribe(userId: string, onChange: () => void): (() => void) | null;
  close(): Promise<void>;
}

/** Open live streams one person may hold (tabs, devices): a bound on what one account can make the server keep. */
export const MAX_STREAMS_PER_USER = 20;

export async function createInboxFeed(databaseUrl: string): Promise<InboxFeed> {
  const listeners = new Map<string, Set<() => void>>();
  let client: pg.Client | null = null;
  let closed = false;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (msg) => {
      for (const fn of listeners.get(msg.payload ?? '') ?? []) fn();
    });
    next.on('error', () => {
      // The connection dropped: every listener refreshes (it may have missed a change), then we listen again.
      for (const set of listeners.values()) for (const fn of set) fn();
      if (!closed) setTimeout(() => void connect().catch(() => undefined), 1_000).unref();
    });
    await next.connect();
    await next.query('LISTEN chidao_inbox');
    client = next;
  }
  await connect();

  return {
    subscribe(userId, onChange) {
      const set = listeners.get(userId) ?? new Set();
      if (set.size >= MAX_STREAMS_PER_USER) return null;
      set.add(onChange);
      listeners.set(userId, set);
      return () => {
        set.delete(onChange);
        if (set.size === 0) listeners.delete(userId);
      };
    },
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
