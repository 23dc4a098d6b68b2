import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Worker, bundleWorkflowCode, type NativeConnection } from '@temporalio/worker';
import { createActivities, createNotificationActivities } from '@chidao/activities';
import type { Channel } from '@chidao/channels';
import type { ExternalChannel } from '@chidao/domain';
import type { Repositories } from '@chidao/db';
import type { Directive, Unit } from '@chidao/domain';
import { setupTestCluster } from '@chidao/db/testing';
import { workflowBundling } from './bundling';

/**
 * One bundle of the workflow code per test run, instead of one per test file: bundling takes a
 * second or more of CPU, and about twenty files of the run start a worker. Made from the sources at
 * the start of every run, so it is never stale.
 */

const ENV = 'TEST_WORKFLOW_BUNDLE';

/**
 * vitest `globalSetup`: bundles the workflows into a file named by TEST_WORKFLOW_BUNDLE, which the
 * forked test processes inherit. Does nothing when that variable is already set (another project's
 * setup made it, or the caller gave one).
 */
export async function setupWorkflowBundle(): Promise<() => Promise<void>> {
  if (process.env[ENV]) return async () => {};
  const dir = await mkdtemp(join(tmpdir(), 'chidao-test-workflows-'));
  const file = join(dir, 'workflows.js');
  const { code } = await bundleWorkflowCode({ ...workflowBundling, logger: new DefaultLogger('WARN') });
  await writeFile(file, code);
  process.env[ENV] = file;
  return async () => {
    delete process.env[ENV];
    await rm(dir, { recursive: true, force: true });
  };
}

/** The bundle a test's worker runs: the run's own (setupWorkflowBundle) when there is one, else a fresh one. */
export async function testWorkflowBundle(): Promise<{ code: string }> {
  const file = process.env[ENV];
  if (file) return { code: await readFile(file, 'utf8') };
  return bundleWorkflowCode({ ...workflowBundling, logger: new DefaultLogger('WARN') });
}

/**
 * vitest `globalSetup` for projects whose tests run the engine: one PostgreSQL cluster
 * (TEST_DATABASE_ADMIN_URL, each test file still makes databases of its own) and one workflow
 * bundle for the whole run. Whichever project's setup runs first makes them.
 */
export async function setupEngineTests(): Promise<() => Promise<void>> {
  const [stopCluster, removeBundle] = await Promise.all([setupTestCluster(), setupWorkflowBundle()]);
  return async () => {
    await removeBundle();
    await stopCluster();
  };
}

/**
 * A worker for the workflow behaviour tests: the run's bundle and the real activities on `repos`,
 * with the workflow sandbox set as the worker process sets it by default (apps/worker: no stack-trace
 * hook, no per-call watchdog; read by our patch of the SDK when the worker starts its thread).
 */
export async function createTestWorker(options: {
  readonly connection: NativeConnection;
  readonly taskQueue: string;
  readonly repos: Repositories;
  readonly namespace?: string;
  /** The notification dispatcher's channels (its activities are registered either way). */
  readonly channels?: Partial<Record<ExternalChannel, Channel>>;
}): Promise<Worker> {
  process.env.TEMPORAL_WORKFLOW_STACK_TRACES = 'off';
  process.env.TEMPORAL_WORKFLOW_CALL_TIMEOUT = 'off';
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    activities: {
      ...createActivities({ repos: options.repos }),
      ...createNotificationActivities({ repos: options.repos, channels: options.channels ?? {}, appUrl: 'http://chidao.test' }),
    },
    workflowBundle: await testWorkflowBundle(),
  });
}

/** A province of one district and two communes, for engine tests that need a tree and no more. */
export const TEST_PROVINCE_UNITS: Unit[] = [
  { id: 'tp', name: 'UBND tỉnh Thử nghiệm', level: 'province', kind: 'people_committee', parentId: null },
  { id: 'tp.d1', name: 'UBND huyện Một', level: 'district', kind: 'people_committee', parentId: 'tp' },
  { id: 'tp.d1.c1', name: 'UBND xã Một', level: 'commune', kind: 'people_committee', parentId: 'tp.d1' },
  { id: 'tp.d1.c2', name: 'UBND xã Hai', level: 'commune', kind: 'people_committee', parentId: 'tp.d1' },
];

/** A directive of TEST_PROVINCE_UNITS' province to its districts and communes, with one task for the communes. */
export function testProvinceDirective(id: string, date: string, subject = 'V/v thử nghiệm đôn đốc'): Directive {
  return {
    id,
    reference: `${id}/UBND-VX`,
    issuerUnitId: 'tp',
    place: 'Thử nghiệm',
    date,
    subject,
    urgency: null,
    recipients: [
      { text: 'Chủ tịch UBND các huyện;', group: { type: 'level', level: 'district', kinds: ['people_committee'] } },
      { text: 'Chủ tịch UBND các xã.', group: { type: 'level', level: 'commune', kinds: ['people_committee'] } },
    ],
    tasks: [{ id: 't1', text: 'Triển khai.', assignees: [{ type: 'level', level: 'commune', kinds: ['people_committee'] }] }],
    targets: [],
    deadlines: [],
    coordinatorUnitId: null,
    signer: { capacity: 'CHỦ TỊCH', name: 'Nguyễn Văn A' },
    copiesTo: [],
  };
}
