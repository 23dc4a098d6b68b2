import { dehydrate, hydrate, useQueryClient, type DehydratedState, type Query, type QueryClient } from '@tanstack/react-query';
import type { inferRouterInputs } from '@trpc/server';
import { clear, createStore, del, delMany, entries as storedEntries, getMany, set, setMany, type UseStore } from 'idb-keyval';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { AppRouter, Assignment, Me } from './api';
import { newIdempotencyKey } from './lib/idempotency';
import { staleAfter, staleFilter, type MutationPath } from './lib/invalidation';
import { DRAFT_PREFIX, draftKey, type DraftStore } from './lib/drafts';
import { enqueue, latestFor, mergeStored, outcomeOf, revive, toSend, update, type OutboxEntry, type OutboxKind } from './lib/outbox';
import { refusedFields } from './lib/report';
import { useTRPC, useTRPCClient } from './trpc';

/**
 * What the app keeps on the phone (issue 22, "bad signal tolerated"), in IndexedDB, mirrored in memory
 * so screens read it synchronously:
 * - the home page's queries as last answered, with the person they belong to (`snapshot`), so the task
 *   list opens offline and says when it was fetched;
 * - the outbox: acknowledgements and reports waiting to be sent (lib/outbox.ts), each entry under its
 *   own key (`outbox:<Idempotency-Key>`), so two tabs of the app never overwrite each other's entries;
 * - every form's unsent input (`draft:<user>:<form>`, lib/drafts.ts): a report form's until the report
 *   is sent, a reason's until sent or cancelled, the issue form's until the directive is issued.
 * Signing out clears all of it, here and only here (clearDevice; a phone may be shared). Where IndexedDB is missing or refuses (a
 * private window in some browsers) the app works from memory alone.
 */

type Inputs = inferRouterInputs<AppRouter>;
export type AcknowledgeInput = Inputs['assignments']['acknowledge'];
export type ReportInput = Inputs['reports']['submit'];

export interface Snapshot {
  readonly userId: string;
  /** The home page's queries as last answered (React Query's dehydrated form), each with its time. */
  readonly queries: DehydratedState;
}

/**
 * The queries kept: what the home page and a task's card ask (who is signed in, the person's tasks
 * and everything a card shows, the report form's definitions), so the page opens offline as it was
 * last seen. Other pages are not kept: they need the connection.
 */
const KEPT = new Set([
  'session.me',
  'assignments.mine',
  'assignments.search',
  'assignments.periods',
  'assignments.requests',
  'assignments.timeline',
  'reports.history',
  'reports.contributions',
  'directives.list',
  'directives.search',
  'directives.overview',
  'directives.rollup',
  'escalations.inbox',
  'notifications.list',
]);

/** A tRPC query's path from its key (`[['router', 'procedure'], { input, type }]`). */
function pathOf(queryKey: readonly unknown[]): string {
  const [path] = queryKey;
  return Array.isArray(path) ? path.join('.') : '';
}

const kept = (query: Query) => query.state.status === 'success' && KEPT.has(pathOf(query.queryKey));

const SNAPSHOT = 'snapshot';
/** Where the whole outbox was kept as one array before entries had keys of their own: read once, then moved. */
const LEGACY_OUTBOX = 'outbox';
const OUTBOX_ENTRY = 'outbox:';
/** How long a sent entry still shows "Đã gửi lúc …" on its card after a reload. */
const SENT_SHOWN_MS = 24 * 3_600_000;

let idb: UseStore | null = null;
function store(): UseStore | null {
  if (idb === null && typeof indexedDB !== 'undefined') idb = createStore('chidao', 'device');
  return idb;
}

/** Writes are queued one after another, so an older value never lands after a newer one. */
let writing: Promise<unknown> = Promise.resolve();
function write(action: (s: UseStore) => Promise<unknown>): void {
  const s = store();
  if (!s) return;
  writing = writing.then(() => action(s)).catch(() => undefined);
}

let snapshot: Snapshot | null = null;
let outbox: OutboxEntry[] = [];
const drafts = new Map<string, unknown>();
const listeners = new Set<() => void>();
let version = 0;
/** Bumped by clearDevice: a save planned before signing out must not write the old person back. */
let generation = 0;

function changed(): void {
  version += 1;
  for (const listener of listeners) listener();
}

/** Reads the device's store into memory; called once before the app renders. */
export async function loadDevice(now = Date.now()): Promise<void> {
  const s = store();
  if (!s) return;
  // Other tabs' changes are heard from the start, not only once this tab changed its own.
  tabs();
  try {
    const stored: unknown[] = [];
    let legacy: OutboxEntry[] = [];
    for (const [key, value] of await storedEntries<IDBValidKey, unknown>(s)) {
      if (key === SNAPSHOT) snapshot = isSnapshot(value) ? value : null;
      else if (key === LEGACY_OUTBOX) legacy = revive(value);
      else if (typeof key === 'string' && key.startsWith(OUTBOX_ENTRY)) stored.push(value);
      else if (typeof key === 'string' && key.startsWith(DRAFT_PREFIX)) drafts.set(key, value);
    }
    const all = [...revive(stored), ...legacy.filter((l) => !stored.some((e) => (e as { key?: unknown }).key === l.key))].sort((a, b) => a.createdAt - b.createdAt);
    const shown = (e: OutboxEntry) => e.state !== 'sent' || now - (e.sentAt ?? 0) < SENT_SHOWN_MS;
    outbox = all.filter(shown);
    const gone = all.filter((e) => !shown(e)).map((e) => OUTBOX_ENTRY + e.key);
    if (legacy.length > 0) write((st) => setMany(legacy.filter(shown).map((e) => [OUTBOX_ENTRY + e.key, e]), st));
    if (gone.length > 0 || legacy.length > 0) write((st) => delMany([...gone, ...(legacy.length > 0 ? [LEGACY_OUTBOX] : [])], st));
  } catch {
    // An unreadable store is an empty one: the app works online as before.
  }
}

function isSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const queries = v.queries as Record<string, unknown> | null | undefined;
  return typeof v.userId === 'string' && typeof queries === 'object' && queries !== null && Array.isArray(queries.queries) && Array.isArray(queries.mutations);
}

export function savedSnapshot(): Snapshot | null {
  return snapshot;
}

function saveSnapshot(next: Snapshot | null): void {
  snapshot = next;
  write((s) => (next ? set(SNAPSHOT, next, s) : del(SNAPSHOT, s)));
}

/** Signing out: the next person on this phone finds nothing of the last one's. */
export function clearDevice(): void {
  generation += 1;
  snapshot = null;
  outbox = [];
  drafts.clear();
  write((s) => clear(s));
  changed();
}

/**
 * Sets the outbox to `next`: only the entries that changed are written and the removed ones deleted,
 * each under its own key, and the app's other tabs are told which (they read those keys again).
 */
function commit(next: OutboxEntry[]): void {
  const before = new Map(outbox.map((e) => [e.key, e]));
  const changedEntries = next.filter((e) => before.get(e.key) !== e);
  const removed = [...before.keys()].filter((key) => !next.some((e) => e.key === key));
  outbox = next;
  if (changedEntries.length > 0) write((s) => setMany(changedEntries.map((e) => [OUTBOX_ENTRY + e.key, e]), s));
  if (removed.length > 0) write((s) => delMany(removed.map((key) => OUTBOX_ENTRY + key), s));
  const keys = [...changedEntries.map((e) => e.key), ...removed];
  if (keys.length > 0) void writing.then(() => tabs()?.postMessage({ keys }));
  changed();
}

const TABS = 'chidao-outbox';
/** Held by the tab that is sending the outbox (Web Locks). */
const SENDING_LOCK = 'chidao-outbox-sending';
let channel: BroadcastChannel | null | undefined;
/** The channel to this app's other tabs (none where the browser has no BroadcastChannel). */
function tabs(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(TABS);
    channel?.addEventListener('message', (event: MessageEvent<{ keys?: unknown }>) => {
      const keys = Array.isArray(event.data?.keys) ? event.data.keys.filter((k): k is string => typeof k === 'string').slice(0, 1_000) : [];
      const s = store();
      if (keys.length === 0 || !s) return;
      // Read after this tab's own writes, so what is read is what the other tab left.
      writing = writing.then(async () => {
        const values = await getMany<unknown>(keys.map((k) => OUTBOX_ENTRY + k), s);
        const stored = new Map(revive(values.filter((v) => v !== undefined)).map((e) => [e.key, e]));
        outbox = mergeStored(outbox, keys, stored);
        changed();
      }).catch(() => undefined);
    });
  }
  return channel;
}


function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders on every change of the outbox or the drafts. */
function useDeviceVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}

/** The person's latest outbox entry of `kind` for a task, kept current. */
export function useOutboxEntry(userId: string, assignmentId: string, kind: OutboxKind): OutboxEntry | null {
  useDeviceVersion();
  return latestFor(outbox, userId, assignmentId, kind);
}

/** Whether the browser believes it has a connection (it says so at once when the signal goes). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener('online', listener);
      window.addEventListener('offline', listener);
      return () => {
        window.removeEventListener('online', listener);
        window.removeEventListener('offline', listener);
      };
    },
    () => navigator.onLine,
  );
}

/**
 * The drafts of every form (lib/drafts.ts), read from memory at once and written through to IndexedDB,
 * so a closed tab or a reload finds them: the one store the forms keep their input in.
 */
export const deviceDrafts: DraftStore = {
  get: (key) => drafts.get(key),
  set: (key, value) => {
    drafts.set(key, value);
    write((s) => set(key, value, s));
  },
  delete: (key) => {
    if (drafts.delete(key)) write((s) => del(key, s));
  },
  keys: () => [...drafts.keys()],
};

/** A form's draft as the form kept it (a report form's `form` is its assignment's id). */
export function loadDraft(userId: string, form: string): unknown {
  return deviceDrafts.get(draftKey(userId, form));
}

export function saveDraft(userId: string, form: string, value: unknown): void {
  deviceDrafts.set(draftKey(userId, form), value);
}

export function removeDraft(userId: string, form: string): void {
  deviceDrafts.delete(draftKey(userId, form));
}

/** Puts the snapshot in the query cache before the first render, each query as of when it was fetched. */
export function seedQueries(queryClient: QueryClient, meKey: readonly unknown[]): void {
  if (!snapshot) return;
  try {
    hydrate(queryClient, snapshot.queries);
  } catch {
    return;
  }
  // Who is signed in is asked again at once: the session may have ended since (the answer replaces this).
  void queryClient.invalidateQueries({ queryKey: meKey, exact: true, refetchType: 'none' });
}

/** Writes to the device at most this often while answers arrive (the list polls every few seconds). */
const SAVE_AFTER_MS = 1_000;

/**
 * Keeps the snapshot current: shortly after kept queries get new answers, they are written with the
 * person they belong to (`me` undefined: not known yet). A session found ended drops the snapshot
 * (the queue stays: it is sent after signing in again).
 */
export function useSnapshotKeeper(me: Me | null | undefined): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (me === undefined) return;
    if (me === null) {
      if (snapshot) saveSnapshot(null);
      return;
    }
    let timer: number | undefined;
    const planned = generation;
    const save = () => {
      timer = undefined;
      if (planned !== generation) return;
      saveSnapshot({ userId: me.id, queries: dehydrate(queryClient, { shouldDehydrateQuery: kept, shouldDehydrateMutation: () => false }) });
    };
    save();
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success' && KEPT.has(pathOf(event.query.queryKey)) && timer === undefined) {
        timer = window.setTimeout(save, SAVE_AFTER_MS);
      }
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [me, queryClient]);
}

/** Puts a tapped action in the outbox with its Idempotency-Key; the sender sends it when it can. */
export function useEnqueue(): (userId: string, kind: OutboxKind, assignmentId: string, input: AcknowledgeInput | ReportInput) => OutboxEntry {
  const wake = useWake();
  return useCallback(
    (userId, kind, assignmentId, input) => {
      const added = enqueue(outbox, { key: newIdempotencyKey(), userId, kind, assignmentId, input, createdAt: Date.now(), state: 'pending' });
      if (!outbox.some((e) => e.key === added.entry.key)) commit(added.entries);
      wake();
      return added.entry;
    },
    [wake],
  );
}

const wakers = new Set<() => void>();
function useWake(): () => void {
  return useCallback(() => {
    for (const waker of wakers) waker();
  }, []);
}

/** How often waiting entries are tried again while the browser believes it is online (bad signal). */
const RETRY_MS = 15_000;

/**
 * Sends the signed-in person's waiting actions: at once, when the connection returns, and every
 * RETRY_MS while some wait. One at a time, oldest first, each with its own key. A session found ended
 * asks the person to sign in (`onSignedOut`); the entries wait for them.
 */
export function useOutboxSender(me: Me | null, onSignedOut: () => void): void {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (me === null) return;
    let stopped = false;
    let running = false;
    const invalidate = (path: MutationPath, input: unknown) =>
      Promise.all(staleAfter(path, input, null).map((s) => queryClient.invalidateQueries(staleFilter(s))));
    const sendOne = async (entry: OutboxEntry): Promise<boolean> => {
      commit(update(outbox, entry.key, (e) => ({ ...e, state: 'sending' })));
      const path: MutationPath = entry.kind === 'acknowledge' ? 'assignments.acknowledge' : 'reports.submit';
      try {
        const options = { context: { idempotencyKey: entry.key } };
        if (entry.kind === 'acknowledge') {
          const updated = await client.assignments.acknowledge.mutate(entry.input as AcknowledgeInput, options);
          queryClient.setQueryData(trpc.assignments.mine.queryKey(), (list) => list?.map((a) => (a.id === updated.id ? updated : a)));
          // Every page of the task list that shows it, whatever its filters.
          queryClient.setQueriesData<{ items: Assignment[] }>({ queryKey: trpc.assignments.search.pathKey() }, (found) =>
            found ? { ...found, items: found.items.map((a) => (a.id === updated.id ? updated : a)) } : found,
          );
          commit(update(outbox, entry.key, (e) => ({ ...e, state: 'sent', sentAt: Date.now() })));
        } else {
          const result = await client.reports.submit.mutate(entry.input as ReportInput, options);
          removeDraft(entry.userId, entry.assignmentId);
          commit(update(outbox, entry.key, (e) => ({ ...e, state: 'sent', sentAt: Date.now(), receipt: { version: result.version, period: result.period } })));
        }
        void invalidate(path, entry.input);
        return true;
      } catch (error) {
        const outcome = outcomeOf(entry.kind, error);
        switch (outcome.kind) {
          case 'retry':
            commit(update(outbox, entry.key, (e) => ({ ...e, state: 'pending' })));
            return false;
          case 'signedOut':
            commit(update(outbox, entry.key, (e) => ({ ...e, state: 'pending' })));
            onSignedOut();
            return false;
          case 'done':
            commit(update(outbox, entry.key, (e) => ({ ...e, state: 'sent', sentAt: Date.now() })));
            void invalidate(path, entry.input);
            return true;
          case 'refused':
            // The task changed meanwhile: the list is read again so the card shows why; a report's
            // draft stays, so nothing typed is lost.
            const fields = entry.kind === 'report' ? refusedFields(error) : null;
            commit(update(outbox, entry.key, (e) => ({ ...e, state: 'refused', code: outcome.code, ...(fields ? { fields } : {}) })));
            void invalidate(path, entry.input);
            return true;
        }
      }
    };
    const sendAll = async () => {
      for (const entry of toSend(outbox, me.id)) {
        if (stopped || !(await sendOne(entry))) break;
      }
    };
    const flush = async () => {
      if (running || stopped || !navigator.onLine) return;
      running = true;
      try {
        // One tab of this browser sends at a time: two sending the same entry (same key) would make
        // the second wait on the first's answer (REQUEST_IN_PROGRESS). A tab that finds another
        // sending leaves it: it hears the outcomes from that tab and tries again on its next turn.
        if (typeof navigator.locks === 'undefined') await sendAll();
        else await navigator.locks.request(SENDING_LOCK, { ifAvailable: true }, async (lock) => (lock ? sendAll() : undefined));
      } finally {
        running = false;
      }
    };
    const wake = () => void flush();
    wakers.add(wake);
    window.addEventListener('online', wake);
    const timer = window.setInterval(wake, RETRY_MS);
    wake();
    return () => {
      stopped = true;
      wakers.delete(wake);
      window.removeEventListener('online', wake);
      window.clearInterval(timer);
    };
  }, [me, client, trpc, queryClient, onSignedOut]);
}
