import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '@chidao/activities';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, createRepositories, DISPATCH_1119_TEXT_PATH, seedReferenceData, type Db, type Repositories } from '@chidao/db';
import { createTestDatabase, setupSeededTemplate } from '@chidao/db/testing';
import { DIRECTIVE_1119, buildHierarchy, kienGiangUnits, planAssignments, THREE_LEVEL_SCHEME } from '@chidao/domain';
import { createIntakePool } from '@chidao/intake';
import { clamscanScanner, diskFileStore } from '@chidao/files';
import { eicarDatabase } from '@chidao/files/testing';
import { connectSharedTemporal, eventually, setupSharedTemporal, startLocalTemporal } from '@chidao/testing';
import { setupEngineTests, testWorkflowBundle } from '@chidao/workflows/testing';
import type { ContextDeps } from './context';
import { issueDirective, seedDirectiveDocument } from './services';
import { testAuth } from './testing';
import { gatedClient } from './update-gate';

export interface EngineHarness {
  /** This file's Temporal: its own namespace on the project's server, or a server of its own. */
  readonly env: TestWorkflowEnvironment;
  readonly repos: Repositories;
  /** The database client, for tests that look at tables directly. */
  readonly db: Db;
  /** Its URL, for what listens to it (the notifications' NOTIFY feed). */
  readonly databaseUrl: string;
  /**
   * What the HTTP host would give the API: real repositories, a real Temporal client with the
   * server's update gate at its default, demo mode on.
   */
  readonly deps: ContextDeps;
  /** Stops the worker (as a crashed or deployed-over worker would be): workflows wait. */
  pauseWorker(): Promise<void>;
  /** Starts a worker again on the same task queue: the workflows carry on. */
  resumeWorker(): Promise<void>;
  stop(): Promise<void>;
}

const SEEDED = 'TEST_KIEN_GIANG_DATABASE';

/** Migrated, with the Kiên Giang units and their demo accounts, as every harness starts. */
async function seedKienGiang(url: string): Promise<void> {
  const db = createDb(url);
  try {
    await seedReferenceData(createRepositories(db), { units: kienGiangUnits(), demoUsers: true });
  } finally {
    await db.close();
  }
}

/**
 * vitest `globalSetup` of the projects whose tests use the harness: what every harness would
 * otherwise make again, made once for the run (src/test-setup.ts): the PostgreSQL cluster and the
 * workflow bundle (setupEngineTests), a Temporal dev server whose namespaces the test files share out,
 * and a database seeded with Kiên Giang that each file copies.
 */
export async function setupEngineHarness(): Promise<() => Promise<void>> {
  const [stopEngine, stopTemporal] = await Promise.all([setupEngineTests(), setupSharedTemporal()]);
  const dropSeeded = await setupSeededTemplate(SEEDED, seedKienGiang);
  return async () => {
    await dropSeeded();
    await stopTemporal();
    await stopEngine();
  };
}

/**
 * For API tests: a real Temporal server, a fresh PostgreSQL database seeded with Kiên Giang and
 * its demo accounts, a worker running the real workflows and activities, and 1119/UBND-KGVX issued
 * and delivered to every unit it addresses. Each file has its own database and Temporal namespace,
 * so files never see each other's directives; under the project's globalSetup (setupEngineHarness)
 * they are a copy of a seeded database and a namespace of a shared server, else made here.
 */
export async function startEngineHarness(taskQueue: string): Promise<EngineHarness> {
  const template = process.env[SEEDED];
  const [shared, database, workflowBundle] = await Promise.all([
    connectSharedTemporal(),
    createTestDatabase(template ? { template } : {}),
    testWorkflowBundle(),
  ]);
  const env = shared ?? (await startLocalTemporal());
  const namespace = env.namespace ?? 'default';
  const db = createDb(database.url);
  const repos = createRepositories(db);
  if (!template) await seedKienGiang(database.url);
  const startWorker = async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace,
      taskQueue,
      workflowBundle,
      activities: createActivities({ repos }),
    });
    return { worker, running: worker.run() };
  };
  let current: Awaited<ReturnType<typeof startWorker>> | null = await startWorker();
  const stopWorker = async () => {
    if (!current) return;
    current.worker.shutdown();
    await current.running;
    current = null;
  };
  await issueDirective({ repos, client: env.client, taskQueue }, DIRECTIVE_1119);
  // Its full text and original, as `npm start` seeds them.
  const filesDir = await mkdtemp(join(tmpdir(), 'chidao-files-'));
  const files = diskFileStore(filesDir);
  await seedDirectiveDocument(repos, files, DIRECTIVE_1119, await readFile(DISPATCH_1119_TEXT_PATH, 'utf8'));
  const planned = planAssignments(buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits()), DIRECTIVE_1119).length;
  await eventually(async () => {
    if ((await repos.assignments.statesForDirective(DIRECTIVE_1119.id)).length !== planned) throw new Error('still delivering');
    // A bound for a broken run only: delivering ~190 workflows takes minutes on a loaded machine.
  }, 300_000);
  const client = gatedClient({ connection: env.connection, namespace });
  const intake = createIntakePool();
  // Attachments are kept in the same store, and scanned by the real ClamAV engine with the tests' EICAR signature.
  const clamav = eicarDatabase();
  return {
    env,
    repos,
    db,
    databaseUrl: database.url,
    deps: { repos, temporal: { client, taskQueue }, intake, files, scanner: clamscanScanner({ databaseDir: clamav.dir }), devSignIn: true, auth: testAuth() },
    pauseWorker: stopWorker,
    async resumeWorker() {
      current ??= await startWorker();
    },
    async stop() {
      await stopWorker();
      await intake.close();
      await db.close();
      await database.drop();
      await rm(filesDir, { recursive: true, force: true });
      await env.teardown();
      clamav.remove();
    },
  };
}
