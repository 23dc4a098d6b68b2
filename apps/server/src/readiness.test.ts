import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Connection, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, createRepositories, type Db } from '@chidao/db';
import { startTestCluster, type TestCluster } from '@chidao/db/testing';
import { DEFAULT_AUTH_POLICY } from '@chidao/domain';
import { createIntakePool } from '@chidao/intake';
import { connectSharedTemporal, eventually, freePort, startLocalTemporal } from '@chidao/testing';
import { createHttpServer } from './http';
import { testFileStore } from '@chidao/api/testing';
import { readinessChecks } from './readiness';
import { createLog } from './log';

// /readyz against a real PostgreSQL (a cluster of this file's own, so that it can be stopped) and a
// real Temporal server; and what a client gets from the API while the database is down.

let cluster: TestCluster;
let db: Db;
let temporal: Awaited<ReturnType<typeof startLocalTemporal>>;
/** As the server's main makes it: one attempt per probe, no retries. */
let probeConnection: Connection;
const servers: Server[] = [];
const intake = createIntakePool();
/** What the servers logged, one object a line, as a log collector reads standard output. */
const logged: Array<Record<string, unknown>> = [];
const log = createLog('INFO', { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });

beforeAll(async () => {
  [cluster, temporal] = await Promise.all([startTestCluster(), connectSharedTemporal().then((shared) => shared ?? startLocalTemporal())]);
  db = createDb(cluster.adminUrl);
  probeConnection = Connection.lazy({ address: temporal.address, interceptors: [] });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await intake.close();
  await probeConnection.close();
  await db.close().catch(() => undefined);
  await cluster.stop().catch(() => undefined);
  await temporal.teardown();
});

async function serve(connection: Connection): Promise<string> {
  const server = createHttpServer({
    context: {
      repos: createRepositories(db),
      temporal: { client: undefined as unknown as Client, taskQueue: 'unused' },
      intake,
      files: testFileStore(),
      devSignIn: false,
      auth: { policy: DEFAULT_AUTH_POLICY, now: () => new Date() },
    },
    cookies: { secure: 'auto', trustProxy: false },
    log,
    readiness: { checks: readinessChecks({ db, connection }) },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readyz(base: string) {
  const response = await fetch(`${base}/readyz`);
  return { status: response.status, requestId: response.headers.get('x-request-id'), body: (await response.json()) as Record<string, unknown> };
}

describe('/readyz', () => {
  it('is ready when PostgreSQL and Temporal both answer', async () => {
    const answer = await readyz(await serve(probeConnection));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ready', checks: { postgresql: 'ok', temporal: 'ok' }, requestId: answer.requestId });
  });

  it('is 503 naming Temporal when nothing answers at its address', async () => {
    const nowhere = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [] });
    try {
      const answer = await readyz(await serve(nowhere));
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ status: 'unavailable', failed: ['temporal'], checks: { postgresql: 'ok', temporal: 'unavailable' } });
    } finally {
      await nowhere.close();
    }
  });

  describe('with PostgreSQL stopped', () => {
    let base: string;
    beforeAll(async () => {
      base = await serve(probeConnection);
      await cluster.stop();
    });

    it('is 503 naming PostgreSQL, while /healthz stays alive', async () => {
      const answer = await readyz(base);
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ status: 'unavailable', failed: ['postgresql'], checks: { postgresql: 'unavailable', temporal: 'ok' }, requestId: answer.requestId });
      const health = await fetch(`${base}/healthz`);
      expect([health.status, await health.text()]).toEqual([200, 'ok']);
    });

    it("answers an API call with a server fault that names the request's id, as its header does", async () => {
      // A session cookie: reading the session is the request's first use of the database.
      const response = await fetch(`${base}/trpc/session.me`, { headers: { cookie: 'chidao_session=some-session-token' } });
      const body = (await response.json()) as { error: { message: string; data: { requestId: string | null; httpStatus: number } } };
      const requestId = response.headers.get('x-request-id');
      expect(response.status).toBe(500);
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.error.data.requestId).toBe(requestId);
      expect(body.error.message).toBe(`Request ${requestId} failed`);
      // The log has the cause under the same id, and the access line its outcome.
      await eventually(async () => {
        const lines = logged.filter((line) => line.requestId === requestId);
        expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'request failed', procedure: 'session.me' }));
        expect(lines).toContainEqual(expect.objectContaining({ level: 'info', msg: 'request', method: 'GET', path: '/trpc/session.me', status: 500 }));
      });
    });
  });
});
