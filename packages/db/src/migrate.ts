import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { quoteIdent, schemaOf } from './connection';

/**
 * Applies prisma/migrations the way `prisma migrate deploy` does, without Prisma's native schema
 * engine (which cannot be downloaded everywhere we run). It keeps Prisma's bookkeeping table
 * `_prisma_migrations` exactly as Prisma does, so either tool can take over from the other.
 */

export const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations/', import.meta.url));

/** Prisma's advisory lock key: holding it also keeps a concurrent `prisma migrate deploy` out. */
const PRISMA_MIGRATE_LOCK = 72707369;

export interface MigrationFile {
  /** The folder name, `<timestamp>_<name>`. */
  readonly name: string;
  readonly sql: string;
  /** sha256 hex of migration.sql, as Prisma records it. */
  readonly checksum: string;
}

export type MigrationErrorCode =
  /** An applied migration's migration.sql was edited afterwards. */
  | 'CHECKSUM_MISMATCH'
  /** `_prisma_migrations` records a migration that started and neither finished nor was rolled back. */
  | 'FAILED_MIGRATION'
  /** A migration's SQL failed; it was rolled back and not recorded. */
  | 'MIGRATION_FAILED'
  /** migration_lock.toml names another provider. */
  | 'PROVIDER_MISMATCH';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    readonly migrationName: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** Prisma accepts a script whose line endings changed after it was applied (git autocrlf). */
function matchesChecksum(sql: string, checksum: string): boolean {
  return (
    checksumOf(sql) === checksum ||
    checksumOf(sql.replaceAll('\r\n', '\n')) === checksum ||
    checksumOf(sql.replaceAll(/\r?\n/g, '\r\n')) === checksum
  );
}

/** Migration folders in the order they apply (their names start with a timestamp). */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const lock = join(dir, 'migration_lock.toml');
  if (existsSync(lock)) {
    // Spaces within the line only: `^\s*` ran on across blank lines from every line start.
    const provider = /^[ \t]*provider[ \t]*=[ \t]*"([^"]*)"/m.exec(await readFile(lock, 'utf8'))?.[1];
    if (provider !== undefined && provider !== 'postgresql') {
      throw new MigrationError('PROVIDER_MISMATCH', `${lock} is for ${provider}, not postgresql`);
    }
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

// Prisma's own definition (schema-engine, postgres flavour), so `prisma migrate` accepts the table.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrateOptions {
  /** Defaults to this package's prisma/migrations. */
  readonly migrationsDir?: string;
}

/**
 * Applies the pending migrations in order, each in its own transaction together with its
 * `_prisma_migrations` row, so a failed migration leaves neither a half-applied schema nor a record.
 * (A migration must therefore not contain statements that refuse to run in a transaction, such as
 * CREATE INDEX CONCURRENTLY.) Safe to run from several processes at once.
 */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(options.migrationsDir);
  const schema = schemaOf(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'chidao-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    try {
      // Only when missing: CREATE SCHEMA needs a privilege that a role owning just `public` lacks.
      const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
      await client.query(`SET search_path TO ${quoteIdent(schema)}`);
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        'SELECT id, checksum, migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      );
      const live = rows.filter((row) => row.rolled_back_at === null);
      const failed = live.find((row) => row.finished_at === null);
      if (failed) {
        throw new MigrationError(
          'FAILED_MIGRATION',
          `Migration ${failed.migration_name} is recorded as started but not finished; resolve it (prisma migrate resolve) before migrating`,
          failed.migration_name,
        );
      }
      const applied = new Map(live.map((row) => [row.migration_name, row]));
      for (const migration of migrations) {
        const row = applied.get(migration.name);
        if (row && !matchesChecksum(migration.sql, row.checksum)) {
          throw new MigrationError(
            'CHECKSUM_MISMATCH',
            `Migration ${migration.name} was modified after it was applied (checksum ${row.checksum} in the database, ${migration.checksum} on disk)`,
            migration.name,
          );
        }
      }
      // Migrations recorded in the database but absent here are left alone, as Prisma does: an older
      // release may run against a database a newer one migrated.
      const done: string[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.name)) continue;
        await applyOne(client, migration);
        done.push(migration.name);
      }
      return { applied: done };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    // No parameters: the simple query protocol runs a multi-statement script.
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(
      'MIGRATION_FAILED',
      `Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`,
      migration.name,
      { cause: error },
    );
  }
}
