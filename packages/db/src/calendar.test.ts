import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay, OFFICIAL_HOLIDAYS, yearStatusOf } from '@chidao/domain';
import { createDb, type Db } from './client';
import { createRepositories, type Repositories } from './repositories';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let db: Db;
let repos: Repositories;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  repos = createRepositories(db);
});
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const system = { actor: null, action: 'calendar.set_year', entityType: 'calendar_year', entityId: 'test' };

describe('the calendar as data', () => {
  it('seeds the announced lists once, and keeps an administrator’s year over the seed', async () => {
    expect(await repos.calendar.seedMissing(OFFICIAL_HOLIDAYS)).toBe(OFFICIAL_HOLIDAYS.length);
    expect((await repos.calendar.years()).map((y) => y.year)).toEqual(OFFICIAL_HOLIDAYS.map((h) => h.year));
    expect((await repos.calendar.years()).find((y) => y.year === 2026)?.source).toMatchObject({ number: '12729/VPCP-KGVX' });

    await repos.calendar.setYear({ year: 2026, daysOff: ['2026-01-01'], source: { number: '1/TB', date: '2025-12-01', issuer: 'Bộ Nội vụ' } }, () => system);
    expect(await repos.calendar.seedMissing(OFFICIAL_HOLIDAYS)).toBe(0);
    expect((await repos.calendar.years()).find((y) => y.year === 2026)?.daysOff).toEqual(['2026-01-01']);
  });

  it('is what the next load computes with: a changed year counts at once, a computed year becomes announced', async () => {
    const first = await repos.calendar.load();
    expect(await repos.calendar.load()).toBe(first);
    expect(yearStatusOf(first, 2031)).toBe('computed');
    expect(isWorkingDay(first, '2031-03-03')).toBe(true);
    await repos.calendar.setYear({ year: 2031, daysOff: ['2031-03-03'] }, () => system);
    const next = await repos.calendar.load();
    expect(yearStatusOf(next, 2031)).toBe('announced');
    expect(isWorkingDay(next, '2031-03-03')).toBe(false);
  });

  it('refuses a bad year whole and writes nothing, not even its audit entry', async () => {
    const audited = (await repos.audit.forEntity('calendar_year', 'test')).length;
    await expect(repos.calendar.setYear({ year: 2032, daysOff: ['2032-02-30'] }, () => system)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(repos.calendar.setYear({ year: 2032, daysOff: [], workingWeekends: ['2032-03-03'] }, () => system)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await repos.calendar.years()).some((y) => y.year === 2032)).toBe(false);
    expect(await repos.audit.forEntity('calendar_year', 'test')).toHaveLength(audited);
  });

  it('adds a fixed holiday to the rule of computed years', async () => {
    await repos.calendar.addFixedHoliday({ monthDay: '11-24', fromYear: 2033, name: 'Ngày Văn hóa Việt Nam', basis: 'thử' }, { ...system, action: 'calendar.add_fixed_holiday' });
    const calendar = await repos.calendar.load();
    expect(isWorkingDay(calendar, '2033-11-24')).toBe(false);
    expect(isWorkingDay(calendar, '2032-11-24')).toBe(true);
  });
});
