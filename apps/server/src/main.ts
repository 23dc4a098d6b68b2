import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalConnectionOf, temporalUnreachable } from '@chidao/temporal-tls';
import { afterAnswer, gatedClient } from '@chidao/api';
import { checkDatabase, createDb, createInboxFeed, createRepositories } from '@chidao/db';
import { createIntakePool } from '@chidao/intake';
import { fileStoreFromEnv, scannerFromEnv } from '@chidao/files';
import { authPolicyOf, cookieSecureOf, idempotencyOf, notificationChannelsOf, rateLimitsOf, readEnv } from './env';
import { createHttpServer } from './http';
import { createLog, errorFields } from './log';
import { readinessChecks } from './readiness';

/** How long a stopping server waits for its connections to close. */
const CLOSE_WITHIN_MS = 5_000;

const env = readEnv();
const log = createLog(env.LOG_LEVEL);
// A failure to start is one JSON line too (the host's log collector reads nothing else), then exit 1.
process.on('uncaughtException', (error) => {
  log.fatal(errorFields(error), 'server stopped');
  process.exit(1);
});
// Both checked before anything is served: a wrong DATABASE_URL or TEMPORAL_ADDRESS stops the server
// here, saying which, instead of looking healthy until users fail.
await checkDatabase(env.DATABASE_URL);
const db = createDb(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
const temporalOptions = temporalConnectionOf(env);
const connection = await Connection.connect(temporalOptions).catch((error: unknown) => {
  throw temporalUnreachable(temporalOptions.address, error);
});
// /readyz's own: one attempt per probe (the API's connection retries an unavailable server).
const probeConnection = Connection.lazy({ ...temporalOptions, interceptors: [] });
const deadlineMs = env.TEMPORAL_DEADLINE_SECONDS * 1000;
const client = gatedClient({ connection, namespace: env.TEMPORAL_NAMESPACE, updatesInFlight: env.TEMPORAL_UPDATES_IN_FLIGHT, deadlineMs });
const intake = createIntakePool({ threads: env.INTAKE_THREADS });
// Uploaded files: FILES_DIR, a bucket (FILES_S3_*), or the data folder's files/ (DATA_DIR has a default).
const fileStore = fileStoreFromEnv(env, env.DATA_DIR);
if (!fileStore) throw new Error('Set FILES_DIR, FILES_S3_BUCKET or DATA_DIR: where uploaded files are kept');
const { channels, vapidPublicKey } = notificationChannelsOf();
// The bell's live count: one LISTEN connection, fanned out to each person's open tabs.
const notificationFeed = await createInboxFeed(env.DATABASE_URL);
const server = createHttpServer({
  context: {
    repos: createRepositories(db),
    temporal: { client, taskQueue: env.TEMPORAL_TASK_QUEUE, deadlineMs },
    intake,
    files: fileStore,
    scanner: scannerFromEnv(env),
    intakeReading: { beforeDateExclusive: env.INTAKE_BEFORE_DATE_EXCLUSIVE },
    devSignIn: env.DEV_SIGN_IN,
    ...(env.TEMPORAL_UI_URL ? { temporalUi: { url: env.TEMPORAL_UI_URL, namespace: env.TEMPORAL_NAMESPACE } } : {}),
    auth: { policy: authPolicyOf(env), now: () => new Date() },
    idempotency: idempotencyOf(env),
    notificationFeed,
    notify: {
      configured: Object.keys(channels) as Array<keyof typeof channels>,
      channels: { ...(channels.email ? { email: channels.email } : {}), ...(channels.sms ? { sms: channels.sms } : {}), ...(channels.zalo ? { zalo: channels.zalo } : {}) },
      vapidPublicKey,
      appUrl: env.PUBLIC_ORIGIN ?? `http://${env.HOST}:${env.PORT}`,
    },
  },
  log,
  rateLimits: rateLimitsOf(env),
  readiness: { checks: readinessChecks({ db, connection: probeConnection }) },
  cookies: { secure: cookieSecureOf(env), trustProxy: env.TRUST_PROXY },
  ...(env.PUBLIC_ORIGIN ? { publicOrigin: env.PUBLIC_ORIGIN } : {}),
  ...(env.WEB_DIST ? { webDist: env.WEB_DIST } : {}),
});
// Served as a 503 page until it is there (a deploy may be putting it in place): say so at start.
if (env.WEB_DIST && !existsSync(join(env.WEB_DIST, 'index.html'))) log.warn({ webDist: env.WEB_DIST }, 'WEB_DIST has no index.html: build it with npm run build:web');
server.listen(env.PORT, env.HOST, () => log.info({ url: `http://${env.HOST}:${env.PORT}`, temporal: temporalOptions.address }, 'listening'));

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close();
  // Towards a database cut off by the network a close never finishes: exit after a bound regardless.
  setTimeout(() => {
    log.warn({ withinMs: CLOSE_WITHIN_MS }, 'connections left open at exit');
    process.exit(0);
  }, CLOSE_WITHIN_MS).unref();
  // Work begun after an answer (a reset code being written and mailed) finishes before what it uses closes.
  void afterAnswer
    .idle()
    .then(() => Promise.all([connection.close(), probeConnection.close(), db.close(), intake.close(), notificationFeed.close(), ...Object.values(channels).map((c) => c?.close?.())]))
    .finally(() => process.exit(0));
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
// Whoever started the server is gone (a stack killed with -9): stop rather than serve unsupervised.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop(), 1_000).unref();
