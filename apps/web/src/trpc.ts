import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from './api';
import { isTransient } from './lib/errors';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Same origin as the page: the server (or Vite's dev proxy) answers /trpc; the session cookie rides along. */
export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: '/trpc', maxURLLength: 2000 })],
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
