import { Client, Connection } from '@temporalio/client';
import { z } from 'zod';
import { vietnam2025 } from '@chidao/admin-units';
import { applyReorganisation, commandEnv, heldAssignments } from '@chidao/api';
import { createDb, createRepositories } from '@chidao/db';
import { planReorganisation } from '@chidao/domain';
import { temporalConnectionOf } from '@chidao/temporal-tls';
import { describePlan, parseReorganiseArgs, REORGANISE_USAGE, successionFor, type ReorganiseArgs } from './reorganise';

// `npm run reorganise -- …` (reorganise.ts): prints a running directive's plan through the map of
// 1/7/2025, and with --apply carries it out as the system administrator (SYSTEM_ADMIN_USER, default
// the system).

const envSchema = commandEnv({ SYSTEM_ADMIN_USER: z.string().min(1).default('system') });

async function main(argv: readonly string[]): Promise<number> {
  let args: ReorganiseArgs;
  try {
    args = parseReorganiseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const env = envSchema.safeParse(process.env);
  if (!env.success) {
    process.stderr.write(`reorganise: ${z.prettifyError(env.error)}\n${REORGANISE_USAGE}\n`);
    return 2;
  }
  const db = createDb(env.data.DATABASE_URL);
  try {
    const repos = createRepositories(db);
    const directive = await repos.directives.get(args.directiveId);
    if (!directive) throw new Error(`No directive ${args.directiveId}`);
    const hierarchy = await repos.units.hierarchy();
    const succession = successionFor(hierarchy, directive.issuerUnitId, args, vietnam2025());
    const nameOf = (unitId: string) => hierarchy.units.get(unitId)?.name ?? unitId;
    if (!args.apply) {
      const plan = planReorganisation(succession, (await heldAssignments(repos, directive.id)).held);
      process.stdout.write(`${directive.reference} — kế hoạch (chưa áp dụng; thêm --apply --basis "…" để áp dụng):\n${describePlan(plan, nameOf)}`);
      return 0;
    }
    const connection = await Connection.connect(temporalConnectionOf(env.data));
    try {
      const client = new Client({ connection, namespace: env.data.TEMPORAL_NAMESPACE });
      const plan = await applyReorganisation({ repos, client }, { directiveId: directive.id, succession, basis: args.basis!, by: env.data.SYSTEM_ADMIN_USER });
      process.stdout.write(`${directive.reference} — đã áp dụng (${args.basis}):\n${describePlan(plan, nameOf)}`);
    } finally {
      await connection.close();
    }
    return 0;
  } catch (error) {
    process.stderr.write(`reorganise: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
