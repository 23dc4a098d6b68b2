import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@chidao/db/testing';
import { DEMO_PASSWORD } from '@chidao/domain';
import { demoUnits, prepareDatabase, wantsDemoAccounts } from './stack';

// Production-mode guard: pointed at a database of one's own, `npm start` creates no demo account, so
// the published demo password opens nothing there.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(() => database?.drop());

describe('demo accounts', () => {
  it('are wanted only on the embedded database the stack starts itself', () => {
    expect(wantsDemoAccounts({})).toBe(true);
    expect(wantsDemoAccounts({ databaseUrl: 'postgresql://chidao@db.example:5432/chidao' })).toBe(false);
  });

  it('are never created on an external database', async () => {
    const { db, repos } = await prepareDatabase(database.url, { demoAccounts: wantsDemoAccounts({ databaseUrl: database.url }) });
    try {
      // Kiên Giang 2020 (187 units) and An Giang 2025 (its committee, 21 agencies, 102 communes).
      expect(await repos.units.all()).toHaveLength(demoUnits().length);
      expect(demoUnits()).toHaveLength(187 + 1 + 21 + 102);
      expect(await repos.units.get('an-giang.p-rach-gia')).toMatchObject({ code: '30742', parentId: 'an-giang', level: 'commune' });
      expect(await db.prisma.user.count()).toBe(0);
      expect(await repos.users.listDemo()).toEqual([]);
      expect(await repos.credentials.forUsername('ct.kg')).toBeNull();
      expect(DEMO_PASSWORD).toBe('demo-kg-2020');
    } finally {
      await db.close();
    }
  });
});
