import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from './api';
import { csrfHeaders } from './lib/csrf';
import { isTransient } from './lib/errors';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * Same origin as the page: the server (or Vite's dev proxy) answers /trpc; the http-only session cookie
 * rides along, and every request echoes the CSRF cookie in a header (the server refuses mutations without).
 */
export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: '/trpc', maxURLLength: 2000, headers: () => csrfHeaders(document.cookie) })],
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
