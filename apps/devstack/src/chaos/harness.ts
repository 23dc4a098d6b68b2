import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createTestDatabase, type TestDatabase } from '@chidao/db/testing';
import { createDb, createRepositories, seedReferenceData, type Db, type Repositories } from '@chidao/db';
import { kienGiangUnits } from '@chidao/domain';
import { eventually, freePort, type Managed, repoRoot, startProcess, startTemporalDevServer, type TemporalDevServer, waitFor } from '@chidao/testing';
import { reconcileSettled, describeDifference } from '@chidao/reconcile';

/**
 * The system as separate processes, so a fault test can kill any of them with SIGKILL and start it
 * again: the Temporal dev server (state in a SQLite file that outlives it), PostgreSQL (a fresh,
 * migrated database seeded with the Kiên Giang units), the worker and the API server (each
 * `node --import tsx apps/<app>/src/main.ts`, as in production).
 */
export interface ChaosStack {
  readonly taskQueue: string;
  readonly temporalAddress: string;
  readonly databaseUrl: string;
  readonly db: Db;
  readonly repos: Repositories;
  readonly client: Client;
  worker: Managed | null;
  server: Managed | null;
  readonly serverUrl: string;
  startWorker(): Managed;
  /** kill -9, and wait until it is gone. */
  killWorker(): Promise<void>;
  startServer(): Promise<Managed>;
  killServer(): Promise<void>;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  /** Fails with every difference when the read model does not settle to match the workflows. */
  expectReconciled(directiveId: string, waitMs?: number): Promise<number>;
  stop(): Promise<void>;
}

const quiet = !process.env.CHAOS_VERBOSE;

/** Seeded, so a failing run can be repeated: CHAOS_SEED=<the seed it printed>. */
export function seededRandom(label: string): () => number {
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
  console.log(`[chaos] ${label}: CHAOS_SEED=${seed}`);
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function log(message: string): void {
  console.log(`[chaos] ${message}`);
}

export async function startChaosStack(
  options: {
    workerDatabaseUrl?: (url: string) => string;
    /** More environment for the worker: the notification channels (SMTP_URL …). */
    workerEnv?: Record<string, string>;
  } = {},
): Promise<ChaosStack> {
  const dir = mkdtempSync(join(tmpdir(), 'chidao-chaos-'));
  chmodSync(dir, 0o755);
  const [temporalPort, serverPort] = [await freePort(), await freePort()];
  const taskQueue = 'directives';
  let temporal: TemporalDevServer | null = null;
  const startTemporal = async () => {
    temporal = await startTemporalDevServer({ port: temporalPort, uiPort: null, dataDir: join(dir, 'temporal'), quiet });
  };
  await startTemporal();
  const database: TestDatabase = await createTestDatabase();
  const db = createDb(database.url);
  const repos = createRepositories(db);
  // The seed upserts 187 units in one transaction, which can outlast Prisma's 5 s transaction
  // timeout on a loaded machine; it is idempotent, so try again rather than fail the fault test.
  await eventually(() => seedReferenceData(repos, { units: kienGiangUnits(), demoUsers: true }), 120_000);
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: 'default' });
  const common = { DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: taskQueue };
  const app = (name: 'worker' | 'server', env: NodeJS.ProcessEnv) =>
    startProcess(name, process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: join(repoRoot(), 'apps', name), env: { ...common, ...env }, quiet });

  const kill = async (managed: Managed | null) => {
    if (!managed || managed.child.exitCode !== null || managed.child.signalCode !== null) return;
    managed.child.kill('SIGKILL');
    await managed.exited;
  };

  const stack: ChaosStack = {
    taskQueue,
    temporalAddress,
    databaseUrl: database.url,
    db,
    repos,
    client,
    worker: null,
    server: null,
    serverUrl: `http://127.0.0.1:${serverPort}`,
    startWorker() {
      const url = options.workerDatabaseUrl ? options.workerDatabaseUrl(database.url) : database.url;
      stack.worker = app('worker', { DATABASE_URL: url, LOG_LEVEL: 'ERROR', ...options.workerEnv });
      return stack.worker;
    },
    async killWorker() {
      await kill(stack.worker);
    },
    async startServer() {
      const server = app('server', { PORT: String(serverPort), DEV_SIGN_IN: '1' });
      stack.server = server;
      await waitFor('the API server', async () => (await fetch(`${stack.serverUrl}/healthz`)).ok, { exited: server.exited });
      return server;
    },
    async killServer() {
      await kill(stack.server);
    },
    async stopTemporal() {
      await temporal?.process.stop();
    },
    startTemporal,
    async expectReconciled(directiveId, waitMs = 120_000) {
      const result = await reconcileSettled({ client, db, repos }, directiveId, waitMs);
      if (result.differences.length > 0) {
        throw new Error(`${result.differences.length} differences between Temporal and the database:\n${result.differences.map(describeDifference).join('\n')}`);
      }
      return result.assignments;
    },
    async stop() {
      await kill(stack.server);
      await stack.worker?.stop();
      await connection.close().catch(() => undefined);
      await temporal?.process.stop();
      await db.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}
