import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '@chidao/activities';
import { createDb, createRepositories, type Db, type Repositories } from '@chidao/db';
import { createTestDatabase } from '@chidao/db/testing';
import { THREE_LEVEL_SCHEME, type Directive } from '@chidao/domain';
import { acknowledgeUpdate, assignmentWorkflowId, directiveWorkflowId, forwardUpdate, reassignUpdate, startDirective, submitReportUpdate } from '@chidao/workflows';
import { eventually, repoRoot, startLocalTemporal } from '@chidao/testing';
import { TEST_PROVINCE_UNITS, testProvinceDirective, testWorkflowBundle } from '@chidao/workflows/testing';
import { reconcileDirective } from './reconcile';

/** A real run on a real Temporal server and PostgreSQL, then the read model broken by hand. */
const taskQueue = 'reconcile-test';
const DIRECTIVE: Directive = { ...testProvinceDirective('tp.2026.77', '2026-03-02', 'V/v thử nghiệm đối soát'), reference: '77/UBND-VX' };
const c1 = assignmentWorkflowId(DIRECTIVE.id, 'tp.d1.c1');
const c2 = assignmentWorkflowId(DIRECTIVE.id, 'tp.d1.c2');

let env: TestWorkflowEnvironment;
let database: { url: string; drop(): Promise<void> };
let db: Db;
let repos: Repositories;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  let workflowBundle: { code: string };
  [env, database, workflowBundle] = await Promise.all([startLocalTemporal(), createTestDatabase(), testWorkflowBundle()]);
  db = createDb(database.url);
  repos = createRepositories(db, { scheme: THREE_LEVEL_SCHEME });
  await repos.units.upsertMany(TEST_PROVINCE_UNITS);
  await repos.directives.save(DIRECTIVE, directiveWorkflowId(DIRECTIVE.id));
  worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities: createActivities({ repos }),
    workflowBundle,
  });
  running = worker.run();
  await startDirective(env.client, taskQueue, DIRECTIVE.id);
  await eventually(async () => expect(await repos.assignments.statesForDirective(DIRECTIVE.id)).toHaveLength(3));
  await env.client.workflow.getHandle(c1).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: { userId: 'u.c1', unitId: 'tp.d1.c1' } }] });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await db?.close();
  await database?.drop();
  await env?.teardown();
});

const deps = () => ({ client: env.client, db, repos });

/** `npm run reconcile`'s program against this run: its exit code and what it printed. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot(), 'packages', 'reconcile', 'src', 'cli.ts'), ...args], {
      cwd: join(repoRoot(), 'packages', 'reconcile'),
      env: { ...process.env, DATABASE_URL: database.url, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

describe('reconciling what was delivered beyond the plan', () => {
  // A directive to the district only, run with a low history limit: the district forwards to one
  // commune, moves it to the other, which reports until it has continued as new.
  const ONLY: Directive = {
    ...DIRECTIVE,
    id: 'tp.2026.78',
    reference: '78/UBND-VX',
    recipients: [DIRECTIVE.recipients[0]!],
    tasks: [{ id: 't1', text: 'Chỉ đạo các xã.', assignees: [DIRECTIVE.recipients[0]!.group] }],
    metrics: [{ key: 'households', label: 'Số hộ', cumulative: true }],
  };
  const at = (unitId: string) => assignmentWorkflowId(ONLY.id, unitId);
  const actor = (unitId: string) => ({ userId: `u.${unitId}`, unitId });
  const day = (n: number) => new Date(Date.now() + n * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);

  it('counts forwarded and reassigned assignments as planned, and continued runs as one', async () => {
    await repos.directives.save(ONLY, directiveWorkflowId(ONLY.id));
    await startDirective(env.client, taskQueue, ONLY.id, { historyLimit: 40 });
    await eventually(async () => expect((await repos.lifecycle.deadlinesOf(at('tp.d1')))?.acknowledgeBy).toBeTruthy());
    await env.client.workflow
      .getHandle(at('tp.d1'))
      .executeUpdate(forwardUpdate, { args: [{ v: 1, actor: actor('tp.d1'), unitIds: ['tp.d1.c1'], reportDate: day(10), instructions: 'Xã báo cáo.' }] });
    await eventually(async () => expect((await repos.lifecycle.deadlinesOf(at('tp.d1.c1')))?.reportBy).toBeTruthy());
    await env.client.workflow
      .getHandle(at('tp.d1.c1'))
      .executeUpdate(reassignUpdate, { args: [{ v: 1, actor: actor('tp.d1'), toUnitId: 'tp.d1.c2', reason: 'Sáp nhập.' }] });
    await eventually(async () => expect((await repos.lifecycle.deadlinesOf(at('tp.d1.c2')))?.reportBy).toBeTruthy());
    const c2 = env.client.workflow.getHandle(at('tp.d1.c2'));
    for (let i = 1; i <= 3; i += 1) {
      await c2.executeUpdate(submitReportUpdate, { args: [{ v: 1, actor: actor('tp.d1.c2'), report: { figures: { households: i * 10 }, narrative: `Lần ${i}.` } }] });
    }
    await eventually(async () => {
      const runs: string[] = [];
      for await (const info of env.client.workflow.list({ query: `WorkflowId = '${at('tp.d1.c2')}'` })) runs.push(info.status.name);
      expect(runs).toContain('CONTINUED_AS_NEW');
    });
    const result = await eventually(async () => {
      const r = await reconcileDirective(deps(), ONLY.id);
      expect(r.differences).toEqual([]);
      return r;
    });
    expect(result.assignments).toBe(3);
  });
});

describe('reconciling a real run', () => {
  it('finds no difference after a fan-out and an acknowledgement', async () => {
    const result = await eventually(async () => {
      const r = await reconcileDirective(deps(), DIRECTIVE.id);
      expect(r.differences).toEqual([]);
      return r;
    });
    expect(result.assignments).toBe(3);
    const { code, stdout } = await cli(DIRECTIVE.id);
    expect(stdout).toBe(`${DIRECTIVE.id}: 3 assignments, no differences\n`);
    expect(code).toBe(0);
  });

  it('reports a read model that no longer matches, and the command exits non-zero', async () => {
    // A lost write (the acknowledgement) and a row the workflows never made.
    await db.prisma.assignment.update({ where: { id: c1 }, data: { state: 'issued', acknowledgedAt: null, acknowledgedBy: null } });
    await db.prisma.assignment.create({
      data: { id: assignmentWorkflowId(DIRECTIVE.id, 'tp'), directiveId: DIRECTIVE.id, unitId: 'tp', state: 'issued', issuedAt: new Date(), version: 1, taskIds: [] },
    });
    const { differences } = await reconcileDirective(deps(), DIRECTIVE.id);
    expect(differences.map((d) => `${d.kind} ${d.id} ${d.field ?? ''}`)).toEqual([
      `row_unplanned ${assignmentWorkflowId(DIRECTIVE.id, 'tp')} `,
      `field_differs ${c1} state`,
      `field_differs ${c1} acknowledgedAt`,
      `field_differs ${c1} acknowledgedBy`,
    ]);
    const { code, stdout } = await cli(DIRECTIVE.id);
    expect(code).toBe(1);
    expect(stdout).toContain(`${DIRECTIVE.id}: 3 assignments, 4 differences`);
    expect(stdout).toContain(`field_differs  ${c1}  state  temporal="acknowledged" database="issued"`);
  });

  it('reports a workflow that ended without its row saying so', async () => {
    await env.client.workflow.getHandle(c2).terminate('chaos');
    // Reconciliation lists workflows through Temporal's visibility store, which learns of the end a
    // moment after the terminate call returns (seen once in a full CI run).
    await eventually(async () => {
      const { differences } = await reconcileDirective(deps(), DIRECTIVE.id);
      expect(differences.filter((d) => d.id === c2).map((d) => d.kind)).toContain('workflow_failed');
    });
  });
});
