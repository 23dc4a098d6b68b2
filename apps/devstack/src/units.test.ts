import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnam2025 } from '@chidao/admin-units';
import { createDb, createRepositories, type Db } from '@chidao/db';
import { createTestDatabase, type TestDatabase } from '@chidao/db/testing';
import { seedProvinces2025 } from './units';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

describe('npm run units: a province of today’s map into a database of one’s own', () => {
  it('seeds Hà Nội and An Giang with their official codes, no accounts, and changes nothing the second time', async () => {
    const repos = createRepositories(db);
    const seeded = await seedProvinces2025(repos, ['01', '91'], vietnam2025());
    expect(seeded.map((p) => [p.code, p.name, p.communes])).toEqual([
      ['01', 'Ủy ban nhân dân thành phố Hà Nội', 126],
      ['91', 'Ủy ban nhân dân tỉnh An Giang', 102],
    ]);
    const count = async () => (await repos.units.all()).length;
    const before = await count();
    await seedProvinces2025(repos, ['91'], vietnam2025());
    expect(await count()).toBe(before);
    // Each from 1/7/2025, the day the map took effect: no directive dated earlier can address it.
    expect(await repos.units.get('ha-noi.p-hoan-kiem')).toMatchObject({ code: '00070', parentId: 'ha-noi', level: 'commune', validFrom: '2025-07-01' });
    expect(await db.prisma.user.count()).toBe(0);
  });
});
