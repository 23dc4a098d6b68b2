import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@chidao/db';
import { startTestCluster, type TestCluster } from '@chidao/db/testing';
import { startLocalTemporal } from '@chidao/testing';
import { testWorkflowBundle } from '@chidao/workflows/testing';

// The worker process as production runs it (src/main.ts), against a real Temporal server and a
// PostgreSQL of this file's own that becomes unreachable under it: stopped, or cut off by the network
// (packets dropped: connections neither answer nor fail). SIGTERM must still end it, by itself.

/**
 * A TCP relay to PostgreSQL that can be cut as a network partition cuts: from then on, bytes either
 * way are dropped and new connections are accepted and never answered; nothing is closed.
 */
function partitionableRelay(target: { host: string; port: number }) {
  let cut = false;
  const sockets = new Set<Socket>();
  // Half-open allowed: a client's FIN gets no FIN back, as from a host that is gone.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    if (cut) return;
    const upstream = connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('error', () => undefined);
    client.on('data', (chunk) => void (cut || upstream.write(chunk)));
    upstream.on('data', (chunk) => void (cut || client.write(chunk)));
    client.on('close', () => void (cut || upstream.destroy()));
    upstream.on('close', () => void (cut || client.destroy()));
  });
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))),
    cut: () => {
      cut = true;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
let cluster: TestCluster;
let temporal: Awaited<ReturnType<typeof startLocalTemporal>>;
let dir: string;
const workers: ChildProcess[] = [];
const relays: Array<{ close(): void }> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chidao-worker-shutdown-'));
  const [started, env, bundle] = await Promise.all([startTestCluster(), startLocalTemporal(), testWorkflowBundle()]);
  [cluster, temporal] = [started, env];
  writeFileSync(join(dir, 'workflows.js'), bundle.code);
  await migrate(cluster.adminUrl);
});

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  for (const relay of relays) relay.close();
  await cluster?.stop().catch(() => undefined);
  await temporal?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the worker on `databaseUrl`, waits until it polls, makes the database unreachable, then SIGTERM: how it ended and what it logged. */
async function shutdownAfter(databaseUrl: string, unreachable: () => Promise<void> | void) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: `shutdown-${Date.now().toString(36)}`,
      WORKER_WORKFLOW_BUNDLE: join(dir, 'workflows.js'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  const lines: Array<Record<string, unknown>> = [];
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n')) {
      const line = text.slice(0, end);
      text = text.slice(end + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ msg: line });
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Polling: its connections to both are open.
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (lines.some((line) => line.msg === 'polling')) {
        clearInterval(poll);
        resolve();
      }
    }, 100);
    void exited.then(({ code }) => {
      clearInterval(poll);
      reject(new Error(`the worker exited with ${code} before polling: ${JSON.stringify(lines)}`));
    });
  });
  await unreachable();
  child.kill('SIGTERM');
  return { ended: await exited, lines };
}

describe('a worker whose database becomes unreachable', () => {
  it('cut off by the network (nothing answers, nothing fails): SIGTERM still ends it, by itself', async () => {
    const url = new URL(cluster.adminUrl);
    const relay = partitionableRelay({ host: '127.0.0.1', port: Number(url.port) });
    relays.push(relay);
    url.port = String(await relay.listen());
    url.searchParams.delete('host');
    const { ended, lines } = await shutdownAfter(url.toString(), () => relay.cut());
    // Bounded by the worker itself (its shutdown budget), well inside this test's timeout; the log
    // says what it had to leave open (the notification relay's LISTEN connection waits for an answer).
    expect(ended.signal).toBeNull();
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'connections left open at exit', unclosed: expect.arrayContaining(['relay']) }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'stopped' }));
  });

  it('stopped: SIGTERM ends it cleanly', async () => {
    const { ended, lines } = await shutdownAfter(cluster.adminUrl, () => cluster.stop());
    expect(ended).toEqual({ code: 0, signal: null });
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'stopped' }));
  });
});
