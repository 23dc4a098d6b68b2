import { roleOf, type DayCount, type DirectiveTask, type HandlingRole, type ReportOnTasks, type TaskFacts, type TaskMark } from '@chidao/domain';
import type { Db } from './client';
import { asRole, countedOf } from './assignments';
import { DROPPED_TASKS_SQL } from './adjustments';
import { Prisma } from './generated/prisma/client';
import { isoDate } from './values';

/** Whose tasks: those of the directives a unit issued, or those a unit received. */
export type TaskScope = { readonly issuedBy: string } | { readonly heldBy: string } | { readonly directiveId: string };

/** One unit's task with what the statistics need to name it. */
export interface TaskFactsRow extends TaskFacts {
  readonly assignmentId: string;
  readonly reference: string;
  readonly directiveDate: string;
  readonly unitName: string;
  readonly text: string;
}

interface Row {
  id: string;
  directive_id: string;
  unit_id: string;
  unit_name: string;
  task_ids: string[];
  issued_at: Date;
  report_by: Date | null;
  report_counted: string | null;
  reference: string;
  date: Date;
  tasks: DirectiveTask[] | null;
  roles: Record<string, HandlingRole> | null;
  role: string;
  dropped: string[] | null;
}

interface ReportRow {
  assignment_id: string;
  version: number;
  submitted_at: Date;
  period: number | null;
  tasks: Record<string, TaskMark> | null;
  review: string;
  reviewed_at: Date | null;
}

/** More assignments than a national directive has (3,321 communes and their provinces) times a year's directives of a province. */
export const MAX_TASK_FACT_ASSIGNMENTS = 50_000;

export function createStatisticsRepository(db: Db) {
  const { prisma } = db;
  return {
    /**
     * Every task of every assignment in scope delivered by `until` and still owed (not recalled or moved
     * to another unit), with the directive's text and roles and every report sent on it. Ordered by
     * directive date, directive, unit.
     */
    async taskFacts(scope: TaskScope, until: string): Promise<TaskFactsRow[]> {
      const where =
        'issuedBy' in scope
          ? Prisma.sql`d.issuer_unit_id = ${scope.issuedBy}`
          : 'heldBy' in scope
            ? Prisma.sql`a.unit_id = ${scope.heldBy}`
            : Prisma.sql`a.directive_id = ${scope.directiveId}`;
      const rows = await prisma.$queryRaw<Row[]>`
        SELECT a.id, a.directive_id, a.unit_id, u.name AS unit_name, a.task_ids, a.issued_at, a.report_by, a.report_counted, a.role,
               ${DROPPED_TASKS_SQL},
               d.reference, d.date, d.body -> 'tasks' AS tasks, d.body -> 'roles' AS roles
          FROM assignment a
          JOIN directive d ON d.id = a.directive_id
          JOIN unit u ON u.id = a.unit_id
         WHERE ${where} AND a.issued_at <= ${new Date(until)}::timestamptz AND a.state NOT IN ('recalled', 'reassigned')
         ORDER BY d.date, d.id, u.path
         LIMIT ${MAX_TASK_FACT_ASSIGNMENTS + 1}`;
      if (rows.length > MAX_TASK_FACT_ASSIGNMENTS) {
        throw new Error(`More than ${MAX_TASK_FACT_ASSIGNMENTS} assignments in one statistics request`);
      }
      const reports = rows.length === 0 ? [] : await prisma.$queryRaw<ReportRow[]>`
        SELECT assignment_id, version, submitted_at, period, tasks, review, reviewed_at
          FROM report WHERE assignment_id = ANY(${rows.map((r) => r.id)}::text[])
         ORDER BY assignment_id, version`;
      const byAssignment = new Map<string, ReportOnTasks[]>();
      for (const r of reports) {
        const list = byAssignment.get(r.assignment_id) ?? [];
        list.push({
          version: r.version,
          submittedAt: r.submitted_at.toISOString(),
          period: r.period,
          tasks: r.tasks,
          review: r.review === 'accepted' || r.review === 'returned' ? r.review : 'pending',
          reviewedAt: r.reviewed_at?.toISOString() ?? null,
        });
        byAssignment.set(r.assignment_id, list);
      }
      return rows.flatMap((row) => {
        const tasks = row.tasks ?? [];
        const directive = { roles: row.roles ?? {}, tasks };
        // Tasks the issuer dropped for the unit (đề nghị điều chỉnh) are no longer its to do.
        const dropped = new Set(row.dropped ?? []);
        const held = new Set(row.task_ids.filter((t) => !dropped.has(t)));
        const reportCounted: DayCount = countedOf(row.report_counted);
        return tasks
          .filter((task) => held.has(task.id))
          .map((task) => ({
            assignmentId: row.id,
            directiveId: row.directive_id,
            reference: row.reference,
            directiveDate: isoDate(row.date),
            taskId: task.id,
            text: task.text,
            unitId: row.unit_id,
            unitName: row.unit_name,
            role: roleOf(directive, row.unit_id, task.id, asRole(row.role)),
            receivedAt: row.issued_at.toISOString(),
            due: task.due,
            reportBy: row.report_by?.toISOString() ?? null,
            reportCounted,
            reports: byAssignment.get(row.id) ?? [],
          }));
      });
    },
  };
}
