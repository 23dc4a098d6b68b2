import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDb, createRepositories, type Db, type Repositories } from '@chidao/db';
import { createTestDatabase } from '@chidao/db/testing';
import { THREE_LEVEL_SCHEME, vietnamCalendar, type Directive } from '@chidao/domain';
import { assignmentWorkflowId, directiveWorkflowId, startDirective } from './index';
import { eventually, repoRoot, skipTo as skipServerTo, startTimeSkippingTemporal, testNow } from '@chidao/testing';
import { createTestWorker, TEST_PROVINCE_UNITS } from './testing';

/**
 * Every timer path on Temporal's time-skipping server: a week of reminders and escalations runs
 * in seconds, against the working-day calendar, the real activities and a real database.
 *
 * No scenario is pinned to a date: the server starts at the wall clock (or TEST_CLOCK_AHEAD_DAYS
 * later) and only moves forward, so each scenario finds its days from the server's own "now" (the
 * next Friday before a working Monday, the next weeks without a holiday, the next Tết) and computes
 * what it expects with the domain's calendar. The scenarios of a file run in its order on one clock;
 * each scenario file (timers*.test.ts) has its own server, database and worker.
 */
export const taskQueue = 'timers-test';
export { testProvinceDirective as directive } from './testing';

// Set by useTimerServer before the file's first test; the scenario files read them as live bindings.
export let env: TestWorkflowEnvironment;
export let repos: Repositories;
let db: Db;
let dropDb: () => Promise<void>;
let worker: Worker;
let running: Promise<void>;

export const calendar = vietnamCalendar();
/** Moves the test server's clock forward to `iso` (timers due on the way fire in order); never back. */
export const skipTo = (iso: string): Promise<void> => skipServerTo(env, iso);
/** The test server's "now", which every scenario finds its days from. */
export const now = (): Promise<number> => testNow(env);
/** dd/MM/yyyy, as a dispatch writes a date. */
export const dmy = (date: string): string => date.split('-').reverse().join('/');

export const c1 = (id: string) => assignmentWorkflowId(id, 'tp.d1.c1');
export const c2 = (id: string) => assignmentWorkflowId(id, 'tp.d1.c2');
export const actor = (unitId: string) => ({ userId: `u.${unitId}`, unitId });

/** The run a workflow continued as new from (its latest run's first event names it), or null. */
export async function previousRun(workflowId: string, runId?: string): Promise<string | null> {
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || null;
}

/**
 * With RECORD_HISTORIES=1, keeps these runs' histories for the replay test in packages/workflows,
 * which fails when a workflow code change would break directives already running. A file already
 * there is kept (it stands for directives running under older code); RECORD_HISTORIES=overwrite
 * records every one anew. Any other value is a tag: the runs are kept beside the older ones as
 * `<name>.<tag>.json` (histories of the code after a `patched()` change, next to those before it).
 */
async function recordHistories(kept: KeptRuns): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const dir = join(repoRoot(), 'packages', 'workflows', 'histories');
  mkdirSync(dir, { recursive: true });
  const runs = { ...kept.runs };
  const runIds: Record<string, string | undefined> = {};
  // The continue-as-new runs: the one that continued, and the one it continued as.
  for (const [name, workflowId] of kept.continued ?? []) {
    const first = await previousRun(workflowId);
    if (!first) continue;
    runs[`${name}-before`] = workflowId;
    runIds[`${name}-before`] = first;
    runs[`${name}-after`] = workflowId;
  }
  const tag = ['1', 'overwrite'].includes(process.env.RECORD_HISTORIES) ? null : process.env.RECORD_HISTORIES;
  for (const [name, workflowId] of Object.entries(runs)) {
    const file = join(dir, tag ? `${name}.${tag}.json` : `${name}.json`);
    if (existsSync(file) && process.env.RECORD_HISTORIES !== 'overwrite') continue;
    const history = await env.client.workflow.getHandle(workflowId, runIds[name]).fetchHistory();
    writeFileSync(file, JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) as unknown }, null, 1) + '\n');
  }
}

export async function issue(d: Directive): Promise<void> {
  await repos.directives.save(d, directiveWorkflowId(d.id));
  await startDirective(env.client, taskQueue, d.id);
  await eventually(async () => expect(await repos.assignments.statesForDirective(d.id)).toHaveLength(3));
  // Wait until each assignment has its plan (deadlines) before moving the clock.
  await eventually(async () => expect((await repos.lifecycle.deadlinesOf(c1(d.id)))?.acknowledgeBy).toBeTruthy());
  await eventually(async () => expect((await repos.lifecycle.deadlinesOf(c2(d.id)))?.acknowledgeBy).toBeTruthy());
}

/** The runs a scenario file keeps for the replay test (RECORD_HISTORIES), by history file name. */
export interface KeptRuns {
  readonly runs: Readonly<Record<string, string>>;
  /** Workflows that continued as new: `<name>-before` is the run that continued, `<name>-after` the one it continued as. */
  readonly continued?: readonly (readonly [string, string])[];
}

/**
 * One time-skipping server, database and worker for a scenario file, started before its first
 * test; after its last, the runs it names are recorded (with RECORD_HISTORIES) and all is stopped.
 */
export function useTimerServer(kept: KeptRuns): void {
  beforeAll(async () => {
    const [temporal, database] = await Promise.all([startTimeSkippingTemporal(), createTestDatabase()]);
    env = temporal;
    dropDb = database.drop;
    db = createDb(database.url);
    repos = createRepositories(db, { scheme: THREE_LEVEL_SCHEME });
    await repos.units.upsertMany(TEST_PROVINCE_UNITS);
    worker = await createTestWorker({ connection: env.nativeConnection, taskQueue, repos });
    running = worker.run();
  });
  afterAll(async () => {
    await recordHistories(kept);
    worker?.shutdown();
    await running;
    await db?.close();
    await dropDb?.();
    await env?.teardown();
  });
}

/** The domain code a rejected or failed update carries. */
export const codeOf = (error: unknown): string | undefined => {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string') return type;
  }
  return undefined;
};
export const exists = async (workflowId: string) =>
  env.client.workflow
    .getHandle(workflowId)
    .describe()
    .then(() => true)
    .catch(() => false);
