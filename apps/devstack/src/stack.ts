import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { issueDirective, seedDirectiveDocument } from '@chidao/api';
import { createDb, createRepositories, DISPATCH_1119_TEXT_PATH, grantApplicationRole, migrate, seedReferenceData, startEmbeddedPostgres, type Db, type Repositories } from '@chidao/db';
import { anGiang2025Units } from '@chidao/admin-units';
import { diskFileStore } from '@chidao/files';
import { DIRECTIVE_1119, kienGiangUnits, planAssignments } from '@chidao/domain';
import { temporalTls, type TemporalTlsEnv, type TemporalTlsSettings } from '@chidao/temporal-tls';
import { repoRoot, startProcess, startTemporalSecureServer, supervise, type Supervised, waitFor } from '@chidao/testing';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';
import { generateVapidKeys } from '@chidao/channels';
import { startDevMailbox } from '@chidao/channels/testing';
import { EICAR_SIGNATURE, eicar } from '@chidao/files/testing';

export interface StackOptions {
  /** Where Temporal and PostgreSQL keep their files; a temporary folder (removed on stop) when unset. */
  readonly dataDir?: string;
  readonly port: number;
  readonly temporalPort: number;
  readonly postgresPort: number;
  /** An external Temporal cluster instead of the embedded server. */
  readonly temporalAddress?: string;
  /** TEMPORAL_TLS_* files for the external cluster (none: plain text). */
  readonly temporalTlsFiles?: TemporalTlsSettings;
  readonly temporalNamespace?: string;
  /** An external PostgreSQL instead of the embedded one. Demo accounts are only made for the embedded one. */
  readonly databaseUrl?: string;
  /**
   * Demo accounts (and demo sign-in) on `databaseUrl` after all: for tests, which hand the stack a
   * throwaway database of their own. Never for a database someone pointed the stack at.
   */
  readonly demoAccountsOnThrowawayDatabase?: boolean;
  /**
   * `databaseUrl` is already migrated and seeded as prepareDatabase does it, with the demo accounts
   * when the stack makes them (tests copy a database prepared once per run): the stack only opens it.
   */
  readonly databasePrepared?: boolean;
  /** ClamAV's signature folder for the server's scans (tests: their EICAR signature); unset: CLAMAV_* or clamscan's own. */
  readonly clamavDatabaseDir?: string;
  /** A prebuilt workflow bundle for the worker (WORKER_WORKFLOW_BUNDLE); the worker bundles at start when unset. */
  readonly workflowBundle?: string;
  /** The built web app to serve. */
  readonly webDist?: string;
  /**
   * A dev mailbox (a local SMTP server and a page listing what it received): the worker and the
   * server send e-mail to it; and Web Push keys made once for the data folder. Off when unset.
   */
  readonly mailbox?: { readonly smtpPort: number; readonly httpPort: number };
  readonly quiet?: boolean;
}

export interface Stack {
  readonly webUrl: string;
  readonly temporalAddress: string;
  /** How to connect to Temporal (the client certificate of the embedded server's CA); undefined: plain text. */
  readonly temporalTls: TLSConfig | undefined;
  /** The embedded server's certificates: its CA, and the client certificate and key (null: an external cluster). */
  readonly temporalTlsFiles: TemporalTlsEnv | null;
  readonly databaseUrl: string;
  readonly demoAccounts: boolean;
  /** Units the seed directive reached. */
  readonly delivered: number;
  /** The dev mailbox's page, when the stack runs one. */
  readonly mailboxUrl: string | null;
  /** The folder of demo malware signatures the server scans attachments with, when this machine has no real ones. */
  readonly demoSignatures: string | null;
  stop(): Promise<void>;
}

/** Where freshclam keeps ClamAV's signatures, which clamscan reads by default. */
const CLAMAV_SIGNATURES = '/var/lib/clamav';

/**
 * The signatures the demo's server scans with. ClamAV's own come from freshclam, over the internet;
 * without them (a machine that cannot reach its mirrors) every scan fails and no attachment is ever
 * downloadable, so the demo scans with a folder of its own that knows the EICAR test file only, and
 * says so. CLAMAV_SOCKET or CLAMAV_DATABASE_DIR, or signatures in place, are used as they are.
 */
function demoSignaturesIfNone(dataDir: string): string | null {
  if (process.env.CLAMAV_SOCKET || process.env.CLAMAV_DATABASE_DIR) return null;
  const real = existsSync(CLAMAV_SIGNATURES) && readdirSync(CLAMAV_SIGNATURES).some((name) => /\.(cvd|cld|cud)$/.test(name));
  if (real) return null;
  const dir = join(dataDir, 'clamav-demo');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'chidao-demo.ndb'), `${EICAR_SIGNATURE}:0:*:${Buffer.from(eicar()).toString('hex')}\n`);
  return dir;
}

/**
 * Runs `node --import tsx src/main.ts` in an app folder (apps stay plain TypeScript, no build step),
 * restarted with backoff if it crashes (supervise), as production's service manager would.
 */
function startApp(name: 'worker' | 'server', env: NodeJS.ProcessEnv, quiet: boolean): Supervised {
  return supervise(() =>
    startProcess(name, process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(repoRoot(), 'apps', name),
      env,
      quiet,
    }),
  );
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to enter every folder above
 * its data directory. A clone under /root (mode 700) would fail deep inside initdb; say so plainly.
 */
function assertReachableByPostgres(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  // The data folder itself belongs to postgres (mode 700); only the folders above it matter.
  for (let dir = dirname(resolve(dataDir)); dir !== dirname(dir); dir = dirname(dir)) {
    if (!existsSync(dir)) continue;
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user and cannot enter ${dir} (mode ${(statSync(dir).mode & 0o777).toString(8)}). ` +
          'Set DATA_DIR to a folder it can reach (for example /var/lib/chidao), or make the folder traversable (chmod o+x).',
      );
    }
  }
}

/**
 * Demo accounts share a published password, so they exist only on the embedded database the stack
 * starts itself, never on a database someone pointed it at (DATABASE_URL: production mode).
 */
export function wantsDemoAccounts(options: Pick<StackOptions, 'databaseUrl'>): boolean {
  return options.databaseUrl === undefined;
}

/**
 * The units `npm start` offers: Kiên Giang as it was in August 2020 (three levels, the seed
 * directive 1119's province) and the new An Giang of the two-level map since 1/7/2025 (102 xã,
 * phường and đặc khu with their official codes), which took Kiên Giang in.
 */
export function demoUnits() {
  return [...kienGiangUnits(), ...anGiang2025Units()];
}

/** The database's client and repositories. */
function openDatabase(databaseUrl: string): { db: Db; repos: Repositories } {
  const db = createDb(databaseUrl);
  return { db, repos: createRepositories(db) };
}

/** Migrates the database and seeds the demo provinces (demoUnits), and the demo accounts when asked. */
export async function prepareDatabase(databaseUrl: string, options: { readonly demoAccounts: boolean }): Promise<{ db: Db; repos: Repositories }> {
  await migrate(databaseUrl);
  const db = createDb(databaseUrl);
  try {
    const repos = createRepositories(db);
    await seedReferenceData(repos, { units: demoUnits(), demoUsers: options.demoAccounts });
    return { db, repos };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Brings up the whole system: Temporal, PostgreSQL, migrations, the demo provinces (Kiên Giang 2020
 * with directive 1119/UBND-KGVX, An Giang 2025), the worker, and the API server serving the web app.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const quiet = options.quiet ?? false;
  const ephemeral = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chidao-stack-'));
  // PostgreSQL runs as the `postgres` user when we are root: it must be able to enter the folder.
  if (ephemeral) chmodSync(dataDir, 0o755);
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch((e: unknown) => console.error(e));
    if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const demoAccounts = wantsDemoAccounts(options) || options.demoAccountsOnThrowawayDatabase === true;
    // Temporal and the database do not need each other: both start at once, then the worker and the
    // server, which need both. Each pushes its stopper when it is up, so a failure stops what started.
    const startTemporal = async () => {
      let temporalAddress = options.temporalAddress;
      let tlsFiles: TemporalTlsSettings = options.temporalTlsFiles ?? {};
      let embeddedTlsFiles: Stack['temporalTlsFiles'] = null;
      if (!temporalAddress) {
        // Mutual TLS with certificates of a CA made for this data folder (kept there, keys mode 600):
        // a local process without the client certificate cannot reach Temporal (README, "Temporal only over
        // mutual TLS").
        const temporal = await startTemporalSecureServer({
          port: options.temporalPort,
          tlsDir: join(dataDir, 'temporal', 'tls'),
          ...(ephemeral ? {} : { dataDir: join(dataDir, 'temporal') }),
          quiet,
        });
        stoppers.push(() => temporal.process.stop());
        temporalAddress = temporal.address;
        tlsFiles = embeddedTlsFiles = temporal.tlsEnv;
      }
      return { temporalAddress, tlsFiles, embeddedTlsFiles };
    };
    const startDatabase = async () => {
      let databaseUrl = options.databaseUrl;
      if (!databaseUrl) {
        assertReachableByPostgres(join(dataDir, 'postgres'));
        const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: options.postgresPort, databaseName: 'chidao' });
        stoppers.push(() => pg.stop());
        databaseUrl = pg.url;
      }
      const { db, repos } = options.databasePrepared ? openDatabase(databaseUrl) : await prepareDatabase(databaseUrl, { demoAccounts });
      stoppers.push(() => db.close());
      return { databaseUrl, repos };
    };
    // Both settle before a failure is thrown, so that nothing is still starting when stop() runs.
    const [temporal, database] = await Promise.allSettled([startTemporal(), startDatabase()]);
    if (temporal.status === 'rejected') throw temporal.reason;
    if (database.status === 'rejected') throw database.reason;
    const { temporalAddress, tlsFiles, embeddedTlsFiles } = temporal.value;
    const { databaseUrl, repos } = database.value;
    const tls = temporalTls(tlsFiles);
    // The worker and the server connect as a role that only reads and writes rows (grantApplicationRole),
    // on a database this stack made; a database someone pointed it at keeps the URL they gave.
    const appUrl =
      !options.databaseUrl || options.demoAccountsOnThrowawayDatabase
        ? await grantApplicationRole(databaseUrl, `${new URL(databaseUrl).pathname.slice(1)}_app`, randomBytes(24).toString('base64url'))
        : databaseUrl;

    // Notices by e-mail to the dev mailbox, and Web Push with this data folder's keys.
    let notify: Record<string, string> = {};
    let mailboxUrl: string | null = null;
    if (options.mailbox) {
      const mailbox = await startDevMailbox({ smtpPort: options.mailbox.smtpPort, httpPort: options.mailbox.httpPort });
      stoppers.push(() => mailbox.stop());
      mailboxUrl = mailbox.url;
      const vapid = vapidKeysOf(dataDir);
      notify = {
        SMTP_URL: mailbox.smtpUrl,
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        VAPID_SUBJECT: 'mailto:quantri@demo.chidao.test',
        PUBLIC_APP_URL: `http://127.0.0.1:${options.port}`,
      };
    }

    const namespace = options.temporalNamespace ?? 'default';
    const filesDir = join(dataDir, 'files');
    const demoSignatures = options.clamavDatabaseDir ? null : demoSignaturesIfNone(dataDir);
    const signatures = options.clamavDatabaseDir ?? demoSignatures;
    const common = {
      DATABASE_URL: appUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: DEFAULT_TASK_QUEUE,
      ...Object.fromEntries(Object.entries(tlsFiles).filter(([, v]) => v !== undefined)),
      ...notify,
    };
    const worker = startApp(
      'worker',
      { ...common, LOG_LEVEL: 'WARN', ...(options.workflowBundle ? { WORKER_WORKFLOW_BUNDLE: options.workflowBundle } : {}) },
      quiet,
    );
    stoppers.push(() => worker.stop());
    // The API server starts while the seed directive fans out: neither needs the other.
    const server = startApp(
      'server',
      {
        ...common,
        PORT: String(options.port),
        // Warnings and faults only: an access line per request would bury the stack's own output.
        LOG_LEVEL: 'WARN',
        DEV_SIGN_IN: demoAccounts ? '1' : '0',
        ...(options.webDist ? { WEB_DIST: options.webDist } : {}),
        // Uploaded files (a directive's original, report attachments) on disk in the data folder, where the
        // seed puts 1119's; ClamAV's signatures from CLAMAV_* or clamscan's own.
        FILES_DIR: filesDir,
        ...(signatures ? { CLAMAV_DATABASE_DIR: signatures } : {}),
      },
      quiet,
    );
    stoppers.push(() => server.stop());

    const connection = await Connection.connect({ address: temporalAddress, tls });
    stoppers.push(() => connection.close());
    const client = new Client({ connection, namespace });
    await issueDirective({ repos, client, taskQueue: DEFAULT_TASK_QUEUE }, DIRECTIVE_1119);
    // 1119's full text, and a PDF of it as its original (made here, once: a restart keeps the first).
    await seedDirectiveDocument(repos, diskFileStore(filesDir), DIRECTIVE_1119, readFileSync(DISPATCH_1119_TEXT_PATH, 'utf8'));
    const expected = planAssignments(await repos.units.hierarchy(), DIRECTIVE_1119).length;
    const delivered = async () => (await repos.assignments.statesForDirective(DIRECTIVE_1119.id)).length;
    const webUrl = `http://127.0.0.1:${options.port}`;
    await Promise.all([
      waitFor(`directive ${DIRECTIVE_1119.reference} to reach all ${expected} units`, async () => (await delivered()) === expected, {
        exited: worker.exited,
        timeoutMs: 300_000,
      }),
      waitFor('the API server', async () => (await fetch(`${webUrl}/healthz`)).ok, { exited: server.exited }),
    ]);

    return { webUrl, temporalAddress, temporalTls: tls, temporalTlsFiles: embeddedTlsFiles, databaseUrl, demoAccounts, delivered: expected, mailboxUrl, demoSignatures, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The data folder's Web Push keys, made on first start and kept (mode 600), so browsers' subscriptions outlive a restart. */
function vapidKeysOf(dataDir: string): { publicKey: string; privateKey: string } {
  const file = join(dataDir, 'vapid.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  const keys = generateVapidKeys();
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}
