import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { checksumOf, migrate, MigrationError, MIGRATIONS_DIR, readMigrations } from './migrate';
import { createTestDatabase, type TestDatabase } from './testing';

const databases: TestDatabase[] = [];
const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function database(options?: { migrate?: boolean }): Promise<TestDatabase> {
  const db = await createTestDatabase(options);
  databases.push(db);
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of the real migrations folder to tamper with. */
async function migrationsCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chidao-migrations-'));
  tempDirs.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(join(dir, name));
  await writeFile(join(dir, name, 'migration.sql'), sql);
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

describe('migrate', () => {
  it('applies every migration to an empty database and records it the way Prisma does', async () => {
    const db = await database({ migrate: false });
    const local = await readMigrations();
    expect(local.length).toBeGreaterThan(0);

    const result = await migrate(db.url);
    expect(result.applied).toEqual(local.map((m) => m.name));

    const rows = await query<MigrationRow>(db.url, 'SELECT * FROM _prisma_migrations ORDER BY started_at');
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const file = await readFile(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'), 'utf8');
      expect(row.checksum).toBe(checksumOf(file));
      expect(row.checksum).toBe(local[i]!.checksum);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await query<{ tablename: string }>(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(tables.map((t) => t.tablename)).toEqual([
      '_prisma_migrations',
      'account_code',
      'app_user',
      'assignment',
      'assignment_event',
      'audit_entry',
      'calendar_year',
      'contact_point',
      'directive',
      'directive_original',
      'escalation',
      'fixed_holiday',
      'idempotency_key',
      'identity_provider',
      'notification',
      'notification_delivery',
      'notification_event',
      'notification_preference',
      'oidc_link',
      'oidc_sign_in',
      'province_setting',
      'push_subscription',
      'reorganisation',
      'report',
      'report_attachment',
      'rollup_node',
      'sign_in_attempt',
      'task_adjustment',
      'unit',
      'urging',
      'user_role',
      'user_session',
    ]);
  });

  it('does nothing the second time', async () => {
    const db = await database();
    const before = await query<MigrationRow>(db.url, 'SELECT * FROM _prisma_migrations');
    expect(await migrate(db.url)).toEqual({ applied: [] });
    expect(await query<MigrationRow>(db.url, 'SELECT * FROM _prisma_migrations')).toEqual(before);
  });

  it('lets concurrent migrators apply each migration once', async () => {
    const db = await database({ migrate: false });
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    const local = (await readMigrations()).map((m) => m.name);
    expect(results.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([local, [], []]);
    const rows = await query<MigrationRow>(db.url, 'SELECT * FROM _prisma_migrations');
    expect(rows).toHaveLength(local.length);
  });

  it('refuses when an applied migration was edited afterwards', async () => {
    const db = await database();
    const dir = await migrationsCopy();
    const [first] = await readMigrations(dir);
    await writeFile(join(dir, first!.name, 'migration.sql'), `${first!.sql}\n-- edited after it was applied\n`);

    const error = await migrate(db.url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH', migrationName: first!.name });
  });

  it('accepts an applied migration whose line endings changed (git autocrlf)', async () => {
    const db = await database();
    const dir = await migrationsCopy();
    const [first] = await readMigrations(dir);
    await writeFile(join(dir, first!.name, 'migration.sql'), first!.sql.replaceAll('\n', '\r\n'));
    expect(await migrate(db.url, { migrationsDir: dir })).toEqual({ applied: [] });
  });

  it('rolls back a failing migration entirely and records nothing for it', async () => {
    const db = await database();
    const dir = await migrationsCopy();
    await addMigration(dir, '29990101000000_broken', 'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT 1 / 0;\n');

    const error = await migrate(db.url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'MIGRATION_FAILED', migrationName: '29990101000000_broken' });
    expect((error as Error).message).toContain('division by zero');
    expect(await query(db.url, "SELECT 1 FROM pg_tables WHERE tablename = 'half_done'")).toEqual([]);
    expect(await query(db.url, "SELECT 1 FROM _prisma_migrations WHERE migration_name = '29990101000000_broken'")).toEqual([]);

    await writeFile(join(dir, '29990101000000_broken', 'migration.sql'), 'CREATE TABLE "half_done" ("id" INTEGER);\n');
    expect(await migrate(db.url, { migrationsDir: dir })).toEqual({ applied: ['29990101000000_broken'] });
  });

  it('refuses while Prisma records a migration as failed', async () => {
    const db = await database();
    await query(
      db.url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000000', $1, '29990101000000_crashed', 'boom', 0)`,
      ['0'.repeat(64)],
    );
    await expect(migrate(db.url)).rejects.toMatchObject({ code: 'FAILED_MIGRATION', migrationName: '29990101000000_crashed' });
    // `prisma migrate resolve --rolled-back` marks it so; then migrating goes on.
    await query(db.url, "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '29990101000000_crashed'");
    expect(await migrate(db.url)).toEqual({ applied: [] });
  });

  it('keeps the tables of the schema named in the URL (?schema=), as Prisma does', async () => {
    const db = await database({ migrate: false });
    const withSchema = new URL(db.url);
    withSchema.searchParams.set('schema', 'tenant_a');
    const url = withSchema.toString();
    expect((await migrate(url)).applied.length).toBeGreaterThan(0);
    const tables = await query<{ schemaname: string }>(db.url, "SELECT DISTINCT schemaname FROM pg_tables WHERE tablename = 'unit'");
    expect(tables).toEqual([{ schemaname: 'tenant_a' }]);
    expect(await migrate(url)).toEqual({ applied: [] });
  });
});
