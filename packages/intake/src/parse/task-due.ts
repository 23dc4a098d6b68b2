import type { TaskDue } from '@chidao/domain';
import { dayBefore, findDates } from '../dates';
import type { BeforeDateReading } from '../types';

/**
 * A bullet's own deadline, as dispatches write it inside the task:
 * - "Thời gian thực hiện: thường xuyên", "(thường xuyên)" → none (an ongoing task);
 * - "trong (vòng) 05 ngày làm việc" → working days from receipt;
 * - "hoàn thành trước ngày 25/8/2020", "chậm nhất ngày 25/8", "Thời hạn: 25/8/2020", "trước 16 giờ ngày 21/8/2020"
 *   → that date (and time).
 * "Thường xuyên" elsewhere ("thường xuyên cập nhật thông tin") describes the work, not its deadline.
 * Several dates: the last one named as a deadline. None found: undefined (due with the report).
 */
const ONGOING_RE = /(?:thời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?\s*:\s*|\(\s*)thường\s+xuyên/iu;
const WORKING_DAYS_RE = /\btrong(?:\s+vòng)?\s+(\d{1,3})\s+ngày\s+làm\s+việc/iu;
// What must come right before a date for it to be the task's deadline, read with its spaces collapsed
// (so no two runs of spaces in the pattern compete for the same characters).
const BEFORE_DATE_RE = /(?:trước|chậm nhất(?: là)?|hạn chót|thời (?:gian|hạn)(?: (?:thực hiện|hoàn thành))?:?)(?: ngày)?$/iu;

export function taskDueOf(text: string, year: number | null, beforeDate: BeforeDateReading = 'inclusive'): TaskDue | undefined {
  if (ONGOING_RE.test(text)) return { type: 'none' };
  let due: TaskDue | undefined;
  for (const d of findDates(text, year)) {
    // The words before the date, its own "ngày" and time of day excluded (findDates includes them).
    const before = text.slice(Math.max(0, d.start - 40), d.start).replace(/\s+/gu, ' ').trimEnd();
    if (!BEFORE_DATE_RE.test(before)) continue;
    const [date, time] = d.iso.split('T');
    // "trước ngày X" read as exclusive: by the end of the day before X (ParseOptions.beforeDate).
    const exclusive = !d.hasTime && beforeDate === 'exclusive' && /trước(?: ngày)?$/iu.test(before);
    due = d.hasTime ? { type: 'date', date: date!, time: time!.slice(0, 5) } : { type: 'date', date: exclusive ? dayBefore(date!) : date! };
  }
  if (due) return due;
  const days = WORKING_DAYS_RE.exec(text);
  if (days) {
    const n = Number(days[1]);
    if (n >= 1 && n <= 365) return { type: 'workingDays', days: n };
  }
  return undefined;
}
