import { afterAll, beforeAll } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createDb, createRepositories, type Db, type Repositories } from '@chidao/db';
import { createTestDatabase } from '@chidao/db/testing';
import { createEmailChannel, createPushChannel, generateVapidKeys, type VapidKeys } from '@chidao/channels';
import { startPushReceiver, startSmtpSink, type PushReceiver, type SmtpSink, type SmtpSinkOptions } from '@chidao/channels/testing';
import { THREE_LEVEL_SCHEME, type RoleGrant } from '@chidao/domain';
import { startTimeSkippingTemporal } from '@chidao/testing';
import { NOTIFICATIONS_WORKFLOW_ID, startNotificationDispatch, startNotificationRelay } from './index';
import { createTestWorker, TEST_PROVINCE_UNITS } from './testing';

/**
 * The notification scenarios' stage, one per test file: the time-skipping server, a database with
 * the test province and its people (each with a verified e-mail address), a real SMTP server and a
 * real push service on the loopback, a worker whose e-mail and push channels send to them, the NOTIFY
 * relay and the dispatcher. The files read the bindings below once their first test runs.
 */

export interface Person {
  readonly id: string;
  readonly unitId: string;
  readonly role: RoleGrant['role'];
  readonly email: string;
}

export let env: TestWorkflowEnvironment;
export let db: Db;
export let repos: Repositories;
export let sink: SmtpSink;
export let pushService: PushReceiver;
/** The worker's VAPID keys: a subscription bound to `vapid.publicKey` accepts its pushes. */
export let vapid: VapidKeys;

export function useNotificationServer(options: {
  readonly taskQueue: string;
  readonly people: readonly Person[];
  readonly smtp?: SmtpSinkOptions;
  /** What the people set up before the worker starts (push subscriptions, preferences). */
  readonly prepare?: () => Promise<void>;
}): void {
  let drop: () => Promise<void>;
  let worker: Worker;
  let running: Promise<void>;
  let relay: { close(): Promise<void> };

  beforeAll(async () => {
    const [temporal, database, smtp, push] = await Promise.all([startTimeSkippingTemporal(), createTestDatabase(), startSmtpSink(options.smtp), startPushReceiver()]);
    env = temporal;
    drop = database.drop;
    sink = smtp;
    pushService = push;
    vapid = { ...generateVapidKeys(), subject: 'mailto:quantri@chidao.test' };
    db = createDb(database.url);
    repos = createRepositories(db, { scheme: THREE_LEVEL_SCHEME });
    const { people } = options;
    await repos.units.upsertMany(TEST_PROVINCE_UNITS);
    await repos.users.upsertMany(people.map((p) => ({ id: p.id, username: p.id, displayName: p.id, unitId: p.unitId, demo: false })));
    await repos.roles.replace(new Map(people.map((p) => [p.id, [{ role: p.role, unitId: p.unitId, directiveId: null }]])));
    // Verified as the settings page verifies them (by a code): here written as the outcome.
    await repos.contacts.seedVerified(people.map((p) => ({ userId: p.id, channel: 'email' as const, address: p.email })));
    await options.prepare?.();
    worker = await createTestWorker({
      connection: env.nativeConnection,
      taskQueue: options.taskQueue,
      repos,
      channels: {
        email: createEmailChannel({ url: sink.url, from: 'Theo dõi chỉ đạo <no-reply@chidao.test>' }),
        push: createPushChannel({ vapid, ca: pushService.ca }),
      },
    });
    running = worker.run();
    relay = await startNotificationRelay(database.url, env.client, 50);
    await startNotificationDispatch(env.client, options.taskQueue, { idlePoll: false });
  });

  afterAll(async () => {
    await env?.client.workflow.getHandle(NOTIFICATIONS_WORKFLOW_ID).terminate('test over').catch(() => undefined);
    await relay?.close();
    worker?.shutdown();
    await running;
    await Promise.all([sink?.stop(), pushService?.stop()]);
    await db?.close();
    await drop?.();
    await env?.teardown();
  });
}
