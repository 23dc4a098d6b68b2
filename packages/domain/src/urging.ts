import { addWorkingDays, localDateOf, type BusinessCalendar } from './calendar';
import type { DayCount } from './deadlines';
import { DomainError } from './errors';

/**
 * The urging document (văn bản đôn đốc): from the overdue list, the issuer's office drafts a công văn in
 * the form of Nghị định 30/2020/NĐ-CP naming the late units and their tasks, edits it and issues it.
 * Issuing records the urging on each named task, which its unit sees.
 */

/** A task overdue for one unit, as the overdue list gives it. */
export interface OverdueTask {
  readonly directiveId: string;
  readonly reference: string;
  /** The directive's date, yyyy-MM-dd. */
  readonly directiveDate: string;
  readonly taskId: string;
  readonly text: string;
  readonly unitId: string;
  readonly unitName: string;
  /** ISO instant. */
  readonly deadline: string;
  readonly daysOverdue: number;
  readonly counted: DayCount;
}

export interface UrgingItem {
  readonly directiveId: string;
  readonly unitId: string;
  readonly taskId: string;
}

export interface UrgingDraft {
  readonly subject: string;
  /** The body of the công văn, editable, ending with the request and the date to answer by. */
  readonly body: string;
  /** The units it is addressed to (Kính gửi), in the order they are named. */
  readonly recipients: readonly { readonly unitId: string; readonly unitName: string }[];
  readonly items: readonly UrgingItem[];
  /** The day by which the named units report, yyyy-MM-dd. */
  readonly respondBy: string;
}

export const URGING_SUBJECT = 'V/v đôn đốc thực hiện nhiệm vụ quá hạn';
/** Working days the named units get to report by default. */
export const DEFAULT_URGING_WORKING_DAYS = 3;
export const URGING_BODY_MAX_LENGTH = 20_000;
export const MAX_URGING_ITEMS = 500;

const ddMMyyyy = (isoDate: string) => {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
};
const LETTERS = 'abcdefghiklmnopqrstuvxy';

/**
 * The draft: the late units in the order first met, each with its tasks (the directive, its date, the
 * deadline and how late), and the request to finish and report by `respondBy` (by default three
 * working days after `today`), explaining any task that cannot be finished.
 */
export function draftUrging(
  calendar: BusinessCalendar,
  input: { readonly issuerName: string; readonly today: string; readonly overdue: readonly OverdueTask[]; readonly respondBy?: string },
): UrgingDraft {
  if (input.overdue.length === 0) throw new DomainError('INVALID_INPUT', 'Nothing is overdue: there is no one to urge', { field: 'overdue' });
  if (input.overdue.length > MAX_URGING_ITEMS) throw new DomainError('INVALID_INPUT', `At most ${MAX_URGING_ITEMS} tasks in one urging`, { field: 'overdue' });
  const respondBy = input.respondBy ?? addWorkingDays(calendar, input.today, DEFAULT_URGING_WORKING_DAYS);
  const byUnit = new Map<string, { unitName: string; tasks: OverdueTask[] }>();
  for (const task of input.overdue) {
    const unit = byUnit.get(task.unitId) ?? { unitName: task.unitName, tasks: [] };
    unit.tasks.push(task);
    byUnit.set(task.unitId, unit);
  }
  const lines: string[] = [
    `Qua theo dõi, tổng hợp đến ngày ${ddMMyyyy(input.today)}, các cơ quan, đơn vị sau chưa hoàn thành nhiệm vụ được giao, đã quá thời hạn:`,
  ];
  let n = 0;
  for (const { unitName, tasks } of byUnit.values()) {
    n += 1;
    lines.push(`${n}. ${unitName}:`);
    tasks.forEach((task, i) => {
      const days = `quá hạn ${task.daysOverdue} ngày${task.counted === 'workingDays' ? ' làm việc' : ''}`;
      const letter = LETTERS[i % LETTERS.length];
      lines.push(`${letter}) Nhiệm vụ "${task.text}" tại Văn bản số ${task.reference} ngày ${ddMMyyyy(task.directiveDate)} (hạn ${ddMMyyyy(localDateOf(task.deadline))}, ${days}).`);
    });
  }
  lines.push(
    `${input.issuerName} đề nghị Thủ trưởng các cơ quan, Chủ tịch Ủy ban nhân dân các đơn vị nêu trên khẩn trương chỉ đạo thực hiện các nhiệm vụ được giao, báo cáo kết quả về ${input.issuerName} trước ngày ${ddMMyyyy(respondBy)}; trường hợp không hoàn thành phải giải trình rõ lý do./.`,
  );
  return {
    subject: URGING_SUBJECT,
    body: lines.join('\n'),
    recipients: [...byUnit].map(([unitId, u]) => ({ unitId, unitName: u.unitName })),
    items: input.overdue.map((t) => ({ directiveId: t.directiveId, unitId: t.unitId, taskId: t.taskId })),
    respondBy,
  };
}

/** What the issuer sends after editing: checked before anything is recorded. */
export interface UrgingInput {
  readonly reference: string;
  readonly subject: string;
  readonly body: string;
  readonly respondBy: string;
  readonly items: readonly UrgingItem[];
}

/** Throws INVALID_INPUT naming the field: a text of bounded length, a real date not before today, one to MAX_URGING_ITEMS distinct tasks. */
export function checkUrging(input: UrgingInput, today: string): void {
  const bad = (field: string, message: string): never => {
    throw new DomainError('INVALID_INPUT', message, { field });
  };
  if (input.reference.length > 100) bad('reference', 'The number is too long');
  if (input.subject.trim().length === 0 || input.subject.length > 500) bad('subject', 'The subject is required, at most 500 characters');
  if (input.body.trim().length === 0 || [...input.body].length > URGING_BODY_MAX_LENGTH) bad('body', `The text is required, at most ${URGING_BODY_MAX_LENGTH} characters`);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(input.respondBy) ? new Date(`${input.respondBy}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== input.respondBy) bad('respondBy', 'Not a date');
  if (input.respondBy < today) bad('respondBy', 'The date to report by has passed');
  if (input.items.length === 0 || input.items.length > MAX_URGING_ITEMS) bad('items', `One to ${MAX_URGING_ITEMS} tasks`);
  const keys = new Set(input.items.map((i) => `${i.directiveId}\u0000${i.unitId}\u0000${i.taskId}`));
  if (keys.size !== input.items.length) bad('items', 'A task is named twice');
}

/**
 * Why an urging drafted from one directive names no task: nothing is overdue there now. When the
 * directive was entered for tracking after a date it states (a paper dispatch typed in late, 1119 of
 * 2020 entered today), those dates had passed before anyone received it, so the deadlines were moved
 * past the entry (docs/engine.md, "A paper dispatch already in force") and no unit can be late on them
 * yet: the page says so, with the stated dates, the day of entry and the next deadline in force.
 */
export type NothingToUrge =
  | {
      readonly kind: 'enteredAfterDeadline';
      /** yyyy-MM-dd: the directive's own date, the latest date it states that had passed at entry, and the day it was entered (Asia/Ho_Chi_Minh). */
      readonly directiveDate: string;
      readonly statedDeadline: string;
      readonly enteredOn: string;
      /** The earliest deadline in force below the unit (an instant), or null when none runs. */
      readonly nextDeadline: string | null;
    }
  | { readonly kind: 'noneOverdue'; readonly nextDeadline: string | null };

export function nothingToUrge(input: {
  readonly directiveDate: string;
  /** The dates the directive states (its deadlines' `due`, a date or a date-time). */
  readonly statedDeadlines: readonly string[];
  /** yyyy-MM-dd the directive was entered for tracking. */
  readonly enteredOn: string;
  /** Deadlines in force below the unit, instants. */
  readonly deadlinesInForce: readonly string[];
}): NothingToUrge {
  const nextDeadline = [...input.deadlinesInForce].sort()[0] ?? null;
  const passed = input.statedDeadlines
    .map((due) => due.slice(0, 10))
    .filter((day) => /^\d{4}-\d{2}-\d{2}$/.test(day) && day < input.enteredOn)
    .sort();
  const statedDeadline = passed.at(-1);
  if (statedDeadline === undefined) return { kind: 'noneOverdue', nextDeadline };
  return { kind: 'enteredAfterDeadline', directiveDate: input.directiveDate, statedDeadline, enteredOn: input.enteredOn, nextDeadline };
}
