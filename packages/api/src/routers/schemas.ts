import { z } from 'zod';
import { ASSIGNMENT_STATES, DOCUMENT_KINDS, DUTIES, HANDLING_ROLES, standingOf, taskDeadlineOf, type BusinessCalendar, type DayCount, type Standing } from '@chidao/domain';
import type { AssignmentView } from '@chidao/db';

export const assignmentState = z.enum(ASSIGNMENT_STATES);
export const handlingRole = z.enum(HANDLING_ROLES);

/** The deadline that matters now: acknowledgement while issued, then the report. */
export const deadlineSchema = z.object({ kind: z.enum(['acknowledge', 'report']), at: z.string() }).nullable();

/** trong hạn / sắp đến hạn / quá hạn N ngày / hoàn thành đúng hạn / hoàn thành quá hạn; null when nothing is due. */
export const standingSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('within') }),
    z.object({ kind: z.literal('dueSoon') }),
    z.object({ kind: z.literal('overdue'), daysOverdue: z.number().int(), counted: z.enum(['days', 'workingDays']) }),
    z.object({ kind: z.literal('doneOnTime') }),
    z.object({ kind: z.literal('doneLate'), daysLate: z.number().int(), counted: z.enum(['days', 'workingDays']) }),
  ])
  .nullable();

/** What names a directive wherever one is shown: its kind, number and subject, date and issuer. */
export const directiveHeader = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  reference: z.string(),
  subject: z.string(),
  date: z.string(),
  issuerUnitId: z.string(),
  issuerName: z.string(),
});

export const assignmentView = z.object({
  id: z.string(),
  directiveId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  parentUnitId: z.string().nullable(),
  state: assignmentState,
  issuedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  directive: directiveHeader,
  /**
   * Its tasks, each with the unit's role on it (chủ trì, phối hợp, để biết) and its deadline for this unit:
   * its own, else the report deadline; null for "thường xuyên" and for a task the unit is only told of.
   */
  tasks: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      role: handlingRole,
      due: z.string().nullable(),
      /** How many units the directive names as cooperating (phối hợp) on the task: their contributions go to its lead. */
      cooperating: z.number().int(),
      /** Dropped for this unit by the issuer on its request (đề nghị điều chỉnh): no longer owed. */
      dropped: z.boolean(),
    }),
  ),
  /** The unit's role on the assignment as a whole: lead when it leads any task; one told for information owes no report. */
  role: handlingRole,
  /** The latest urging document (văn bản đôn đốc) that named its tasks: when, its number, the day to report by. */
  urging: z.object({ at: z.string(), reference: z.string(), respondBy: z.string().nullable() }).nullable(),
  /** The report deadline the unit owes (null when none): the latest day it may give the units below. */
  reportBy: z.string().nullable(),
  /** The delivering unit's own instructions, when it forwarded the task to this unit. */
  instructions: z.string().nullable(),
  /** Reassigned (giao lại): the unit that had the task before this one, and on the old one where it went and why. */
  reassignedFromUnitId: z.string().nullable(),
  reassignedToUnitId: z.string().nullable(),
  reassignReason: z.string().nullable(),
  /** A reorganisation's successor: the old units whose tasks it took over (merged communes); empty otherwise. */
  succeedsUnitIds: z.array(z.string()),
  deadline: deadlineSchema,
  standing: standingSchema,
});

export const ackCount = z.object({ total: z.number().int(), acknowledged: z.number().int() });

/** How one progress period stands: answered on time or late, else within, due soon or overdue. */
export function periodStanding(
  period: { dueBy: string; reportedAt: string | null; counted?: DayCount },
  calendar: BusinessCalendar,
  now: string = new Date().toISOString(),
): Standing {
  return standingOf(calendar, { deadline: period.dueBy, completedAt: period.reportedAt, ...(period.counted ? { counted: period.counted } : {}) }, now);
}

/**
 * The deadline in force for an assignment in this state, and how it stands at `now`: days past a
 * deadline set in working days are counted in working days (on `calendar`: the database's,
 * calendar.load()), and the standing says which.
 */
export function deadlineAndStanding(
  row: {
    state: string;
    acknowledgeBy: string | null;
    reportBy: string | null;
    closedAt: string | null;
    acknowledgeCounted?: DayCount;
    reportCounted?: DayCount;
  },
  calendar: BusinessCalendar,
  now: string = new Date().toISOString(),
): { deadline: { kind: 'acknowledge' | 'report'; at: string } | null; standing: Standing | null } {
  const stand = (deadline: string, completedAt: string | null, counted: DayCount | undefined) =>
    standingOf(calendar, { deadline, completedAt, ...(counted ? { counted } : {}) }, now);
  if (row.state === 'issued' && row.acknowledgeBy) {
    return { deadline: { kind: 'acknowledge', at: row.acknowledgeBy }, standing: stand(row.acknowledgeBy, null, row.acknowledgeCounted) };
  }
  if (['acknowledged', 'in_progress', 'returned'].includes(row.state) && row.reportBy) {
    return { deadline: { kind: 'report', at: row.reportBy }, standing: stand(row.reportBy, null, row.reportCounted) };
  }
  if (row.state === 'completed' && row.reportBy && row.closedAt) {
    return { deadline: { kind: 'report', at: row.reportBy }, standing: stand(row.reportBy, row.closedAt, row.reportCounted) };
  }
  return { deadline: null, standing: null };
}

/** An assignment as the API shows it: with the deadline in force and its standing at `now`. */
export function toAssignmentOutput(row: AssignmentView, calendar: BusinessCalendar, now: string = new Date().toISOString()) {
  const tasks = row.tasks.map(({ id, text, role, due, roles, dropped }) => ({
    id,
    text,
    role,
    dropped,
    cooperating: Object.values(roles ?? {}).filter((r) => r === 'cooperating').length,
    due: DUTIES[role].reports ? taskDeadlineOf(calendar, due, { receivedAt: row.issuedAt, reportBy: row.reportBy }).at : null,
  }));
  return { ...row, tasks, ...deadlineAndStanding(row, calendar, now) };
}
