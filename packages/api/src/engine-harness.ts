import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '@chidao/activities';
import { createDb, createRepositories, seedReferenceData, type Db, type Repositories } from '@chidao/db';
import { createTestDatabase } from '@chidao/db/testing';
import { DIRECTIVE_1119, buildHierarchy, kienGiangUnits, planAssignments, THREE_LEVEL_SCHEME } from '@chidao/domain';
import { eventually, startLocalTemporal } from '@chidao/testing';
import { testWorkflowBundle } from '@chidao/workflows/testing';
import type { ContextDeps } from './context';
import { issueDirective } from './services';
import { testAuth } from './testing';
import { gatedClient } from './update-gate';

export interface EngineHarness {
  readonly env: TestWorkflowEnvironment;
  readonly repos: Repositories;
  /** The database client, for tests that look at tables directly. */
  readonly db: Db;
  /**
   * What the HTTP host would give the API: real repositories, a real Temporal client with the
   * server's update gate at its default, demo mode on.
   */
  readonly deps: ContextDeps;
  stop(): Promise<void>;
}

/**
 * For API tests: a real Temporal dev server, a fresh PostgreSQL database seeded with Kiên Giang and
 * its demo accounts, a worker running the real workflows and activities, and 1119/UBND-KGVX issued
 * and delivered to every unit it addresses.
 */
export async function startEngineHarness(taskQueue: string): Promise<EngineHarness> {
  const [env, database, workflowBundle] = await Promise.all([
    startLocalTemporal(),
    createTestDatabase(),
    testWorkflowBundle(),
  ]);
  const db = createDb(database.url);
  const repos = createRepositories(db);
  await seedReferenceData(repos, { units: kienGiangUnits(), demoUsers: true });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: createActivities({ repos }) });
  const running = worker.run();
  await issueDirective({ repos, client: env.client, taskQueue }, DIRECTIVE_1119);
  const planned = planAssignments(buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits()), DIRECTIVE_1119).length;
  await eventually(async () => {
    if ((await repos.assignments.statesForDirective(DIRECTIVE_1119.id)).length !== planned) throw new Error('still delivering');
    // A bound for a broken run only: delivering ~190 workflows takes minutes on a loaded machine.
  }, 300_000);
  const client = gatedClient({ connection: env.connection, namespace: env.namespace ?? 'default' });
  return {
    env,
    repos,
    db,
    deps: { repos, temporal: { client, taskQueue }, devSignIn: true, auth: testAuth() },
    async stop() {
      worker.shutdown();
      await running;
      await db.close();
      await database.drop();
      await env.teardown();
    },
  };
}
