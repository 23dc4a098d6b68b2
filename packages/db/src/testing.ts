import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '@chidao/testing';
import { quoteIdent, withDatabase } from './connection';
import { isAlive, postmasterPid, startEmbeddedPostgres } from './embedded';
import { migrate } from './migrate';

export { freePort };

/**
 * Real PostgreSQL for tests. Each call to createTestDatabase() gets a fresh, migrated database of its
 * own, so test files never share data. The server is TEST_DATABASE_ADMIN_URL when set (CI with a
 * service container, or the cluster of setupTestCluster() below); otherwise one embedded cluster per
 * process, started on first use under the OS temp directory and deleted when the process exits.
 *
 * This is the one module of the package that reads the environment: it exists only for tests.
 */

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  /** Drops the database, ending any connections still open to it. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply the migrations (default). Off for tests of migrating itself. */
  readonly migrate?: boolean;
  /**
   * A copy of this database of the same cluster (already migrated and seeded, see
   * setupSeededTemplate) instead of an empty one: a copy takes a fraction of migrating and seeding.
   */
  readonly template?: string;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL || (await sharedCluster()).adminUrl;
  const name = `chidao_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const template = options.template ? ` TEMPLATE ${quoteIdent(options.template)}` : '';
  for (let attempt = 1; ; attempt++) {
    try {
      await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}${template}`));
      break;
    } catch (error) {
      // 55006: the template is in use (a session still connected to it); it is brief, so try again.
      if ((error as { code?: string }).code !== '55006' || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  const url = withDatabase(adminUrl, name);
  let dropping: Promise<void> | undefined;
  const drop = (): Promise<void> => (dropping ??= dropDatabase(adminUrl, name));
  try {
    if (options.migrate !== false && !options.template) await migrate(url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, name, drop };
}

/**
 * For a vitest `globalSetup`: a database of the run's cluster prepared once by `prepare` (migrated
 * first), which test files copy with createTestDatabase({ template: name }). Its name is in the
 * environment variable `variable` (forked test processes inherit it); nothing is done when that is
 * already set. Call after setupTestCluster.
 */
export async function setupSeededTemplate(variable: string, prepare: (url: string) => Promise<void>): Promise<() => Promise<void>> {
  if (process.env[variable]) return async () => {};
  const database = await createTestDatabase();
  try {
    await prepare(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  // Copies need the template without connections: prepare must have closed its own.
  process.env[variable] = database.name;
  return async () => {
    delete process.env[variable];
    await database.drop();
  };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    // Works before PostgreSQL 13's DROP DATABASE … WITH (FORCE), and catches pools a test forgot to close.
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
      name,
    ]);
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
  });
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export interface TestCluster {
  /** URL of the cluster's `postgres` database, for creating and dropping test databases. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

const CLUSTER_PREFIX = 'chidao-pg-';
// Durability is worthless for throwaway data; these make initdb-to-green several times faster.
const FAST_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'];

let shared: Promise<TestCluster> | undefined;

function sharedCluster(): Promise<TestCluster> {
  shared ??= startTestCluster().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** Starts a throwaway embedded cluster on a free port; it is deleted on stop() or at process exit. */
export async function startTestCluster(): Promise<TestCluster> {
  sweepAbandonedClusters();
  const root = mkdtempSync(join(tmpdir(), CLUSTER_PREFIX));
  // PostgreSQL runs as the `postgres` user when we are root: it must be able to enter the directory.
  chmodSync(root, 0o755);
  writeFileSync(join(root, 'owner'), String(process.pid));
  const dataDir = join(root, 'data');
  const cleanup = (): void => abandonCluster(root);
  // vitest ends a worker with SIGTERM (and SIGKILL 500 ms later), which skips 'exit' listeners: clean
  // up first, then die of the signal as the process would have without this listener.
  const onSigterm = (): void => {
    unhook();
    cleanup();
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  };
  const unhook = (): void => {
    process.off('exit', cleanup);
    process.off('SIGTERM', onSigterm);
  };
  process.once('exit', cleanup);
  process.once('SIGTERM', onSigterm);
  const debug = Boolean(process.env.DEBUG);
  for (let attempt = 1; ; attempt++) {
    // Another process may take the port between our probe and the server's bind: try a new one.
    const port = await freePort();
    try {
      const server = await startEmbeddedPostgres({
        dataDir,
        port,
        databaseName: 'postgres',
        postgresFlags: FAST_FLAGS,
        ...(debug ? { onLog: (message: string) => process.stderr.write(message) } : {}),
      });
      return {
        adminUrl: server.adminUrl,
        stop: async () => {
          await server.stop();
          unhook();
          removeClusterSync(root);
        },
      };
    } catch (error) {
      if (attempt >= 3) {
        unhook();
        removeClusterSync(root);
        throw error;
      }
    }
  }
}

/**
 * vitest `globalSetup`: one cluster for the whole run, handed to every test file through
 * TEST_DATABASE_ADMIN_URL (forked workers inherit the environment). Does nothing when that variable
 * is already set. Use it from a setup file: `export { setupTestCluster as default } from '@chidao/db/testing'`.
 */
export async function setupTestCluster(): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_ADMIN_URL) return async () => {};
  const cluster = await startTestCluster();
  process.env.TEST_DATABASE_ADMIN_URL = cluster.adminUrl;
  return async () => {
    delete process.env.TEST_DATABASE_ADMIN_URL;
    await cluster.stop();
  };
}

/** Tells the cluster's server, if it runs, to stop at once (immediate shutdown: the data is about to go); its pid, null when it has none. */
function quitServer(root: string): number | null {
  const pid = postmasterPid(join(root, 'data'));
  if (pid !== null && isAlive(pid)) {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // already gone
    }
  }
  return pid;
}

/** Stops the cluster's server at once and waits for it, then deletes the cluster. */
function removeClusterSync(root: string): void {
  const pid = quitServer(root);
  if (pid !== null) {
    const waitUntil = Date.now() + 10_000;
    const tick = new Int32Array(new SharedArrayBuffer(4));
    while (isAlive(pid) && Date.now() < waitUntil) Atomics.wait(tick, 0, 0, 50);
  }
  rmSync(root, { recursive: true, force: true });
}

/**
 * For the 'exit' and SIGTERM handlers, which may be cut short (vitest SIGKILLs a worker 500 ms after
 * SIGTERM): stop the server at once and leave deleting its files to a detached process that outlives
 * this one. Anything still left is swept by the next test process.
 */
function abandonCluster(root: string): void {
  const pid = quitServer(root);
  const remover = `
    const { existsSync, readFileSync, rmSync } = require('node:fs');
    const [pid, root] = [Number(process.argv[1]), process.argv[2]];
    const alive = () => {
      try { process.kill(pid, 0); } catch { return false; }
      try { return !/^\\d+ \\(.*\\) Z/.test(readFileSync('/proc/' + pid + '/stat', 'utf8')); } catch { return !existsSync('/proc'); }
    };
    const until = Date.now() + 15000;
    (function poll() {
      if (pid > 0 && alive() && Date.now() < until) return setTimeout(poll, 50);
      rmSync(root, { recursive: true, force: true });
    })();`;
  try {
    spawn(process.execPath, ['-e', remover, String(pid ?? 0), root], { detached: true, stdio: 'ignore' }).unref();
  } catch {
    // The sweep of the next test process removes it.
  }
}

/** Clusters whose owning process died without cleaning up (killed, crashed). */
function sweepAbandonedClusters(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((name) => name.startsWith(CLUSTER_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const root = join(tmpdir(), name);
    try {
      const ownerFile = join(root, 'owner');
      if (existsSync(ownerFile)) {
        const owner = Number.parseInt(readFileSync(ownerFile, 'utf8'), 10);
        if (Number.isInteger(owner) && isAlive(owner)) continue;
      } else if (Date.now() - statSync(root).mtimeMs < 10 * 60_000) {
        continue; // just created by another process, owner file not written yet
      }
      removeClusterSync(root);
    } catch {
      // Another process is sweeping it too, or it is not ours to remove.
    }
  }
}

export default setupTestCluster;
