import { hashKey, useQuery, useQueryClient, type Query } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { isSignedOutError } from './lib/errors';
import { useTRPC } from './trpc';

/** Who is signed in: `session.me`, null for a visitor (show the sign-in screen). */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.session.me.queryOptions(undefined, { retry: false, staleTime: Infinity }));
}

/**
 * After signing in or out: forget everything the previous user saw, then ask again who is signed in.
 * Resetting `me` first puts the app in its loading state, so no screen renders the dropped data.
 */
export function useSessionChanged(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    const meKey = trpc.session.me.queryKey();
    const kept = new Set([hashKey(meKey), hashKey(trpc.session.demoAccounts.queryKey())]);
    const keep = (query: Query) => kept.has(query.queryHash);
    const reset = queryClient.resetQueries({ queryKey: meKey, exact: true });
    queryClient.removeQueries({ predicate: (query) => !keep(query) });
    await reset;
  }, [trpc, queryClient]);
}

/** Any call that finds the session gone (expired cookie, signed out in another tab) leads back to sign-in. */
export function useSignedOutWatcher(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessionChanged = useSessionChanged();
  useEffect(() => {
    const meKey = trpc.session.me.queryKey();
    const isMe = (query: Query) => queryClient.getQueryCache().find({ queryKey: meKey, exact: true }) === query;
    const meIsSignedOut = () => {
      const me = queryClient.getQueryState(meKey);
      return me?.fetchStatus === 'fetching' || me?.data === null;
    };
    const onError = (error: unknown) => {
      if (isSignedOutError(error) && !meIsSignedOut()) void sessionChanged();
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error' && !isMe(event.query)) onError(event.action.error);
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [trpc, queryClient, sessionChanged]);
}
