import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb, createRepositories, migrate, seedReferenceData, startEmbeddedPostgres, type Db, type Repositories } from '@chidao/db';
import type { Unit } from '@chidao/domain';
import { freePort, repoRoot, startProcess, startTemporalDevServer, temporalBinaries, waitFor, type Managed } from '@chidao/testing';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';

/**
 * The system as `npm start` runs it, as real processes: the Temporal dev server with its SQLite file,
 * embedded PostgreSQL, the worker and the API server (each `node --import tsx src/main.ts`), seeded
 * with the benchmark's unit tree and one demo account per unit.
 */
export interface BenchStack {
  readonly apiUrl: string;
  readonly temporalAddress: string;
  readonly databaseUrl: string;
  readonly db: Db;
  readonly repos: Repositories;
  readonly client: Client;
  readonly worker: Managed;
  readonly server: Managed;
  readonly versions: { readonly temporal: string; readonly postgres: string };
  /** Starts another process of this app (the ceiling's worker) against the same servers. */
  startBenchProcess(name: string, entry: string, env: Record<string, string>): Managed;
  /** Peak resident memory (VmHWM) of a running child, in bytes; null once it has exited. */
  peakRss(process: Managed): number | null;
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  readonly units: readonly Unit[];
  readonly quiet: boolean;
  /** Write V8 CPU profiles of the worker and the server here (node --cpu-prof) when they stop. */
  readonly profileDir?: string;
  /** More environment for the worker (the notification round's SMTP_URL, VAPID_* and NODE_EXTRA_CA_CERTS). */
  readonly workerEnv?: Record<string, string>;
}

/** Waits until a worker polls the task queue, so its start-up (bundling the workflows) is not timed. */
export async function waitForPoller(client: Client, taskQueue: string, exited: Promise<unknown>): Promise<void> {
  await waitFor(
    `a worker polling ${taskQueue}`,
    async () => {
      const response = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
      });
      return (response.pollers?.length ?? 0) > 0;
    },
    { exited, timeoutMs: 180_000 },
  );
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chidao-bench-'));
  // As root, PostgreSQL runs as `postgres`, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch((e: unknown) => console.error(e));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const [temporalPort, postgresPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const temporal = await startTemporalDevServer({ port: temporalPort, uiPort: null, dataDir: join(dataDir, 'temporal'), quiet: options.quiet });
    stoppers.push(() => temporal.process.stop());
    const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: postgresPort, databaseName: 'chidao' });
    stoppers.push(() => pg.stop());
    await migrate(pg.url);
    const db = createDb(pg.url);
    stoppers.push(() => db.close());
    const repos = createRepositories(db);
    // In slices, parents first: one transaction of ten thousand upserts outlasts Prisma's timeout.
    // Seeding is idempotent, so a slice that a loaded machine pushed past the timeout is simply redone.
    for (let i = 0; i < options.units.length; i += 100) {
      const slice = options.units.slice(i, i + 100);
      for (let attempt = 1; ; attempt++) {
        try {
          await seedReferenceData(repos, { units: slice, demoUsers: true });
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== 'P2028' || attempt === 5) throw error;
        }
      }
    }

    const common = {
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: DEFAULT_TASK_QUEUE,
    };
    // Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
    const profiling = (name: string): string[] => {
      if (!options.profileDir) return [];
      const dir = join(options.profileDir, name);
      mkdirSync(dir, { recursive: true });
      return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
    };
    const app = (name: 'worker' | 'server', env: Record<string, string>) =>
      startProcess(name, process.execPath, [...profiling(name), '--import', 'tsx', 'src/main.ts'], {
        cwd: join(repoRoot(), 'apps', name),
        env: { ...common, ...env },
        quiet: options.quiet,
      });

    const connection = await Connection.connect({ address: temporal.address });
    stoppers.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });

    const worker = app('worker', { LOG_LEVEL: 'WARN', ...options.workerEnv });
    stoppers.push(() => worker.stop());
    const server = app('server', { PORT: String(apiPort), DEV_SIGN_IN: '1', TRUST_PROXY: '1' });
    stoppers.push(() => server.stop());
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitFor('the API server', async () => (await fetch(`${apiUrl}/healthz`)).ok, { exited: server.exited, timeoutMs: 120_000 });
    await waitForPoller(client, DEFAULT_TASK_QUEUE, worker.exited);

    const [{ version }] = await db.prisma.$queryRawUnsafe<[{ version: string }]>("SELECT current_setting('server_version') AS version");
    const temporalVersion = execFileSync(temporalBinaries().cli, ['--version'], { encoding: 'utf8' }).trim();

    return {
      apiUrl,
      temporalAddress: temporal.address,
      databaseUrl: pg.url,
      db,
      repos,
      client,
      worker,
      server,
      versions: { temporal: temporalVersion, postgres: version },
      startBenchProcess(name, entry, env) {
        const managed = startProcess(name, process.execPath, ['--import', 'tsx', entry], {
          cwd: join(repoRoot(), 'apps', 'bench'),
          env: { ...common, ...env },
          quiet: options.quiet,
        });
        stoppers.push(() => managed.stop());
        return managed;
      },
      peakRss(managed) {
        try {
          const status = readFileSync(`/proc/${managed.child.pid}/status`, 'utf8');
          const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
          return kb === undefined ? null : Number(kb) * 1024;
        } catch {
          return null;
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
