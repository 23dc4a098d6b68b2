// `DATABASE_URL=<the schema owner's URL> npm run migrate [-- --app-role <role>]`: the migrations only.
//
// Applies the migrations not applied yet (packages/db/prisma/migrations), under Prisma's advisory lock,
// and nothing else: no units, no accounts, no directive (`npm start` pointed at a database issues the
// demo directive 1119; this never does). With --app-role, then grants that role what the worker and
// the API server need (grantApplicationRole: rows only), creating it when missing, with the password
// read from the first line of standard input so it stays out of the shell history.
import { createInterface } from 'node:readline';
import { describeDatabaseUrl } from '../src/connection';
import { migrate, readMigrations } from '../src/migrate';
import { checkDatabase } from '../src/reachable';
import { grantApplicationRole } from '../src/roles';

const USAGE = `usage: DATABASE_URL=<the schema owner's URL> npm run migrate [-- --app-role <role>]
  Applies the database migrations not applied yet, and nothing else (no units, accounts or directives).
  --app-role <role>: then grants <role> reading and writing rows only (created when missing), with the
  password read from the first line of standard input.`;

/** A role name as PostgreSQL takes it unquoted (the README's chidao_app), up to its 63 characters. */
const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

async function main(argv: readonly string[]): Promise<number> {
  const url = process.env.DATABASE_URL;
  const roleAt = argv.indexOf('--app-role');
  const role = roleAt === -1 ? null : argv[roleAt + 1];
  const unknown = argv.filter((_, i) => roleAt === -1 || (i !== roleAt && i !== roleAt + 1));
  if (!url || unknown.length > 0 || role === undefined || (role !== null && !ROLE.test(role))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  await checkDatabase(url);
  const where = describeDatabaseUrl(url);
  const { applied } = await migrate(url);
  const all = await readMigrations();
  process.stdout.write(
    applied.length === 0
      ? `${where}: up to date (${all.length} migrations, the last ${all.at(-1)?.name ?? 'none'})\n`
      : `${where}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}, the last ${applied.at(-1)}\n`,
  );
  if (role !== null) {
    const password = await firstLine();
    if (password === '') {
      process.stderr.write(`--app-role ${role}: give its password on standard input\n`);
      return 2;
    }
    await grantApplicationRole(url, role, password);
    process.stdout.write(`${where}: role ${role} may read and write rows (no DDL, audit_entry append-only)\n`);
  }
  return 0;
}

function firstLine(): Promise<string> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.once('line', (line) => {
      resolve(line);
      lines.close();
    });
    lines.once('close', () => resolve(''));
  });
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
