import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readMigrations } from './migrate';
import { createTestDatabase, type TestDatabase } from './testing';

// `npm run migrate` (scripts/migrate.ts, run as the command runs it) on an empty database: the
// migrations and nothing else.

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

function runMigrate(url: string, args: readonly string[] = [], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', ...args], {
      cwd: PACKAGE_DIR,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function count(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe('npm run migrate', () => {
  it('applies every migration to an empty database and adds no unit, account or directive; a second run changes nothing', async () => {
    const database = await createTestDatabase({ migrate: false });
    databases.push(database);
    const migrations = await readMigrations();

    const first = await runMigrate(database.url);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`applied ${migrations.length} migrations, the last ${migrations.at(-1)!.name}`);
    expect(first.stdout).not.toContain(new URL(database.url).password);
    expect(await count(database.url, '_prisma_migrations WHERE finished_at IS NOT NULL')).toBe(migrations.length);
    for (const table of ['unit', 'app_user', 'directive', 'assignment']) expect(await count(database.url, table), table).toBe(0);

    const second = await runMigrate(database.url);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`up to date (${migrations.length} migrations`);
  });

  it("grants an application role rows only, its password from standard input", async () => {
    const database = await createTestDatabase({ migrate: false });
    databases.push(database);
    const role = `app_${database.name.slice(-8)}`;
    const done = await runMigrate(database.url, ['--app-role', role], 'role-password\n');
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    const asRole = new URL(database.url);
    asRole.username = role;
    asRole.password = 'role-password';
    expect(await count(asRole.toString(), 'unit')).toBe(0);
    await expect(count(asRole.toString(), 'unit; CREATE TABLE intruder (id int)')).rejects.toThrow(/permission denied/);
  });

  it('refuses what it does not know, changing nothing', async () => {
    const database = await createTestDatabase({ migrate: false });
    databases.push(database);
    const refused = await runMigrate(database.url, ['--seed-demo']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('usage: DATABASE_URL=');
    expect(await count(database.url, "pg_tables WHERE tablename = '_prisma_migrations'")).toBe(0);
  });
});
