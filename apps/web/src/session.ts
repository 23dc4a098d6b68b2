import { hashKey, useQuery, useQueryClient, type Query } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import type { Me } from './api';
import { clearDevice, deviceDrafts } from './device';
import {
  forgetDraftsExcept,
  forgetEndedSession,
  parseSessionMessage,
  readEndedSession,
  recordEndedSession,
  stayOnPageAfterSignIn,
  type SessionMessage,
} from './lib/drafts';
import { isSignedOutError } from './lib/errors';
import { hrefFor } from './lib/route';
import { markSignOutPending, sharedStorage } from './lib/pendingSignOut';
import { endPendingSignOut, useTRPC } from './trpc';

/** Who is signed in: `session.me`, null for a visitor (show the sign-in screen). */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.session.me.queryOptions(undefined, { retry: false, staleTime: Infinity }));
}

/** The tab's own storage (the ended session); null where the browser refuses it. */
export function tabStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
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

const CHANNEL = 'chidao-session';
const STORAGE_EVENT_KEY = 'chidao.sessionMessage';

/**
 * Tells the browser's other tabs that this one signed in or out: through a BroadcastChannel, or where
 * there is none through localStorage, whose `storage` event reaches the other tabs.
 */
function tellOtherTabs(message: SessionMessage): void {
  if (typeof BroadcastChannel !== 'undefined') {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage(message);
    channel.close();
    return;
  }
  try {
    // The time makes each message a change, so the same message twice is heard twice.
    window.localStorage.setItem(STORAGE_EVENT_KEY, JSON.stringify({ ...message, at: Date.now() }));
  } catch {
    // The other tabs then learn of it at their next failed call.
  }
}

function listenToOtherTabs(onMessage: (message: SessionMessage) => void): () => void {
  if (typeof BroadcastChannel !== 'undefined') {
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event: MessageEvent) => {
      const message = parseSessionMessage(event.data);
      if (message) onMessage(message);
    };
    return () => channel.close();
  }
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_EVENT_KEY || event.newValue === null) return;
    try {
      const message = parseSessionMessage(JSON.parse(event.newValue));
      if (message) onMessage(message);
    } catch {
      // Not ours to read.
    }
  };
  window.addEventListener('storage', onStorage);
  return () => window.removeEventListener('storage', onStorage);
}

/** Sends the tab to the home page without a history entry (Back does not lead to the previous person's page). */
function goHome(): void {
  const home = hrefFor({ name: 'home' });
  if (window.location.hash !== home) window.location.replace(home);
}

/**
 * What follows a sign-in, in this tab or another: the same person whose session ended here stays on
 * the page they were on, with their kept drafts; anyone else lands on their home page, and every
 * other person's drafts are forgotten.
 */
function arrive(userId: string): void {
  forgetDraftsExcept(deviceDrafts, userId);
  const storage = tabStorage();
  if (!storage) return;
  if (!stayOnPageAfterSignIn(readEndedSession(storage), userId)) goHome();
  forgetEndedSession(storage);
}

/** After a successful sign-in in this tab: where to land, tell the other tabs, and read the new session. */
export function useSignedIn(): (userId: string) => Promise<void> {
  const sessionChanged = useSessionChanged();
  return useCallback(
    async (userId: string) => {
      arrive(userId);
      tellOtherTabs({ type: 'signedIn', userId });
      await sessionChanged();
    },
    [sessionChanged],
  );
}

/**
 * Signing out in this tab, with or without a connection: the sign-out is recorded as pending first, so
 * nothing goes out with this person's session cookie before it ends (lib/pendingSignOut.ts, trpc.ts).
 * Then, at once and without asking the server, the sign-in page shows (the person meant it: no
 * "session ended" notice), the tab goes to the home page for whoever signs in next, the other tabs are
 * told, and the device is cleared in this one place (clearDevice: the task list, the unsent actions and
 * every form's draft; a phone may be shared). Last, the sign-out is sent; offline it waits for the
 * connection, and every request waits for it.
 */
export function useSignedOut(): (userId: string) => void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (userId: string) => {
      markSignOutPending(sharedStorage());
      const storage = tabStorage();
      if (storage) forgetEndedSession(storage);
      goHome();
      tellOtherTabs({ type: 'signedOut', userId });
      // Nobody is signed in from now on (the sign-in page shows), then the previous person's answers go.
      const meKey = trpc.session.me.queryKey();
      queryClient.setQueryData(meKey, null);
      const kept = new Set([hashKey(meKey), hashKey(trpc.session.demoAccounts.queryKey())]);
      void queryClient.cancelQueries({ predicate: (query) => !kept.has(query.queryHash) });
      queryClient.removeQueries({ predicate: (query) => !kept.has(query.queryHash) });
      clearDevice();
      void endPendingSignOut().catch(() => undefined);
    },
    [trpc, queryClient],
  );
}

/**
 * The session ending underneath the page leads back to sign-in, which says why: any call that finds
 * the session gone (expired cookie, signed out in another tab), or another tab saying it signed out.
 * The page's address and the forms' drafts stay, so the same person comes back to them. Another tab
 * signing in takes this one along.
 */
export function useSignedOutWatcher(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessionChanged = useSessionChanged();
  useEffect(() => {
    const meKey = trpc.session.me.queryKey();
    const isMe = (query: Query) => queryClient.getQueryCache().find({ queryKey: meKey, exact: true }) === query;
    const signedInAs = () => queryClient.getQueryData<Me | null>(meKey) ?? null;
    const meIsSignedOut = () => {
      const me = queryClient.getQueryState(meKey);
      return me?.fetchStatus === 'fetching' || me?.data === null;
    };
    const ended = () => {
      const me = signedInAs();
      const storage = tabStorage();
      if (me && storage) recordEndedSession(storage, { userId: me.id });
      void sessionChanged();
    };
    const onError = (error: unknown) => {
      if (isSignedOutError(error) && !meIsSignedOut()) ended();
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error' && !isMe(event.query)) onError(event.action.error);
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    const stopListening = listenToOtherTabs((message) => {
      const me = signedInAs();
      if (message.type === 'signedOut') {
        if (me !== null) ended();
      } else if (me?.id !== message.userId) {
        arrive(message.userId);
        void sessionChanged();
      }
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
      stopListening();
    };
  }, [trpc, queryClient, sessionChanged]);
}
