import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { engineSchema, introspect, SCHEMA_PATH } from './drift';
import { migrationsList, NO_FILTERS, openSchemaEngine } from './prisma-engine';
import { createTestDatabase, type TestDatabase } from './testing';

/**
 * Our runner stands in for `prisma migrate deploy`. Prisma's own schema engine (its WebAssembly
 * build) judges the bookkeeping: after our migrate() it must find nothing to apply, and after it
 * applied the migrations ours must find nothing.
 */

const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((db) => db.drop())));

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  databases.push(db);
  return db;
}

describe('compatibility with prisma migrate', () => {
  it('Prisma finds nothing to apply after our migrate()', async () => {
    const db = await emptyDatabase();
    expect((await migrate(db.url)).applied.length).toBeGreaterThan(0);

    const { engine, close } = await openSchemaEngine(db.url, await readFile(SCHEMA_PATH, 'utf8'));
    try {
      const list = await migrationsList();
      expect(await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters: NO_FILTERS })).toEqual({
        editedMigrationNames: [],
        failedMigrationNames: [],
        hasMigrationsTable: true,
        history: null,
      });
      expect(await engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS })).toEqual({ appliedMigrationNames: [] });
    } finally {
      await close();
    }
  });

  it('our migrate() finds nothing to apply after Prisma applied the migrations', async () => {
    const db = await emptyDatabase();
    const { engine, close } = await openSchemaEngine(db.url, await readFile(SCHEMA_PATH, 'utf8'));
    const list = await migrationsList();
    try {
      const applied = await engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS });
      expect(applied.appliedMigrationNames).toEqual(list.migrationDirectories.map((d) => d.path));
    } finally {
      await close();
    }
    expect(await migrate(db.url)).toEqual({ applied: [] });
  });

  it('our migrations build the same database as the SQL Prisma generates for schema.prisma', async () => {
    const ours = await createTestDatabase();
    databases.push(ours);
    const theirs = await emptyDatabase();
    expect(await introspect(ours.url)).toEqual(await engineSchema(await readFile(SCHEMA_PATH, 'utf8'), theirs.url));
  });
});
