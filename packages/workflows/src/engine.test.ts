import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDb, createRepositories, seedReferenceData, type Db } from '@chidao/db';
import { createTestDatabase } from '@chidao/db/testing';
import { DIRECTIVE_1119, KG, buildHierarchy, kienGiangUnits, planAssignments, THREE_LEVEL_SCHEME } from '@chidao/domain';
import { acknowledgeUpdate, assignmentSnapshotQuery, assignmentWorkflowId, directiveWorkflowId, startDirective } from './index';
import { eventually, startLocalTemporal } from '@chidao/testing';
import { createTestWorker } from './testing';

const taskQueue = 'engine-test';
const RACH_GIA = 'kg.rach-gia';
const VINH_THANH_VAN = 'kg.rach-gia.p-vinh-thanh-van';
const plan = planAssignments(buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits()), DIRECTIVE_1119);

let env: TestWorkflowEnvironment;
let client: Client;
let db: Db;
let dropDb: () => Promise<void>;
let repos: ReturnType<typeof createRepositories>;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  const [temporal, database] = await Promise.all([startLocalTemporal(), createTestDatabase()]);
  env = temporal;
  client = env.client;
  dropDb = database.drop;
  db = createDb(database.url);
  repos = createRepositories(db);
  await seedReferenceData(repos, { units: kienGiangUnits(), demoUsers: true });
  await repos.directives.save(DIRECTIVE_1119, directiveWorkflowId(DIRECTIVE_1119.id));
  worker = await createTestWorker({ connection: env.nativeConnection, taskQueue, repos });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await db?.close();
  await dropDb?.();
  await env?.teardown();
});

async function countInTemporal(): Promise<number> {
  return (await client.workflow.count(`WorkflowType = 'assignmentWorkflow' AND ExecutionStatus = 'Running'`)).count;
}

describe('issuing directive 1119/UBND-KGVX', () => {
  it('creates exactly one assignment per recipient unit, in Temporal and in the read model', async () => {
    await startDirective(client, taskQueue, DIRECTIVE_1119.id);

    const states = await eventually(async () => {
      const rows = await repos.assignments.statesForDirective(DIRECTIVE_1119.id);
      expect(rows).toHaveLength(plan.length);
      return rows;
    });
    expect(new Set(states.map((s) => s.unitId))).toEqual(new Set(plan.map((p) => p.unitId)));
    expect(states.every((s) => s.state === 'issued')).toBe(true);
    await eventually(async () => expect(await countInTemporal()).toBe(plan.length));
    // 26 provincial agencies and the business association, 15 districts, 145 communes.
    expect(plan).toHaveLength(26 + 15 + 145);
  });

  it('delivers a commune through its district', async () => {
    const district = await client.workflow.getHandle(assignmentWorkflowId(DIRECTIVE_1119.id, RACH_GIA)).query(assignmentSnapshotQuery);
    expect(Object.keys(district.children)).toHaveLength(12);
    expect(district.children[VINH_THANH_VAN]).toBe('issued');
    const row = await repos.assignments.get(assignmentWorkflowId(DIRECTIVE_1119.id, VINH_THANH_VAN));
    expect(row?.parentUnitId).toBe(RACH_GIA);
    expect(row?.tasks.map((t) => t.id)).toEqual(['t1']);
  });

  it('is a no-op when issued a second time', async () => {
    const first = await client.workflow.getHandle(directiveWorkflowId(DIRECTIVE_1119.id)).describe();
    const again = await startDirective(client, taskQueue, DIRECTIVE_1119.id);
    expect(again.firstExecutionRunId).toBe(first.runId);
    expect(await countInTemporal()).toBe(plan.length);
    expect(await repos.assignments.statesForDirective(DIRECTIVE_1119.id)).toHaveLength(plan.length);
  });
});

describe('acknowledging an assignment', () => {
  const communeWorkflow = () => client.workflow.getHandle(assignmentWorkflowId(DIRECTIVE_1119.id, VINH_THANH_VAN));
  const communeChair = { userId: `u.${VINH_THANH_VAN}`, unitId: VINH_THANH_VAN };

  it('is refused for another unit, and changes nothing', async () => {
    const other = { userId: `u.${KG.soTTTT}`, unitId: KG.soTTTT };
    const error = await communeWorkflow()
      .executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: other }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((error as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'NOT_ASSIGNEE' });
    expect((await communeWorkflow().query(assignmentSnapshotQuery)).status.state).toBe('issued');
  });

  it('moves the assignment to acknowledged, in the read model, where the district sees it', async () => {
    const status = await communeWorkflow().executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: communeChair }] });
    expect(status.state).toBe('acknowledged');
    expect(status.acknowledgedBy).toBe(communeChair.userId);

    const row = await repos.assignments.get(assignmentWorkflowId(DIRECTIVE_1119.id, VINH_THANH_VAN));
    expect(row?.state).toBe('acknowledged');
    const within = await repos.assignments.statesForDirective(DIRECTIVE_1119.id, RACH_GIA);
    expect(within.filter((s) => s.state === 'acknowledged').map((s) => s.unitId)).toEqual([VINH_THANH_VAN]);
  });

  it('a second time is refused with ALREADY_ACKNOWLEDGED', async () => {
    const error = await communeWorkflow()
      .executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: communeChair }] })
      .catch((e: unknown) => e);
    expect((error as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'ALREADY_ACKNOWLEDGED' });
    const row = await repos.assignments.get(assignmentWorkflowId(DIRECTIVE_1119.id, VINH_THANH_VAN));
    expect(row?.state).toBe('acknowledged');
  });
});
