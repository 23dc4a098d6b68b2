import { describe, expect, it } from 'vitest';
import { createPendingSignOut, isSignOutPending, markSignOutPending } from './pendingSignOut';
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
