// `pnpm -F @chidao/db migration <name> [--from <git revision | schema file>] [--print]`
//
// Writes prisma/migrations/<UTC timestamp>_<name>/migration.sql with the SQL `prisma migrate dev`
// would generate for the change from the schema as the migrations leave it (by default schema.prisma
// at HEAD, which the drift test holds equal to the migrations) to the working schema.prisma. Uses
// Prisma's WebAssembly schema engine, since the native one cannot be downloaded here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { SCHEMA_PATH } from '../src/drift';
import { MIGRATIONS_DIR } from '../src/migrate';
import { migrationSql } from '../src/prisma-engine';
import { createTestDatabase } from '../src/testing';

const args = process.argv.slice(2);
const option = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const print = args.includes('--print');
const from = option('--from') ?? 'HEAD';
const name = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--from');
if (!name && !print) {
  console.error('Usage: pnpm -F @chidao/db migration <name> [--from <git revision | schema file>] [--print]');
  process.exit(2);
}

/** A schema file (relative to packages/db) or a git revision of schema.prisma. */
async function schemaAt(source: string): Promise<string> {
  if (existsSync(source)) return readFile(source, 'utf8');
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  try {
    return execFileSync('git', ['show', `${source}:${relative(root, SCHEMA_PATH)}`], { encoding: 'utf8', cwd: root, stdio: 'pipe' });
  } catch {
    throw new Error(`--from ${source}: neither a file nor a git revision that has schema.prisma`);
  }
}

const scratch = await createTestDatabase({ migrate: false });
try {
  const sql = await migrationSql(scratch.url, await schemaAt(from), await readFile(SCHEMA_PATH, 'utf8'));
  if (sql.trim() === '') {
    console.log(`schema.prisma has no changes since ${from}.`);
  } else if (print) {
    process.stdout.write(sql);
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const folder = join(MIGRATIONS_DIR, `${stamp}_${name!.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}`);
    await mkdir(folder);
    await writeFile(join(folder, 'migration.sql'), sql);
    console.log(`Wrote ${relative(process.cwd(), join(folder, 'migration.sql'))}; \`pnpm -F @chidao/db test\` checks it against schema.prisma.`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await scratch.drop();
}
process.exit();
