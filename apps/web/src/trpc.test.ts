import { describe, expect, it } from 'vitest';
import { MAX_BATCH_CALLS } from '@chidao/domain';
import { createClient } from './trpc';

// What the client sends, with a fetch that records each request and answers every call with null.

describe('the API client', () => {
  it(`batches reads ${MAX_BATCH_CALLS} at most to a request, and sends session.* and intake.* calls alone`, async () => {
    (globalThis as { document?: { cookie: string } }).document ??= { cookie: 'chidao_csrf=token' };
    const sent: Array<{ method: string; path: string; batch: boolean }> = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const path = decodeURIComponent(url.pathname.slice('/trpc/'.length));
      const batch = url.searchParams.get('batch') === '1';
      sent.push({ method: init?.method ?? 'GET', path, batch });
      const body = batch ? path.split(',').map(() => ({ result: { data: null } })) : { result: { data: null } };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    };
    const client = createClient({ fetch });
    await Promise.all([
      client.session.me.query(),
      ...Array.from({ length: MAX_BATCH_CALLS + 2 }, () => client.directives.list.query()),
      client.session.demoAccounts.query(),
      client.intake.parse.mutate({ text: 'Công văn' }),
    ]);
    const batches = sent.filter((r) => r.batch);
    expect(batches.map((r) => r.path.split(',').length).sort((a, b) => b - a)).toEqual([MAX_BATCH_CALLS, 2]);
    expect(batches.every((r) => r.path.split(',').every((p) => p === 'directives.list'))).toBe(true);
    expect(sent.filter((r) => !r.batch).map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET session.demoAccounts', 'GET session.me', 'POST intake.parse']);
  });
});
