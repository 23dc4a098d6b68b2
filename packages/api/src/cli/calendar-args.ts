import type { CalendarSource, HolidayYear } from '@chidao/domain';

/**
 * `npm run calendar -- show <year>` or `npm run calendar -- set <year> --off <dd/MM/yyyy,…> [--working
 * <dd/MM/yyyy,…>] [--document <number> --issuer <issuer> [--date <dd/MM/yyyy>]] [--note <text>]`:
 * the arguments, read without guessing. A date that is not a real day is an error naming it.
 */
export type CalendarCommand = { readonly kind: 'show'; readonly year: number } | { readonly kind: 'set'; readonly year: HolidayYear };

export const CALENDAR_USAGE = `usage: npm run calendar -- show <year>
       npm run calendar -- set <year> --off <dd/MM/yyyy,…> [--working <dd/MM/yyyy,…>]
                           [--document <number> --issuer <issuer> [--date <dd/MM/yyyy>]] [--note <text>]
  show: the year's days off and Saturdays worked, whether announced (and by which document) or computed.
  set:  replaces the year's whole list as announced (weekends inside a break and compensatory days
        included); deadlines computed from now on use it, and running tasks the year touches re-plan.
        Recorded in the audit trail as done by the system, by command.
  Environment: DATABASE_URL (required), TEMPORAL_ADDRESS (127.0.0.1:7233), TEMPORAL_NAMESPACE (default),
  TEMPORAL_TASK_QUEUE (directives), TEMPORAL_TLS_CA / _CERT / _KEY (npm start's: .data/temporal/tls/).`;

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** dd/MM/yyyy → yyyy-MM-dd; throws naming the text when it is not a real day. */
export function isoOf(text: string): string {
  const m = DMY.exec(text.trim());
  const iso = m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : '';
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) throw new Error(`Not a date (dd/MM/yyyy): ${text}`);
  return iso;
}

export function parseCalendarArgs(args: readonly string[]): CalendarCommand {
  const [verb, yearText, ...rest] = args;
  const year = Number(yearText);
  if ((verb !== 'show' && verb !== 'set') || !Number.isInteger(year) || year < 1900 || year > 2199) throw new Error(CALENDAR_USAGE);
  if (verb === 'show') {
    if (rest.length > 0) throw new Error(CALENDAR_USAGE);
    return { kind: 'show', year };
  }
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i]!, rest[i + 1]];
    if (!['--off', '--working', '--document', '--issuer', '--date', '--note'].includes(flag) || value === undefined || options.has(flag)) throw new Error(CALENDAR_USAGE);
    options.set(flag, value);
  }
  const list = (flag: string) => (options.get(flag) ?? '').split(',').map((d) => d.trim()).filter(Boolean).map(isoOf);
  if (!options.has('--off')) throw new Error(CALENDAR_USAGE);
  const [number, issuer] = [options.get('--document'), options.get('--issuer')];
  if ((number === undefined) !== (issuer === undefined)) throw new Error('--document and --issuer go together');
  const source: CalendarSource | null = number && issuer ? { number, issuer, date: options.has('--date') ? isoOf(options.get('--date')!) : null } : null;
  const note = options.get('--note');
  return { kind: 'set', year: { year, daysOff: list('--off'), workingWeekends: list('--working'), source, ...(note ? { note } : {}) } };
}
