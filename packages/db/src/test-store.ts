import { afterAll, beforeAll } from 'vitest';
import { createDb, type Db } from './client';
import { createRepositories, type Repositories } from './repositories';
import { seedReferenceData, type SeedOptions } from './seed';
import { createTestDatabase, type TestDatabase } from './testing';

/** A test file's own database: its connection string, the client and the repositories over it. */
export interface TestStore {
  readonly url: string;
  readonly db: Db;
  readonly repos: Repositories;
}

/**
 * For a test file: a fresh, migrated database of its own, seeded when `seed` is given, opened before
 * the file's tests and closed and dropped after them. Its fields may be read once the tests or the
 * file's later hooks run (before hooks run in the order they are declared, after hooks in reverse).
 */
export function useTestStore(seed?: SeedOptions): TestStore {
  let database: TestDatabase | undefined;
  let opened: { db: Db; repos: Repositories } | undefined;
  const open = () => {
    if (!database || !opened) throw new Error('the test database is opened in beforeAll: read it from a test or a later hook');
    return { url: database.url, ...opened };
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    const db = createDb(database.url);
    opened = { db, repos: createRepositories(db) };
    if (seed) await seedReferenceData(opened.repos, seed);
  });
  afterAll(async () => {
    await opened?.db.close();
    await database?.drop();
  });
  return {
    get url() {
      return open().url;
    },
    get db() {
      return open().db;
    },
    get repos() {
      return open().repos;
    },
  };
}
