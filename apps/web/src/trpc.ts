import { MutationCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, retryLink, splitLink, type TRPCLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { MAX_BATCH_CALLS, mayBatch } from '@chidao/domain';
import type { AppRouter } from './api';
import { csrfHeaders } from './lib/csrf';
import { isTransient } from './lib/errors';
import { invalidateAfter } from './lib/invalidation';
import { IDEMPOTENCY_HEADER, newIdempotencyKey, retryDelayMs, shouldRetryMutation } from './lib/idempotency';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Gives each mutation (one user action) its idempotency key, once: retries of the operation keep it. */
const idempotencyKeys: TRPCLink<AppRouter> = () => ({ op, next }) => {
  if (op.type === 'mutation' && typeof op.context.idempotencyKey !== 'string') op.context.idempotencyKey = newIdempotencyKey();
  return next(op);
};

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
  const transport = { url: '/trpc', ...(options.fetch ? { fetch: options.fetch } : {}) };
  return createTRPCClient<AppRouter>({
    links: [
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
