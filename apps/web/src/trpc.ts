import { MutationCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, retryLink, splitLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { MAX_BATCH_CALLS, mayBatch } from '@chidao/domain';
import type { AppRouter } from './api';
import { csrfHeaders } from './lib/csrf';
import { isTransient } from './lib/errors';
import { invalidateAfter } from './lib/invalidation';
import { IDEMPOTENCY_HEADER, newIdempotencyKey, retryDelayMs, shouldRetryMutation } from './lib/idempotency';
import { createPendingSignOut, createWire, isSignOutPending, sharedStorage } from './lib/pendingSignOut';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * Sends a sign-out made without a connection, if one is pending (lib/pendingSignOut.ts): called at
 * once by the sign-out button and whenever the connection returns, and before every request of the
 * app's client. Resolves with nothing pending; rejects while the connection is missing.
 */
export let endPendingSignOut: () => Promise<void> = () => Promise.resolve();

/** Sends a pending sign-out as soon as the connection returns, before the person touches anything. */
export function watchPendingSignOut(): () => void {
  const onOnline = () => void endPendingSignOut().catch(() => undefined);
  window.addEventListener('online', onOnline);
  onOnline();
  return () => window.removeEventListener('online', onOnline);
}

/** Gives each mutation (one user action) its idempotency key, once: retries of the operation keep it. */
const idempotencyKeys: TRPCLink<AppRouter> = () => ({ op, next }) => {
  if (op.type === 'mutation' && typeof op.context.idempotencyKey !== 'string') op.context.idempotencyKey = newIdempotencyKey();
  return next(op);
};

/**
 * Holds every operation back until a sign-out made without a connection has reached the server
 * (lib/pendingSignOut.ts): nothing goes out with the previous person's session cookie before it ends.
 * While the connection is still missing the operation fails as any offline call does. Once it ends,
 * what was held back is sent only if it is a session call (who is signed in, the sign-in page's own):
 * anything else was asked by the previous person's screens (a poll, a refetch) and is dropped unsent.
 */
const afterPendingSignOut =
  (endPendingSignOut: () => Promise<void>): TRPCLink<AppRouter> =>
  () =>
  ({ op, next }) =>
    observable((observer) => {
      let inner: Unsubscribable | null = null;
      let stopped = false;
      const heldBack = isSignOutPending(sharedStorage());
      endPendingSignOut().then(
        () => {
          if (stopped) return;
          if (heldBack && !op.path.startsWith('session.')) observer.error(new TRPCClientError('Not sent: asked before a sign-out that has since ended'));
          else inner = next(op).subscribe(observer);
        },
        (error: unknown) => {
          if (!stopped) observer.error(TRPCClientError.from(error instanceof Error ? error : new Error(String(error))));
        },
      );
      return () => {
        stopped = true;
        inner?.unsubscribe();
      };
    });

/** How long a sign-out waits for the requests sent before it to be answered (a poll on a bad signal must not hold it for ever). */
const SIGN_OUT_AWAITS_MS = 10_000;

/**
 * The pending sign-out's own request: session.signOut alone, straight to the server (not held back by
 * the link above, not retried by it: a missing connection leaves it pending for the next try), once the
 * app's requests sent before it are answered (`wire`).
 */
function pendingSignOutOf(transport: { url: string; fetch?: typeof fetch }, wire: ReturnType<typeof createWire>): () => Promise<void> {
  const bare = createTRPCClient<AppRouter>({
    links: [httpLink({ ...transport, headers: () => ({ ...csrfHeaders(document.cookie), [IDEMPOTENCY_HEADER]: newIdempotencyKey() }) })],
  });
  // One tab at a time (Web Locks, where the browser has them): see createPendingSignOut.
  const exclusive = (run: () => Promise<void>): Promise<void> =>
    typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks.request('chidao-sign-out', run).then(() => undefined) : run();
  return createPendingSignOut(sharedStorage, () => wire.idle(SIGN_OUT_AWAITS_MS).then(() => bare.session.signOut.mutate()), isTransient, exclusive);
}

/**
 * index.html asks who is signed in ahead (a preload of /trpc/session.me), and the browser hands that
 * answer to the app's first request of the same address. With a sign-out pending when the page loaded,
 * that answer went out with the previous person's cookie before the sign-out could, and names them: the
 * page asks past it (the same call at another address) for as long as it lives.
 */
function pastPreload(send: typeof fetch): typeof fetch {
  return (input, init) => {
    if (typeof input === 'string' && /\/trpc\/session\.me(\?|$)/.test(input)) return send(`${input}${input.includes('?') ? '&' : '?'}afterSignOut=1`, init);
    return send(input, init);
  };
}

/**
 * Same origin as the page: the server (or Vite's dev proxy) answers /trpc; the http-only session cookie
 * rides along, and every request echoes the CSRF cookie in a header (the server refuses mutations without).
 * Mutations go one per request, each with its `Idempotency-Key`, and are retried with the same key when
 * they may not have arrived; so do the session's and intake's calls, which the server refuses in a
 * batch. Other queries are batched, at most MAX_BATCH_CALLS to a request (React Query retries those).
 * Subscriptions (the bell's live count) are server-sent events: a GET the browser's EventSource keeps
 * open and reopens by itself after a dropped connection, cookies included; a GET needs no CSRF header.
 * `fetch` is for tests.
 */
export function createClient(options: { readonly fetch?: typeof fetch } = {}) {
  const base = { url: '/trpc', ...(options.fetch ? { fetch: options.fetch } : {}) };
  const send: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const wire = createWire(isSignOutPending(sharedStorage()) ? pastPreload(send) : send);
  const transport = { url: '/trpc', fetch: wire.fetch };
  endPendingSignOut = pendingSignOutOf(base, wire);
  return createTRPCClient<AppRouter>({
    links: [
      afterPendingSignOut(() => endPendingSignOut()),
      idempotencyKeys,
      retryLink({ retry: ({ op, error, attempts }) => op.type === 'mutation' && shouldRetryMutation(error, attempts), retryDelayMs }),
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: '/trpc' }),
        false: splitLink({
          condition: (op) => op.type === 'mutation' || !mayBatch(op.path),
          true: httpLink({
            ...transport,
            headers: ({ op }) => ({
              ...csrfHeaders(document.cookie),
              ...(op.type === 'mutation' ? { [IDEMPOTENCY_HEADER]: String(op.context.idempotencyKey) } : {}),
            }),
          }),
          false: httpBatchLink({ ...transport, maxURLLength: 2000, maxItems: MAX_BATCH_CALLS, headers: () => csrfHeaders(document.cookie) }),
        }),
      }),
    ],
  });
}

/**
 * The app's query cache. What a mutation makes stale is declared once, in lib/invalidation.ts, and
 * invalidated here when it settles (after the retry link's attempts), before its own callbacks run.
 */
export function createQueryClient(): QueryClient {
  const mutationCache = new MutationCache({ onSettled: (_data, error, _variables, _context, mutation) => invalidateAfter(queryClient, mutation, error) });
  const queryClient: QueryClient = new QueryClient({
    mutationCache,
    defaultOptions: {
      queries: {
        // A broken domain rule (not found, forbidden, signed out) will not go away by asking again.
        retry: (failureCount, error) => failureCount < 2 && isTransient(error),
        staleTime: 1_000,
      },
    },
  });
  return queryClient;
}
