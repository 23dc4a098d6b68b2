import { MutationObserver, type QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { describe, expect, it } from 'vitest';
import type { AppRouter } from '../api';
import { createClient, createQueryClient } from '../trpc';
import { mutationPathOf, STALE_AFTER, staleAfter, staleFilter } from './invalidation';

// The table applied by the real query client, with the real tRPC keys: a fetch answers every call.

(globalThis as { document?: { cookie: string } }).document ??= { cookie: 'chidao_csrf=token' };

type Answer = { result: { data: unknown } } | { error: { message: string; code: number; data: Record<string, unknown> } };

function setup(answer: Answer = { result: { data: null } }) {
  const fetch = async () => new Response(JSON.stringify(answer), { status: 'error' in answer ? 409 : 200, headers: { 'content-type': 'application/json' } });
  const queryClient = createQueryClient();
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: createClient({ fetch }), queryClient });
  return { queryClient, trpc };
}

/** Caches one query per key, fresh; returns whether each is invalidated, by name. */
function seed(queryClient: QueryClient, keys: Record<string, readonly unknown[]>) {
  for (const key of Object.values(keys)) queryClient.setQueryData(key, []);
  return () => Object.fromEntries(Object.entries(keys).map(([name, key]) => [name, queryClient.getQueryState(key)?.isInvalidated ?? null]));
}

describe('the invalidation table', () => {
  it('invalidates what reports.submit makes stale, for that assignment only, before the mutation settles', async () => {
    const { queryClient, trpc } = setup();
    const invalidated = seed(queryClient, {
      history: trpc.reports.history.queryKey({ assignmentId: 'a1' }),
      otherHistory: trpc.reports.history.queryKey({ assignmentId: 'a2' }),
      periods: trpc.assignments.periods.queryKey({ assignmentId: 'a1' }),
      mine: trpc.assignments.mine.queryKey(),
      list: trpc.directives.list.queryKey(),
      inbox: trpc.escalations.inbox.queryKey(),
    });
    const observer = new MutationObserver(queryClient, trpc.reports.submit.mutationOptions());
    await observer.mutate({ assignmentId: 'a1', figures: {}, narrative: '' });
    expect(invalidated()).toEqual({ history: true, otherHistory: false, periods: true, mine: true, list: true, inbox: false });
  });

  it('invalidates after a refusal too (the state may have moved), but not when the session is gone', async () => {
    const refusal = (domainCode: string): Answer => ({ error: { message: domainCode, code: -32600, data: { code: 'CONFLICT', httpStatus: 409, domainCode } } });
    for (const [domainCode, expected] of [['ALREADY_ACKNOWLEDGED', true], ['NOT_SIGNED_IN', false]] as const) {
      const { queryClient, trpc } = setup(refusal(domainCode));
      const invalidated = seed(queryClient, { mine: trpc.assignments.mine.queryKey(), list: trpc.directives.list.queryKey() });
      const observer = new MutationObserver(queryClient, trpc.assignments.acknowledge.mutationOptions());
      await expect(observer.mutate({ assignmentId: 'a1' })).rejects.toThrow(domainCode);
      expect(invalidated()).toEqual({ mine: expected, list: expected });
    }
  });

  it('leaves the cache alone for mutations that change nothing shown, and for mutations outside tRPC', async () => {
    const { queryClient, trpc } = setup();
    const invalidated = seed(queryClient, { list: trpc.directives.list.queryKey() });
    await new MutationObserver(queryClient, trpc.intake.parse.mutationOptions()).mutate({ text: 'Công văn' });
    await new MutationObserver(queryClient, { mutationFn: async () => null }).mutate();
    expect(invalidated()).toEqual({ list: false });
  });

  it('matches tRPC keys: a router prefix covers its procedures, an input matches partially', () => {
    const { trpc } = setup();
    expect(staleFilter({ path: 'directives' }).queryKey).toEqual(trpc.directives.pathKey());
    expect(staleFilter({ path: 'escalations.inbox' }).queryKey).toEqual(trpc.escalations.inbox.pathKey());
    expect(staleFilter({ path: 'reports.history', input: { assignmentId: 'a1' } }).queryKey).toEqual([['reports', 'history'], { input: { assignmentId: 'a1' } }]);
    expect(mutationPathOf({ options: trpc.reports.review.mutationOptions() })).toBe('reports.review');
    expect(mutationPathOf({ options: { mutationKey: [['reports', 'history']] } })).toBeNull();
    expect(mutationPathOf({ options: {} })).toBeNull();
  });

  it('lists every mutation, each with a rule that runs on its input', () => {
    for (const path of Object.keys(STALE_AFTER) as Array<keyof typeof STALE_AFTER>) {
      for (const stale of staleAfter(path, { assignmentId: 'a1' }, null)) expect(stale.input ?? { assignmentId: 'a1' }).toEqual({ assignmentId: 'a1' });
    }
    expect(staleAfter('reports.review', { assignmentId: 'a1', version: 1, decision: 'accept' }, null).map((s) => s.path)).toEqual([
      'reports.history',
      'assignments.timeline',
      'directives',
      // An accepted report moves a task into a done bucket of the statistics.
      'statistics',
      // ... and no longer counts as pending in the figures a unit above owes from its rollup.
      'chains',
    ]);
  });
});
