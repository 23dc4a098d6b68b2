import { Client, Connection } from '@temporalio/client';
import { z } from 'zod';
import { temporalAddressGiven, temporalConnectionOf, temporalEnv, TEMPORAL_ADDRESS_REQUIRED, TLS_FILES_TOGETHER, tlsFilesTogether } from '@chidao/temporal-tls';
import { createDb, createRepositories } from '@chidao/db';
import { describeDifference } from './compare';
import { reconcileSettled } from './reconcile';

const USAGE = `usage: npm run reconcile -- [--wait <seconds>] [<directive id> …]
  Compares every assignment workflow of each directive (all directives when none is named) with the
  read model in PostgreSQL and prints every difference. Exit 0: they match; 1: they differ; 2: usage.
  --wait: keep checking for up to that long while they differ (an activity in flight settles by itself).
  Environment: DATABASE_URL (required), TEMPORAL_ADDRESS (127.0.0.1:7233; required with NODE_ENV=production), TEMPORAL_NAMESPACE (default), TEMPORAL_API_KEY,
  TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY (PEM files: all three for mutual TLS, as npm start's
  Temporal requires: .data/temporal/tls/ca.pem, client.pem, client-key.pem).`;

const envSchema = z
  .object({
    DATABASE_URL: z.string().url(),
    ...temporalEnv,
    TEMPORAL_NAMESPACE: z.string().default('default'),
  })
  .refine(tlsFilesTogether, TLS_FILES_TOGETHER)
  .refine(temporalAddressGiven, TEMPORAL_ADDRESS_REQUIRED);

function parseArgs(args: readonly string[]): { waitSeconds: number; directiveIds: string[] } | null {
  let waitSeconds = 0;
  const directiveIds: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--wait') {
      const value = Number(args[++i]);
      if (!Number.isFinite(value) || value < 0) return null;
      waitSeconds = value;
    } else if (arg.startsWith('-')) return null;
    else directiveIds.push(arg);
  }
  return { waitSeconds, directiveIds };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const env = envSchema.safeParse(process.env);
  if (!args || !env.success) {
    if (!env.success) process.stderr.write(`reconcile: ${z.prettifyError(env.error)}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const db = createDb(env.data.DATABASE_URL);
  const connection = await Connection.connect(temporalConnectionOf(env.data));
  try {
    const deps = { client: new Client({ connection, namespace: env.data.TEMPORAL_NAMESPACE }), db, repos: createRepositories(db) };
    const ids = args.directiveIds.length > 0 ? args.directiveIds : (await deps.repos.directives.list()).map((d) => d.id);
    let differ = false;
    for (const id of ids) {
      const result = await reconcileSettled(deps, id, args.waitSeconds * 1000);
      const count = result.differences.length;
      process.stdout.write(`${id}: ${result.assignments} assignments, ${count === 0 ? 'no differences' : `${count} difference${count === 1 ? '' : 's'}`}\n`);
      for (const d of result.differences) process.stdout.write(`  ${describeDifference(d)}\n`);
      differ ||= count > 0;
    }
    return differ ? 1 : 0;
  } finally {
    await connection.close();
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
