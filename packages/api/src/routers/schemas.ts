import { z } from 'zod';
import { ASSIGNMENT_STATES, standingOf, vietnamCalendar, type Standing } from '@chidao/domain';
import type { AssignmentView } from '@chidao/db';

export const assignmentState = z.enum(ASSIGNMENT_STATES);

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
  directive: z.object({
    id: z.string(),
    reference: z.string(),
    subject: z.string(),
    date: z.string(),
    issuerUnitId: z.string(),
    issuerName: z.string(),
  }),
  tasks: z.array(z.object({ id: z.string(), text: z.string() })),
  /** The deadline that matters now: acknowledgement while issued, then the report. */
  deadline: z.object({ kind: z.enum(['acknowledge', 'report']), at: z.string() }).nullable(),
  /** trong hạn / sắp đến hạn / quá hạn N ngày / hoàn thành đúng hạn / hoàn thành quá hạn; null when nothing is due. */
  standing: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('within') }),
      z.object({ kind: z.literal('dueSoon') }),
      z.object({ kind: z.literal('overdue'), daysOverdue: z.number().int() }),
      z.object({ kind: z.literal('doneOnTime') }),
      z.object({ kind: z.literal('doneLate'), daysLate: z.number().int() }),
    ])
    .nullable(),
});

export const ackCount = z.object({ total: z.number().int(), acknowledged: z.number().int() });

const calendar = vietnamCalendar();

/** An assignment as the API shows it: with the deadline in force and its standing at `now`. */
export function toAssignmentOutput(row: AssignmentView, now: string = new Date().toISOString()) {
  const tasks = row.tasks.map(({ id, text }) => ({ id, text }));
  let deadline: { kind: 'acknowledge' | 'report'; at: string } | null = null;
  let standing: Standing | null = null;
  if (row.state === 'issued' && row.acknowledgeBy) {
    deadline = { kind: 'acknowledge', at: row.acknowledgeBy };
    standing = standingOf(calendar, { deadline: row.acknowledgeBy, completedAt: null }, now);
  } else if (['acknowledged', 'in_progress', 'returned'].includes(row.state) && row.reportBy) {
    deadline = { kind: 'report', at: row.reportBy };
    standing = standingOf(calendar, { deadline: row.reportBy, completedAt: null }, now);
  } else if (row.state === 'completed' && row.reportBy && row.closedAt) {
    deadline = { kind: 'report', at: row.reportBy };
    standing = standingOf(calendar, { deadline: row.reportBy, completedAt: row.closedAt }, now);
  }
  return { ...row, tasks, deadline, standing };
}
