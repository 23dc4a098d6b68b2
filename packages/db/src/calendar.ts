import { vietnamCalendar, type BusinessCalendar, type FixedHoliday, type HolidayYear } from '@chidao/domain';
import { auditInsert, type AuditEntryInput } from './audit';
import type { Db } from './client';
import type { CalendarYear as CalendarYearRow, FixedHoliday as FixedHolidayRow } from './generated/prisma/client';

/**
 * The working-day calendar as data (calendar_year, fixed_holiday): what the activities and the API
 * compute deadlines with. The domain's lists seed the years nobody has stored yet; from then on the
 * rows win, so an administrator's correction is what every new deadline uses at once.
 */

function toYear(row: CalendarYearRow): HolidayYear {
  return {
    year: row.year,
    daysOff: row.daysOff,
    ...(row.workingWeekends.length > 0 ? { workingWeekends: row.workingWeekends } : {}),
    source: row.documentNumber && row.documentIssuer ? { number: row.documentNumber, date: row.documentDate, issuer: row.documentIssuer } : null,
    ...(row.note !== null ? { note: row.note } : {}),
  };
}

function toRow(year: HolidayYear) {
  return {
    daysOff: [...year.daysOff].sort(),
    workingWeekends: [...(year.workingWeekends ?? [])].sort(),
    documentNumber: year.source?.number ?? null,
    documentDate: year.source?.date ?? null,
    documentIssuer: year.source?.issuer ?? null,
    note: year.note ?? null,
  };
}

const toFixed = (row: FixedHolidayRow): FixedHoliday => ({ monthDay: row.monthDay, fromYear: row.fromYear, name: row.name, basis: row.basis });

export function createCalendarRepository({ prisma }: Db) {
  // The last calendar built and the rows it was built from: the same rows give the same object, so
  // its day index is built once, while a changed row is seen by the very next load.
  let last: { key: string; calendar: BusinessCalendar } | null = null;

  const repository = {
    async years(): Promise<HolidayYear[]> {
      return (await prisma.calendarYear.findMany({ orderBy: { year: 'asc' } })).map(toYear);
    },

    async fixedHolidays(): Promise<FixedHoliday[]> {
      return (await prisma.fixedHoliday.findMany({ orderBy: [{ fromYear: 'asc' }, { monthDay: 'asc' }] })).map(toFixed);
    },

    /** The calendar as stored now: the domain's lists, replaced year by year by the rows. */
    async load(): Promise<BusinessCalendar> {
      const [years, fixed] = await Promise.all([repository.years(), repository.fixedHolidays()]);
      const key = JSON.stringify([years, fixed]);
      if (last?.key !== key) last = { key, calendar: vietnamCalendar(years, fixed) };
      return last.calendar;
    },

    /** Stores the domain's lists for the years not stored yet; an administrator's rows stay. Returns how many were added. */
    async seedMissing(years: readonly HolidayYear[]): Promise<number> {
      const result = await prisma.calendarYear.createMany({ data: years.map((y) => ({ year: y.year, ...toRow(y) })), skipDuplicates: true });
      return result.count;
    },

    /**
     * Replaces one year's list (checked by the domain's rules first: a bad date or a weekday listed as
     * a working weekend changes nothing), with its audit entry in the same transaction. Returns the
     * year as it was (null: it was computed by the rule). A retry of the same user action (its audit
     * entry's action key is already there) changes nothing again.
     */
    async setYear(year: HolidayYear, audit: (before: HolidayYear | null, after: HolidayYear) => AuditEntryInput): Promise<HolidayYear | null> {
      const checked = vietnamCalendar([year]).overrides.get(year.year)!;
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('calendar_year'), ${checked.year})`;
        const row = await tx.calendarYear.findUnique({ where: { year: checked.year } });
        const before = row ? toYear(row) : null;
        const entry = audit(before, checked);
        if (entry.actionKey && (await tx.auditEntry.findUnique({ where: { actionKey: entry.actionKey }, select: { id: true } }))) return before;
        const data = { ...toRow(checked), updatedAt: new Date() };
        await tx.calendarYear.upsert({ where: { year: checked.year }, create: { year: checked.year, ...data }, update: data });
        await auditInsert(tx, entry);
        return before;
      });
    },

    /** Adds a fixed holiday to the rule of computed years (from its first year on), audited. */
    async addFixedHoliday(holiday: FixedHoliday, audit: AuditEntryInput): Promise<void> {
      const [checked] = vietnamCalendar([], [holiday]).fixedHolidays!;
      await prisma.$transaction(async (tx) => {
        await tx.fixedHoliday.upsert({
          where: { monthDay_fromYear: { monthDay: checked!.monthDay, fromYear: checked!.fromYear } },
          create: { ...checked!, updatedAt: new Date() },
          update: { name: checked!.name, basis: checked!.basis, updatedAt: new Date() },
        });
        await auditInsert(tx, audit);
      });
    },
  };
  return repository;
}
