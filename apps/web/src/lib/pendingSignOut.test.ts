import { describe, expect, it, vi } from 'vitest';
import { createPendingSignOut, createWire, isSignOutPending, markSignOutPending } from './pendingSignOut';
import { memoryStorage } from './memoryStorage';

const offline = new Error('Failed to fetch');
const transient = (error: unknown) => error === offline;

describe('a pending sign-out', () => {
  it('sends nothing when none is pending', async () => {
    const storage = memoryStorage();
    let sent = 0;
    await createPendingSignOut(() => storage, async () => void sent++, transient)();
    expect(sent).toBe(0);
  });

  it('stays pending while the connection is missing and ends once a request gets through, sent once for callers at the same time', async () => {
    const storage = memoryStorage();
    markSignOutPending(storage);
    let online = false;
    let sent = 0;
    const end = createPendingSignOut(
      () => storage,
      async () => {
        sent++;
        if (!online) throw offline;
      },
      transient,
    );
    await expect(end()).rejects.toBe(offline);
    expect(isSignOutPending(storage)).toBe(true);
    online = true;
    await Promise.all([end(), end(), end()]);
    expect(sent).toBe(2);
    expect(isSignOutPending(storage)).toBe(false);
  });

  it('ends on a definite refusal from the server, so later requests are not held back for ever', async () => {
    const storage = memoryStorage();
    markSignOutPending(storage);
    await createPendingSignOut(() => storage, () => Promise.reject(new Error('FORBIDDEN')), transient)();
    expect(isSignOutPending(storage)).toBe(false);
  });

  it('is sent by one tab at a time, and a second finds nothing left to send', async () => {
    const storage = memoryStorage();
    markSignOutPending(storage);
    let sent = 0;
    let queue: Promise<void> = Promise.resolve();
    const lock = (run: () => Promise<void>) => (queue = queue.then(run, run));
    const tab = () => createPendingSignOut(() => storage, async () => void sent++, transient, lock);
    await Promise.all([tab()(), tab()()]);
    expect(sent).toBe(1);
    expect(isSignOutPending(storage)).toBe(false);
  });
});

describe('the requests on the wire before a sign-out', () => {
  /** A fetch whose answers come when the test says. */
  function heldFetch() {
    const answers: Array<() => void> = [];
    const fetch = (() => new Promise<Response>((resolve) => answers.push(() => resolve(new Response('{}'))))) as typeof globalThis.fetch;
    return { fetch, answerNext: () => answers.shift()?.() };
  }

  it('are awaited: the sign-out goes once every request sent before it is answered, a batch put on the wire in the same task included', async () => {
    const held = heldFetch();
    const wire = createWire(held.fetch);
    // The batch loader put the page's polls on the wire in a timer set before the tap that signs out.
    const polls: Array<Promise<Response>> = [];
    setTimeout(() => polls.push(wire.fetch('/trpc/a'), wire.fetch('/trpc/b')), 0);
    let gone = false;
    const signOut = wire.idle(60_000).then(() => (gone = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(polls).toHaveLength(2);
    held.answerNext();
    await polls[0];
    expect(gone).toBe(false);
    held.answerNext();
    await polls[1];
    await signOut;
    expect(gone).toBe(true);
  });

  it('hold nothing when none is on the wire, and a request that never comes back holds the sign-out only for the bound', async () => {
    const held = heldFetch();
    const wire = createWire(held.fetch);
    await wire.idle(60_000);
    vi.useFakeTimers();
    try {
      void wire.fetch('/trpc/hangs');
      let gone = false;
      const signOut = wire.idle(10_000).then(() => (gone = true));
      await vi.advanceTimersByTimeAsync(9_999);
      expect(gone).toBe(false);
      await vi.advanceTimersByTimeAsync(10);
      await signOut;
      expect(gone).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('count a request whose fetch throws at once as answered', async () => {
    const wire = createWire((() => {
      throw new TypeError('bad URL');
    }) as typeof fetch);
    expect(() => wire.fetch('::')).toThrow('bad URL');
    await wire.idle(60_000);
  });
});
