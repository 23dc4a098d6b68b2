import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from './client';
import { startEmbeddedPostgres } from './embedded';
import { createRepositories } from './repositories';
import { grantApplicationRole } from './roles';
import { createTestDatabase, freePort } from './testing';

async function sqlError(url: string, sql: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(sql);
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';
const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('the application role (what the worker and the API server connect as)', () => {
  it('reads and writes rows, adds to the audit trail, and can do nothing else', async () => {
    const database = await createTestDatabase();
    const role = `${database.name}_app`;
    try {
      const appUrl = await grantApplicationRole(database.url, role, 'a-test-password');
      const db = createDb(appUrl);
      try {
        const repos = createRepositories(db);
        const entry = await repos.audit.append({ actor: null, action: 'test.write', entityType: 'test', entityId: 'x', after: { ok: true } });
        expect((await repos.audit.forEntity('test', 'x')).map((e) => e.id)).toEqual([entry.id]);
      } finally {
        await db.close();
      }
      expect(await sqlError(appUrl, "INSERT INTO unit (id, name, level, kind, path, depth) VALUES ('x', 'X', 'province', 'people_committee', 'x', 0)")).toBeNull();
      expect(await sqlError(appUrl, "UPDATE unit SET name = 'Y' WHERE id = 'x'")).toBeNull();
      // The audit trail: no trigger to switch off, no row to remove or change, no table to empty.
      for (const statement of [
        'ALTER TABLE audit_entry DISABLE TRIGGER ALL',
        'ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_or_delete',
        'DELETE FROM audit_entry',
        "UPDATE audit_entry SET action = 'forged'",
        'TRUNCATE audit_entry',
        'DROP TABLE unit',
        'CREATE TABLE mine (id int)',
        'DELETE FROM _prisma_migrations',
        'DROP FUNCTION audit_entry_append_only() CASCADE',
      ]) {
        expect({ statement, code: await sqlError(appUrl, statement) }).toEqual({ statement, code: INSUFFICIENT_PRIVILEGE });
      }
      // A second grant (after the next migration) changes the password and keeps the rules.
      const again = await grantApplicationRole(database.url, role, 'another-password');
      expect(await sqlError(again, 'SELECT 1 FROM audit_entry')).toBeNull();
      expect(await sqlError(appUrl, 'SELECT 1')).toBe('28P01');
    } finally {
      await database.drop();
      await sqlError(database.url.replace(/\/[^/?]+(\?|$)/, '/postgres$1'), `DROP ROLE IF EXISTS "${role}"`);
    }
  });
});

describe('the embedded cluster', () => {
  const startIn = async (dataDir: string, password?: string) =>
    startEmbeddedPostgres({ dataDir, port: await freePort(), databaseName: 'app', postgresFlags: ['-c', 'fsync=off'], ...(password ? { password } : {}) });

  it('makes a password of its own, readable by this user only, and gives it to a cluster made with the old default', async () => {
    const root = await mkdtemp(join(tmpdir(), 'chidao-password-'));
    tempDirs.push(root);
    await chmod(root, 0o755);
    const dataDir = join(root, 'pg');
    // A cluster as made before: superuser postgres/postgres.
    const legacy = await startIn(dataDir, 'postgres');
    await legacy.stop();
    expect(existsSync(`${dataDir}.password`)).toBe(false);

    const cluster = await startIn(dataDir);
    try {
      const password = readFileSync(`${dataDir}.password`, 'utf8').trim();
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(statSync(`${dataDir}.password`).mode & 0o777).toBe(0o600);
      expect(decodeURIComponent(new URL(cluster.url).password)).toBe(password);
      expect(await sqlError(cluster.url, 'SELECT 1')).toBeNull();
      const old = new URL(cluster.adminUrl);
      old.password = 'postgres';
      expect(await sqlError(old.toString(), 'SELECT 1')).toBe('28P01');
    } finally {
      await cluster.stop();
    }
  });
});
