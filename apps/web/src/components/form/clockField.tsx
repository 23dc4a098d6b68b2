import { parseClockTime } from '../../lib/dates';

/** A time of day typed as officials write it ("21:00", "21h30", "7.05"): the field's rules. */
export const CLOCK_RULES = { required: 'app.required', validate: (text: unknown) => parseClockTime(String(text)) !== null || 'notifications.prefs.clockTime' };

/** Quiet hours' end: a time of day, and not the time they start, while quiet hours are on. */
export const QUIET_TO_RULES = {
  required: 'app.required',
  validate: (to: unknown, values: { readonly quiet: boolean; readonly quietFrom: string }) =>
    parseClockTime(String(to)) === null
      ? 'notifications.prefs.clockTime'
      : !values.quiet || parseClockTime(String(to)) !== parseClockTime(values.quietFrom) || 'notifications.prefs.quietSame',
};

/** The box for a time of day: text (a phone's time picker shows "09:00 PM" in English), with digits offered. */
export const clockInput = (control: object, testId?: string) => (
  <input {...control} type="text" inputMode="numeric" autoComplete="off" maxLength={8} placeholder="hh:mm" required data-testid={testId} />
);
