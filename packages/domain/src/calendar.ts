import { getSolarDate } from '@dqcai/vn-lunar';
import { DomainError } from './errors';

/**
 * The Vietnamese business calendar: which days are working days, and the working hours.
 *
 * Dates are `yyyy-MM-dd` strings in Vietnam; instants are ISO strings with an offset. Vietnam has kept
 * UTC+7 with no daylight saving since 1975, so local time is a fixed +7 h shift of UTC: no time-zone
 * database is needed, and results do not depend on the host's zone.
 */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The document that fixed a year's days off: its number, date (yyyy-MM-dd) and issuer. */
export interface CalendarSource {
  readonly number: string;
  readonly date: string | null;
  readonly issuer: string;
}

/** A year's days off as the government announced them; replaces the computed rule for that year. */
export interface HolidayYear {
  readonly year: number;
  /** yyyy-MM-dd; the full announced list, weekends inside a break and compensatory days included. */
  readonly daysOff: readonly string[];
  /** Saturdays/Sundays made working days by a swap (ngày làm bù). */
  readonly workingWeekends?: readonly string[];
  /** The announcement; null where the list was entered without one (say so in `note`). */
  readonly source?: CalendarSource | null;
  readonly note?: string;
}

/**
 * A public holiday on a fixed solar date that the Labour Code rule does not hold yet (24/11, Ngày Văn
 * hóa Việt Nam, once enacted): added as data, it counts in every computed year from `fromYear`.
 */
export interface FixedHoliday {
  /** MM-dd. */
  readonly monthDay: string;
  readonly fromYear: number;
  readonly name: string;
  /** The legal basis, as written. */
  readonly basis: string;
}

export interface BusinessCalendar {
  readonly overrides: ReadonlyMap<number, HolidayYear>;
  readonly fixedHolidays?: readonly FixedHoliday[];
}

const LABOUR_MINISTRY = 'Bộ Lao động - Thương binh và Xã hội';
const GOVERNMENT_OFFICE = 'Văn phòng Chính phủ';
const HOME_AFFAIRS = 'Bộ Nội vụ';

/** yyyy-MM-dd from `from` to `to`, both included (self-contained: it runs before the helpers below exist). */
const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) out.push(new Date(ms).toISOString().slice(0, 10));
  return out;
};

/**
 * Announced days off for public servants (cán bộ, công chức, viên chức). Where a document number is
 * given it was checked; the others were written from memory and checked only against public reports
 * of the days (their `note` says so): an administrator completes them from the calendar screen.
 *
 * - 2020: Labour Code 2012 (Quốc khánh one day, 2/9). Tết Canh Tý 23/01–29/01; 01/01; Giỗ Tổ 02/04;
 *   30/04; 01/05; 02/09. No weekend swaps.
 * - 2021: Labour Code 2019 Art. 112. Tết Tân Sửu 10/02–16/02 (not 11–17/2, as the rule alone would
 *   have it); Giỗ Tổ 21/04; 30/04; 01/05 a Saturday, so Monday 03/05; Quốc khánh 02/09–03/09.
 * - 2025: Tết Ất Tỵ 25/01–02/02; Giỗ Tổ Monday 07/04; 30/04–04/05 with Friday 02/05 off and
 *   Saturday 26/04 worked; Quốc khánh 30/08–02/09 (1/9 and 2/9 off).
 * - 2026: 01/01–04/01 with Friday 02/01 off and Saturday 10/01 worked (12729/VPCP-KGVX); Tết Bính Ngọ
 *   14/02–22/02; Giỗ Tổ Sunday 26/04, so Monday 27/04; 30/04; 01/05; Quốc khánh 29/08–02/09 with
 *   Monday 31/08 off and Saturday 22/08 worked.
 */
export const OFFICIAL_HOLIDAYS: readonly HolidayYear[] = Object.freeze(
  [
    {
      year: 2020,
      daysOff: ['2020-01-01', ...days('2020-01-23', '2020-01-29'), '2020-04-02', '2020-04-30', '2020-05-01', '2020-09-02'],
      source: null,
      note: `Theo thông báo của ${LABOUR_MINISTRY} về nghỉ Tết Canh Tý và các ngày lễ năm 2020; chưa ghi số văn bản.`,
    },
    {
      year: 2021,
      daysOff: ['2021-01-01', ...days('2021-02-10', '2021-02-16'), '2021-04-21', '2021-04-30', '2021-05-01', '2021-05-03', '2021-09-02', '2021-09-03'],
      source: null,
      note: `Theo thông báo của ${LABOUR_MINISTRY} về nghỉ Tết Tân Sửu và các ngày lễ năm 2021; chưa ghi số văn bản.`,
    },
    {
      year: 2025,
      daysOff: ['2025-01-01', ...days('2025-01-25', '2025-02-02'), '2025-04-07', ...days('2025-04-30', '2025-05-04'), ...days('2025-08-30', '2025-09-02')],
      workingWeekends: ['2025-04-26'],
      source: null,
      note: `Theo thông báo của ${HOME_AFFAIRS} về nghỉ Tết Ất Tỵ và các ngày lễ năm 2025; chưa ghi số văn bản.`,
    },
    {
      year: 2026,
      daysOff: [
        ...days('2026-01-01', '2026-01-04'),
        ...days('2026-02-14', '2026-02-22'),
        '2026-04-26',
        '2026-04-27',
        '2026-04-30',
        '2026-05-01',
        ...days('2026-08-29', '2026-09-02'),
      ],
      workingWeekends: ['2026-01-10', '2026-08-22'],
      source: { number: '12729/VPCP-KGVX', date: null, issuer: GOVERNMENT_OFFICE },
      note: 'Nghỉ 01/01–04/01 (nghỉ thứ Sáu 02/01, làm bù thứ Bảy 10/01) theo 12729/VPCP-KGVX; các kỳ nghỉ khác theo thông báo năm 2026.',
    },
  ].map((h) => deepFreeze(h as HolidayYear)),
);

function deepFreeze(h: HolidayYear): HolidayYear {
  return Object.freeze({
    ...h,
    daysOff: Object.freeze([...h.daysOff]),
    ...(h.workingWeekends ? { workingWeekends: Object.freeze([...h.workingWeekends]) } : {}),
    ...(h.source ? { source: Object.freeze({ ...h.source }) } : {}),
  });
}

/** Years the lunar tables (and so the computed rule) cover. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

const DAY_MS = 86_400_000;
const OFFSET_MS = 7 * 3_600_000;
const WORK_START_MIN = 8 * 60;
const WORK_END_MIN = 17 * 60;

function invalid(message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('INVALID_INPUT', message, details);
}

// ---- plain dates as day numbers (days since 1970-01-01) ----
// The exported helpers below serve deadlines.ts; index.ts does not re-export them.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** yyyy-MM-dd → day number; throws INVALID_INPUT for anything that is not a real calendar date. */
export function dayNumberOf(date: string): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!m) invalid(`Not a yyyy-MM-dd date: ${String(date)}`, { date });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    invalid(`Not a calendar date: ${date}`, { date });
  }
  return Math.floor(ms / DAY_MS);
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function ymd(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

// ---- instants ----

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** ISO instant with an offset (or Z) → epoch milliseconds; throws INVALID_INPUT otherwise. */
export function instantMs(instant: string): number {
  const m = typeof instant === 'string' ? INSTANT_RE.exec(instant) : null;
  if (!m) invalid(`Not an ISO instant with offset: ${String(instant)}`, { instant });
  dayNumberOf(m[1] as string);
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) invalid(`Not an ISO instant: ${instant}`, { instant });
  return ms;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Epoch milliseconds → ISO with +07:00; milliseconds shown only when not zero. */
export function formatVnInstant(ms: number): string {
  const local = new Date(ms + OFFSET_MS);
  const base = local.toISOString().slice(0, 19);
  const millis = local.getUTCMilliseconds();
  return `${base}${millis === 0 ? '' : `.${pad(millis, 3)}`}+07:00`;
}

/** Local midnight of a day number, as epoch milliseconds. */
function startOfDayMs(day: number): number {
  return day * DAY_MS - OFFSET_MS;
}

export function localDayOfMs(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

/** Epoch ms of `minutes` after local midnight of `day`. */
export function vnMomentMs(day: number, minutes: number): number {
  return startOfDayMs(day) + minutes * 60_000;
}

export function localDateOf(instant: string): string {
  return dateOfDayNumber(localDayOfMs(instantMs(instant)));
}

// ---- the holiday rule ----

function lunarToDay(day: number, month: number, year: number): number {
  const s = getSolarDate(day, month, year);
  if (!s || s.day < 1 || s.month < 1) invalid(`No lunar date ${day}/${month}/${year}`, { year });
  return ymd(s.year, s.month, s.day);
}

interface ComputedYear {
  readonly dates: readonly string[];
  readonly days: ReadonlySet<number>;
}

/** Mùng 1 Tết (lunar 1/1) of a year, by the Vietnamese (UTC+7) lunar calendar. */
export function lunarNewYearOf(year: number): string {
  checkYear(year);
  return dateOfDayNumber(lunarToDay(1, 1, year));
}

/** Giỗ Tổ Hùng Vương (lunar 10/3, never the leap third month) of a year. */
export function hungKingsDayOf(year: number): string {
  checkYear(year);
  return dateOfDayNumber(lunarToDay(10, 3, year));
}

const computedCache = new Map<string, ComputedYear>();

/**
 * Days off by rule, for a year without an announced list.
 *
 * Labour Code 2019 Art. 112 (from 2021): 1/1; Tết = the last day of the lunar year and lunar 1–4 Tháng
 * Giêng; Giỗ Tổ 10/3 lunar; 30/4; 1/5; 2/9 plus one adjacent day. Before 2021 (Labour Code 2012) Quốc
 * khánh is 2/9 alone; rules before 2013 (Tết of four days, no Giỗ Tổ before 2007) are not modelled.
 * The adjacent Quốc khánh day is the weekday neighbour of 2/9 that touches a weekend, otherwise 1/9 —
 * the choice the government made every year 2021–2026 (Thu→3/9, Fri→1/9, Sat→1/9, Mon→3/9, Tue→1/9,
 * Wed→1/9). A holiday on a Saturday or Sunday gives the next working day off (Art. 111(3)); swaps of
 * working weekends are announced each year and only come from overrides.
 */
function computedHolidays(year: number, fixed: readonly FixedHoliday[] = []): ComputedYear {
  const extra = fixed.filter((f) => year >= f.fromYear).map((f) => f.monthDay).sort();
  const key = `${year}|${extra.join(',')}`;
  const cached = computedCache.get(key);
  if (cached) return cached;
  checkYear(year);
  const tet = lunarToDay(1, 1, year);
  const days = [ymd(year, 1, 1), tet - 1, tet, tet + 1, tet + 2, tet + 3, lunarToDay(10, 3, year), ymd(year, 4, 30), ymd(year, 5, 1)];
  for (const monthDay of extra) days.push(dayNumberOf(`${year}-${monthDay}`));
  const national = ymd(year, 9, 2);
  days.push(national);
  if (year >= 2021) {
    const before = national - 1;
    const after = national + 1;
    const beforeOk = !isWeekend(before);
    const afterOk = !isWeekend(after);
    if (beforeOk && afterOk) days.push(weekdayOf(after) === 5 ? after : before);
    else days.push(beforeOk ? before : after);
  }
  const off = new Set(days);
  for (const day of [...off].sort((a, b) => a - b)) {
    if (!isWeekend(day)) continue;
    let next = day + 1;
    while (isWeekend(next) || off.has(next)) next += 1;
    off.add(next);
  }
  const result: ComputedYear = { dates: Object.freeze([...off].sort((a, b) => a - b).map(dateOfDayNumber)), days: off };
  computedCache.set(key, result);
  return result;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    invalid(`Year outside ${FIRST_YEAR}–${LAST_YEAR}: ${String(year)}`, { year });
  }
}

// ---- calendars ----

interface DayIndex {
  readonly off: ReadonlySet<number>;
  readonly working: ReadonlySet<number>;
}

const indexes = new WeakMap<BusinessCalendar, DayIndex>();

/** Every listed day, from every override, so that a swap listed under a neighbouring year still counts. */
function indexOf(calendar: BusinessCalendar): DayIndex {
  let index = indexes.get(calendar);
  if (!index) {
    const off = new Set<number>();
    const working = new Set<number>();
    for (const y of calendar.overrides.values()) {
      for (const d of y.daysOff) off.add(dayNumberOf(d));
      for (const d of y.workingWeekends ?? []) working.add(dayNumberOf(d));
    }
    index = { off, working };
    indexes.set(calendar, index);
  }
  return index;
}

function validateYear(h: HolidayYear): HolidayYear {
  checkYear(h.year);
  if (!Array.isArray(h.daysOff)) invalid(`daysOff of ${h.year} is not a list`, { year: h.year });
  const daysOff = [...h.daysOff].sort();
  for (const d of daysOff) dayNumberOf(d);
  const workingWeekends = [...(h.workingWeekends ?? [])].sort();
  for (const d of workingWeekends) {
    if (!isWeekend(dayNumberOf(d))) invalid(`${d} is not a Saturday or Sunday`, { year: h.year, date: d });
    if (daysOff.includes(d)) invalid(`${d} is both a day off and a working day`, { year: h.year, date: d });
  }
  if (h.source) {
    if (!h.source.number.trim() || !h.source.issuer.trim()) invalid(`The document of ${h.year} needs a number and an issuer`, { year: h.year });
    if (h.source.date !== null) dayNumberOf(h.source.date);
  }
  return deepFreeze({
    year: h.year,
    daysOff,
    ...(h.workingWeekends ? { workingWeekends } : {}),
    ...(h.source !== undefined ? { source: h.source } : {}),
    ...(h.note !== undefined ? { note: h.note } : {}),
  });
}

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function validateFixed(f: FixedHoliday): FixedHoliday {
  checkYear(f.fromYear);
  if (!MONTH_DAY.test(f.monthDay)) invalid(`Not a MM-dd day: ${f.monthDay}`, { monthDay: f.monthDay });
  dayNumberOf(`2024-${f.monthDay}`); // a leap year: 02-29 passes, 02-30 does not
  if (!f.name.trim()) invalid('A fixed holiday needs a name', { monthDay: f.monthDay });
  return Object.freeze({ ...f });
}

/**
 * The Vietnamese calendar: the official lists, replaced year by year by `overrides` (the database's
 * rows, as an administrator keeps them), with `fixedHolidays` added to the rule of computed years.
 */
export function vietnamCalendar(overrides: readonly HolidayYear[] = [], fixedHolidays: readonly FixedHoliday[] = []): BusinessCalendar {
  const map = new Map<number, HolidayYear>();
  for (const h of OFFICIAL_HOLIDAYS) map.set(h.year, h);
  const seen = new Set<number>();
  for (const h of overrides) {
    if (seen.has(h.year)) invalid(`Two overrides for ${h.year}`, { year: h.year });
    seen.add(h.year);
    map.set(h.year, validateYear(h));
  }
  const calendar: BusinessCalendar = { overrides: map, fixedHolidays: Object.freeze(fixedHolidays.map(validateFixed)) };
  indexOf(calendar);
  return calendar;
}

/** Whether a year's days come from an announcement (`announced`) or from the Labour Code rule (`computed`). */
export function yearStatusOf(calendar: BusinessCalendar, year: number): 'announced' | 'computed' {
  checkYear(year);
  return calendar.overrides.has(year) ? 'announced' : 'computed';
}

/** A year as the calendar screen shows it: its days off and working weekends, where they come from. */
export interface CalendarYearView {
  readonly year: number;
  readonly status: 'announced' | 'computed';
  readonly daysOff: readonly string[];
  readonly workingWeekends: readonly string[];
  readonly source: CalendarSource | null;
  readonly note: string | null;
  /** Fixed holidays added as data that count in this year (computed years only). */
  readonly fixedHolidays: readonly FixedHoliday[];
}

export function calendarYearView(calendar: BusinessCalendar, year: number): CalendarYearView {
  const override = calendar.overrides.get(year);
  return {
    year,
    status: yearStatusOf(calendar, year),
    daysOff: holidaysOf(calendar, year),
    workingWeekends: [...(override?.workingWeekends ?? [])].sort(),
    source: override?.source ?? null,
    note: override?.note ?? null,
    fixedHolidays: override ? [] : (calendar.fixedHolidays ?? []).filter((f) => year >= f.fromYear),
  };
}

/** The year's days off: the announced list when there is one, else the Labour Code rule. */
export function holidaysOf(calendar: BusinessCalendar, year: number): string[] {
  checkYear(year);
  const override = calendar.overrides.get(year);
  return override ? [...override.daysOff].sort() : [...computedHolidays(year, calendar.fixedHolidays).dates];
}

function isWorkingDayNumber(calendar: BusinessCalendar, day: number): boolean {
  const index = indexOf(calendar);
  if (index.working.has(day)) return true;
  if (index.off.has(day) || isWeekend(day)) return false;
  const year = yearOfDay(day);
  if (calendar.overrides.has(year)) return true;
  return !computedHolidays(year, calendar.fixedHolidays).days.has(day);
}

export function isWorkingDay(calendar: BusinessCalendar, date: string): boolean {
  return isWorkingDayNumber(calendar, dayNumberOf(date));
}

function checkDays(days: number): void {
  if (!Number.isInteger(days) || days < 0) invalid(`Working days must be a whole number ≥ 0: ${String(days)}`, { days });
}

/** The working day `days` working days after `day` (0: `day` itself if working, else the next one). */
export function addWorkingDayNumbers(calendar: BusinessCalendar, day: number, days: number): number {
  checkDays(days);
  let d = day;
  if (days === 0) {
    while (!isWorkingDayNumber(calendar, d)) d += 1;
    return d;
  }
  for (let left = days; left > 0; ) {
    d += 1;
    if (isWorkingDayNumber(calendar, d)) left -= 1;
  }
  return d;
}

/** The `days`-th working day strictly before `day` (days ≥ 1). */
export function subtractWorkingDayNumbers(calendar: BusinessCalendar, day: number, days: number): number {
  checkDays(days);
  let d = day;
  for (let left = days; left > 0; ) {
    d -= 1;
    if (isWorkingDayNumber(calendar, d)) left -= 1;
  }
  return d;
}

export function addWorkingDays(calendar: BusinessCalendar, date: string, days: number): string {
  return dateOfDayNumber(addWorkingDayNumbers(calendar, dayNumberOf(date), days));
}

export function workingDaysBetween(calendar: BusinessCalendar, from: string, to: string): number {
  const a = dayNumberOf(from);
  const b = dayNumberOf(to);
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d += 1) if (isWorkingDayNumber(calendar, d)) count += 1;
  return sign * count;
}

/** Working hours are 08:00–17:00 local on a working day; 17:00 itself is outside. */
export function nextWorkingMoment(calendar: BusinessCalendar, instant: string): string {
  const ms = instantMs(instant);
  const day = localDayOfMs(ms);
  const minutes = (ms - startOfDayMs(day)) / 60_000;
  if (isWorkingDayNumber(calendar, day)) {
    if (minutes < WORK_START_MIN) return formatVnInstant(vnMomentMs(day, WORK_START_MIN));
    if (minutes < WORK_END_MIN) return formatVnInstant(ms);
  }
  return formatVnInstant(vnMomentMs(addWorkingDayNumbers(calendar, day, 1), WORK_START_MIN));
}

/** 08:00, the start of working hours, in minutes after local midnight. */
export const WORK_START_MINUTES = WORK_START_MIN;
