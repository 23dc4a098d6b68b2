import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, startEmbeddedPostgres } from './embedded';
import { readMigrations } from './migrate';
import { createTestDatabase, freePort, setupSeededTemplate } from './testing';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('createTestDatabase', () => {
  it('gives each caller a fresh migrated database of its own', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.url).not.toBe(b.url);
      await query(a.url, "INSERT INTO unit (id, name, level, kind, path, depth) VALUES ('x', 'X', 'province', 'people_committee', 'x', 0)");
      expect(await query(b.url, 'SELECT id FROM unit')).toEqual([]);
      expect((await query(b.url, 'SELECT migration_name FROM _prisma_migrations')).length).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
    await expect(query(a.url, 'SELECT 1')).rejects.toThrow(/does not exist/);
  });

  it('copies a prepared template: each copy has its rows and its migrations, and changes only itself', async () => {
    const variable = `TEST_TEMPLATE_${Date.now()}`;
    const dropTemplate = await setupSeededTemplate(variable, (url) =>
      query(url, "INSERT INTO unit (id, name, level, kind, path, depth) VALUES ('t', 'T', 'province', 'people_committee', 't', 0)").then(() => {}),
    );
    try {
      const template = process.env[variable]!;
      expect(template).toMatch(/^chidao_test_/);
      // Two copies at once, as two test files starting together make them.
      const [a, b] = await Promise.all([createTestDatabase({ template }), createTestDatabase({ template })]);
      try {
        expect(await query(a.url, 'SELECT id FROM unit')).toEqual([{ id: 't' }]);
        expect((await query(a.url, 'SELECT migration_name FROM _prisma_migrations')).length).toBeGreaterThan(0);
        await query(a.url, "DELETE FROM unit WHERE id = 't'");
        expect(await query(b.url, 'SELECT id FROM unit')).toEqual([{ id: 't' }]);
      } finally {
        await Promise.all([a.drop(), b.drop()]);
      }
    } finally {
      await dropTemplate();
    }
    expect(process.env[variable]).toBeUndefined();
  });

  it('starts an embedded cluster of its own when TEST_DATABASE_ADMIN_URL is not set', async () => {
    const saved = process.env.TEST_DATABASE_ADMIN_URL;
    delete process.env.TEST_DATABASE_ADMIN_URL;
    try {
      const db = await createTestDatabase();
      expect(new URL(db.url).port).not.toBe(saved ? new URL(saved).port : '');
      expect(await query(db.url, 'SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: (await readMigrations()).length }]);
      await db.drop();
    } finally {
      if (saved !== undefined) process.env.TEST_DATABASE_ADMIN_URL = saved;
    }
  });
});

describe('startEmbeddedPostgres', () => {
  it('initialises once and keeps the data across restarts', async () => {
    const root = await mkdtemp(join(tmpdir(), 'chidao-embedded-test-'));
    tempDirs.push(root);
    await chmod(root, 0o755);
    const dataDir = join(root, 'pg');
    const port = await freePort();

    const first = await startEmbeddedPostgres({ dataDir, port, databaseName: 'chidao' });
    // Through the Unix socket in the data directory; TCP on the port stays open for other tools, with
    // the password generated for the cluster (roles.test.ts).
    const password = encodeURIComponent(readFileSync(`${dataDir}.password`, 'utf8').trim());
    expect(first.url).toBe(`postgresql://postgres:${password}@localhost:${port}/chidao?host=${encodeURIComponent(dataDir)}`);
    expect(await query(`postgresql://postgres:${password}@localhost:${port}/chidao`, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await query(first.url, 'CREATE TABLE kept (value TEXT); INSERT INTO kept VALUES (\'still here\')');
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

    const second = await startEmbeddedPostgres({ dataDir, port, databaseName: 'chidao' });
    try {
      expect(await query(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('explains why the server did not start', async () => {
    const root = await mkdtemp(join(tmpdir(), 'chidao-embedded-test-'));
    tempDirs.push(root);
    await chmod(root, 0o755);
    const started = startEmbeddedPostgres({ dataDir: join(root, 'pg'), port: await freePort(), databaseName: 'x', postgresFlags: ['-c', 'no_such_setting=1'] });
    await expect(started).rejects.toThrow(/did not start/);
    await expect(started).rejects.toThrow(/no_such_setting/);
  });
});
