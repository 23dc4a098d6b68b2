/**
 * Signing out without a connection (a shared phone in a commune with no signal): the device is
 * cleared and the sign-in page shown at once, but the server's session can only end once a request
 * gets through. Until then the sign-out is pending, recorded in the browser's localStorage so a
 * reload, a closed tab and the other tabs know it too; the app's client sends the sign-out before
 * anything else goes out with the old session cookie (trpc.ts), so nobody acts as the previous person.
 */

const KEY = 'chidao.signOutPending';

/** The browser's localStorage, or null where it is refused (then a sign-out needs the connection, as before). */
export function sharedStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function markSignOutPending(storage: Storage | null): void {
  try {
    storage?.setItem(KEY, '1');
  } catch {
    // Not recorded: the sign-out is still sent at once below; only a failure of it goes unremembered.
  }
}

export function isSignOutPending(storage: Storage | null): boolean {
  try {
    return storage !== null && storage.getItem(KEY) !== null;
  } catch {
    return false;
  }
}

export function clearSignOutPending(storage: Storage | null): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // Nothing to clear.
  }
}

/**
 * Ends a pending sign-out with `send` (the bare signOut call), once however many callers ask at the
 * same time: resolves when there is none or it went through, rejects while the connection is missing.
 * A definite answer from the server other than success (no transient failure) also ends it: the server
 * heard the request, and a sign-out that can never succeed must not hold every later request back.
 * `exclusive` runs it alone among the browser's tabs (a Web Lock): a second tab waits for the first's
 * sign-out to come back, then finds nothing pending, instead of sending one of its own whose answer
 * (which clears the session cookie) could land after the next person has signed in.
 */
export function createPendingSignOut(
  storage: () => Storage | null,
  send: () => Promise<unknown>,
  transient: (error: unknown) => boolean,
  exclusive: (run: () => Promise<void>) => Promise<void> = (run) => run(),
) {
  let ending: Promise<void> | null = null;
  return function endPendingSignOut(): Promise<void> {
    if (!isSignOutPending(storage())) return Promise.resolve();
    ending ??= exclusive(async () => {
      if (!isSignOutPending(storage())) return;
      try {
        await send();
      } catch (error) {
        if (transient(error)) throw error;
      }
      clearSignOutPending(storage());
    }).finally(() => {
      ending = null;
    });
    return ending;
  };
}

/**
 * The app's requests on the wire. A sign-out waits until those sent before it are answered (at most
 * `timeoutMs`): a poll still in flight when the person taps "Đăng xuất" would otherwise reach the
 * server after the session ended there and come back refused (401), answered for nobody.
 */
export function createWire(base: typeof fetch) {
  let open = 0;
  const waiters = new Set<() => void>();
  const settled = () => {
    open -= 1;
    if (open > 0) return;
    for (const waiter of [...waiters]) waiter();
  };
  return {
    fetch: ((input, init) => {
      open += 1;
      let answer: Promise<Response>;
      try {
        answer = base(input, init);
      } catch (error) {
        settled();
        throw error;
      }
      return answer.finally(settled);
    }) as typeof fetch,
    /**
     * Resolves once nothing is on the wire, or after `timeoutMs`. It looks after the current task:
     * a batch of queries asked before the sign-out goes on the wire in a timer of its own.
     */
    async idle(timeoutMs: number): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (open === 0) return;
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(done);
      });
    },
  };
}
