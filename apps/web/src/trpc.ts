import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, retryLink, splitLink, type TRPCLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from './api';
import { csrfHeaders } from './lib/csrf';
import { isTransient } from './lib/errors';
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
 * they may not have arrived; queries are batched (React Query retries those).
 */
export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [
      idempotencyKeys,
      retryLink({ retry: ({ op, error, attempts }) => op.type === 'mutation' && shouldRetryMutation(error, attempts), retryDelayMs }),
      splitLink({
        condition: (op) => op.type === 'mutation',
        true: httpLink({
          url: '/trpc',
          headers: ({ op }) => ({ ...csrfHeaders(document.cookie), [IDEMPOTENCY_HEADER]: String(op.context.idempotencyKey) }),
        }),
        false: httpBatchLink({ url: '/trpc', maxURLLength: 2000, headers: () => csrfHeaders(document.cookie) }),
      }),
    ],
  });
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A broken domain rule (not found, forbidden, signed out) will not go away by asking again.
        retry: (failureCount, error) => failureCount < 2 && isTransient(error),
        staleTime: 1_000,
      },
    },
  });
}
