import type { AdjustmentRequest } from '@chidao/domain';
import type { Db } from './client';
import { Prisma } from './generated/prisma/client';

/** An adjustment request with the assignment it belongs to. */
export interface AdjustmentRecord extends AdjustmentRequest {
  readonly assignmentId: string;
  readonly directiveId: string;
  readonly unitId: string;
}

/**
 * The tasks approved requests dropped for assignment `a` (SQL alias), as a column `dropped` (text[], null
 * for none): for the queries that list an assignment's tasks.
 */
export const DROPPED_TASKS_SQL = Prisma.sql`(SELECT array_agg(t.task_id) FROM task_adjustment t WHERE t.assignment_id = a.id AND t.kind = 'drop' AND t.state = 'approved') AS dropped`;

export function createAdjustmentRepository(db: Db) {
  const { prisma } = db;
  return {
    /** The request as the workflow now holds it: inserted, or its decision written (a retry writes the same). */
    async record(record: AdjustmentRecord): Promise<void> {
      const data = {
        directiveId: record.directiveId,
        unitId: record.unitId,
        taskId: record.taskId,
        kind: record.kind,
        reason: record.reason,
        proposal: record.proposal ?? null,
        state: record.state,
        requestedBy: record.requestedBy,
        requestedAt: new Date(record.requestedAt),
        decidedBy: record.decidedBy ?? null,
        decidedAt: record.decidedAt ? new Date(record.decidedAt) : null,
        decisionNote: record.decisionNote ?? null,
      };
      await prisma.taskAdjustment.upsert({
        where: { assignmentId_number: { assignmentId: record.assignmentId, number: record.number } },
        create: { assignmentId: record.assignmentId, number: record.number, ...data },
        update: data,
      });
    },

    /** A directive's requests, by when they were asked. */
    async forDirective(directiveId: string): Promise<AdjustmentRecord[]> {
      const rows = await prisma.taskAdjustment.findMany({ where: { directiveId }, orderBy: [{ requestedAt: 'asc' }, { number: 'asc' }] });
      return rows.map(toRecord);
    },
  };
}

function toRecord(r: Prisma.TaskAdjustmentGetPayload<object>): AdjustmentRecord {
  return {
    assignmentId: r.assignmentId,
    directiveId: r.directiveId,
    unitId: r.unitId,
    number: r.number,
    taskId: r.taskId,
    kind: r.kind === 'drop' ? 'drop' : 'change',
    reason: r.reason,
    ...(r.proposal !== null ? { proposal: r.proposal } : {}),
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    state: r.state === 'approved' || r.state === 'rejected' ? r.state : 'pending',
    ...(r.decidedBy !== null ? { decidedBy: r.decidedBy } : {}),
    ...(r.decidedAt !== null ? { decidedAt: r.decidedAt.toISOString() } : {}),
    ...(r.decisionNote !== null ? { decisionNote: r.decisionNote } : {}),
  };
}
