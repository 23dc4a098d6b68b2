import type { AssignmentState, DayCount, TaskMark } from '@chidao/domain';
import type { Db } from './client';
import { countedOf } from './assignments';
import { Prisma } from './generated/prisma/client';

/**
 * The read model of the lifecycle engine: the workflow's own events, escalations, reports and
 * their reviews, deadlines. Every write is keyed so a retried activity converges.
 */

export const ESCALATION_STATES = ['open', 'seen', 'resolved'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];
export type EscalationReason = 'acknowledge_overdue' | 'report_overdue' | 'progress_overdue' | 'task_overdue' | 'behind_target';
export type ReviewState = 'pending' | 'accepted' | 'returned';

/** An assignment's state as a workflow step writes it; `version` orders the steps. */
interface StateInput {
  readonly id: string;
  readonly state: AssignmentState;
  readonly version: number;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly closedAt: string | null;
}

export interface EscalationRecord {
  readonly id: string;
  readonly directiveId: string;
  readonly assignmentId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly recipientUnitId: string;
  readonly level: 'parent' | 'province';
  readonly reason: EscalationReason;
  readonly state: EscalationState;
  readonly raisedAt: string;
  readonly dueAt: string;
  readonly seenAt: string | null;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
}

export interface EscalationPageQuery {
  readonly recipientUnitIds: readonly string[];
  readonly directiveId?: string;
  readonly state?: 'open' | 'handled';
  readonly level?: EscalationRecord['level'];
  readonly reason?: EscalationReason;
  readonly offset: number;
  readonly limit: number;
}

export interface ReportRecord {
  readonly assignmentId: string;
  readonly version: number;
  readonly figures: Readonly<Record<string, number>>;
  readonly narrative: string;
  /** Its tasks one by one; null in reports sent before tasks were marked (or without marks). */
  readonly tasks: Readonly<Record<string, TaskMark>> | null;
  readonly final: boolean;
  /** The progress period the report answers; null for the final (or an unscheduled) report. */
  readonly period: number | null;
  readonly correctionReason: string | null;
  readonly submittedAt: string;
  readonly submittedBy: string;
  readonly review: ReviewState;
  readonly reviewedAt: string | null;
  readonly reviewedBy: string | null;
  readonly reviewReason: string | null;
}

export interface ProgressPeriodRecord {
  readonly period: number;
  readonly from: string;
  readonly dueBy: string;
  /** Working days for a report every N working days (absent in older rows: days). */
  readonly counted?: DayCount;
  /** A regime by the calendar: the days its figures cover, yyyy-MM-dd both included. */
  readonly window?: { readonly from: string; readonly to: string };
  /** Due after the final report's day (a regime until the issuer ends it): the final report does not answer it. */
  readonly afterFinal?: boolean;
}

export interface EventRecord {
  readonly assignmentId: string;
  readonly key: string;
  readonly kind: string;
  readonly at: string;
  readonly data: Readonly<Record<string, unknown>>;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export type LifecycleRepositories = ReturnType<typeof createLifecycleRepositories>;

export function createLifecycleRepositories(db: Db) {
  const { prisma } = db;

  const events = {
    /** Written once per key; a retry of the same step is a no-op. */
    async append(event: EventRecord): Promise<void> {
      await prisma.assignmentEvent.createMany({
        data: [{ ...event, at: new Date(event.at), data: event.data as Prisma.InputJsonObject }],
        skipDuplicates: true,
      });
    },
    async forAssignment(assignmentId: string): Promise<EventRecord[]> {
      const rows = await prisma.assignmentEvent.findMany({ where: { assignmentId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
      return rows.map((r) => ({ assignmentId: r.assignmentId, key: r.key, kind: r.kind, at: r.at.toISOString(), data: r.data as Record<string, unknown> }));
    },
  };

  function toEscalation(row: Prisma.EscalationGetPayload<object>, unitName: string): EscalationRecord {
    return {
      id: row.id,
      directiveId: row.directiveId,
      assignmentId: row.assignmentId,
      unitId: row.unitId,
      unitName,
      recipientUnitId: row.recipientUnitId,
      level: row.level as EscalationRecord['level'],
      reason: row.reason as EscalationReason,
      state: row.state as EscalationState,
      raisedAt: row.raisedAt.toISOString(),
      dueAt: row.dueAt.toISOString(),
      seenAt: iso(row.seenAt),
      resolvedAt: iso(row.resolvedAt),
      resolvedBy: row.resolvedBy,
    };
  }
  async function withUnitNames(rows: Prisma.EscalationGetPayload<object>[]): Promise<EscalationRecord[]> {
    const names = new Map(
      (await prisma.unit.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } }, select: { id: true, name: true } })).map(
        (u) => [u.id, u.name] as const,
      ),
    );
    return rows.map((r) => toEscalation(r, names.get(r.unitId) ?? r.unitId));
  }

  const escalations = {
    /** Idempotent by id: the same step of the same deadline raises one record. */
    async raise(input: Omit<EscalationRecord, 'state' | 'seenAt' | 'resolvedAt' | 'resolvedBy' | 'unitName'>): Promise<void> {
      await prisma.escalation.createMany({
        data: [{ ...input, state: 'open', raisedAt: new Date(input.raisedAt), dueAt: new Date(input.dueAt) }],
        skipDuplicates: true,
      });
    },
    async get(id: string): Promise<EscalationRecord | null> {
      const row = await prisma.escalation.findUnique({ where: { id } });
      return row ? ((await withUnitNames([row]))[0] ?? null) : null;
    },
    /** The receiving unit's inbox, newest first; resolved ones only when asked. */
    async inbox(recipientUnitId: string, includeResolved = false): Promise<EscalationRecord[]> {
      const rows = await prisma.escalation.findMany({
        where: { recipientUnitId, ...(includeResolved ? {} : { state: { in: ['open', 'seen'] } }) },
        orderBy: [{ raisedAt: 'desc' }, { id: 'asc' }],
      });
      return withUnitNames(rows);
    },
    /**
     * One page of the escalations addressed to `recipientUnitIds`, newest first, filtered, with how
     * many match in all: the inbox page asks the database for a page, never for every escalation of a
     * province. "Open" is not yet handled (open or seen); "handled" is resolved.
     */
    async page(query: EscalationPageQuery): Promise<{ readonly items: EscalationRecord[]; readonly total: number }> {
      const where: Prisma.EscalationWhereInput = {
        recipientUnitId: { in: [...query.recipientUnitIds] },
        ...(query.directiveId === undefined ? {} : { directiveId: query.directiveId }),
        ...(query.state === undefined ? {} : { state: query.state === 'handled' ? 'resolved' : { in: ['open', 'seen'] } }),
        ...(query.level === undefined ? {} : { level: query.level }),
        ...(query.reason === undefined ? {} : { reason: query.reason }),
      };
      const [rows, total] = await Promise.all([
        prisma.escalation.findMany({ where, orderBy: [{ raisedAt: 'desc' }, { id: 'asc' }], skip: query.offset, take: query.limit }),
        prisma.escalation.count({ where }),
      ]);
      return { items: await withUnitNames(rows), total };
    },
    /** How days past each deadline of these assignments are counted (working days where it was set in working days). */
    async deadlineCounts(assignmentIds: readonly string[]): Promise<Array<{ id: string; acknowledge: DayCount; report: DayCount }>> {
      if (assignmentIds.length === 0) return [];
      const rows = await prisma.assignment.findMany({
        where: { id: { in: [...assignmentIds] } },
        select: { id: true, acknowledgeCounted: true, reportCounted: true },
      });
      return rows.map((r) => ({ id: r.id, acknowledge: countedOf(r.acknowledgeCounted), report: countedOf(r.reportCounted) }));
    },
    async forAssignment(assignmentId: string): Promise<EscalationRecord[]> {
      return withUnitNames(await prisma.escalation.findMany({ where: { assignmentId }, orderBy: [{ raisedAt: 'asc' }, { id: 'asc' }] }));
    },
    async markSeen(id: string, at: string): Promise<void> {
      await prisma.escalation.updateMany({ where: { id, state: 'open' }, data: { state: 'seen', seenAt: new Date(at) } });
    },
    async resolve(id: string, by: string, at: string): Promise<void> {
      await prisma.escalation.updateMany({
        where: { id, state: { in: ['open', 'seen'] } },
        data: { state: 'resolved', resolvedAt: new Date(at), resolvedBy: by },
      });
    },
    /** Everything still open about an assignment that ended without answering it (reassigned to another unit). */
    async resolveAllFor(assignmentId: string, by: string, at: string): Promise<number> {
      const { count } = await prisma.escalation.updateMany({
        where: { assignmentId, state: { in: ['open', 'seen'] } },
        data: { state: 'resolved', resolvedAt: new Date(at), resolvedBy: by },
      });
      return count;
    },
    /** The open escalations whose ids start with `prefix` (one task's chain) resolved. */
    async resolveWithPrefix(assignmentId: string, prefix: string, by: string, at: string): Promise<number> {
      const { count } = await prisma.escalation.updateMany({
        where: { assignmentId, id: { startsWith: prefix }, state: { in: ['open', 'seen'] } },
        data: { state: 'resolved', resolvedAt: new Date(at), resolvedBy: by },
      });
      return count;
    },
    /** Acting on the underlying task resolves what it caused. */
    async resolveFor(assignmentId: string, reason: EscalationReason, by: string, at: string): Promise<number> {
      const { count } = await prisma.escalation.updateMany({
        where: { assignmentId, reason, state: { in: ['open', 'seen'] } },
        data: { state: 'resolved', resolvedAt: new Date(at), resolvedBy: by },
      });
      return count;
    },
  };

  function toReport(r: Prisma.ReportGetPayload<object>): ReportRecord {
    return {
      assignmentId: r.assignmentId,
      version: r.version,
      figures: r.figures as Record<string, number>,
      narrative: r.narrative,
      tasks: (r.tasks ?? null) as Record<string, TaskMark> | null,
      final: r.final,
      period: r.period,
      correctionReason: r.correctionReason,
      submittedAt: r.submittedAt.toISOString(),
      submittedBy: r.submittedBy,
      review: r.review as ReviewState,
      reviewedAt: iso(r.reviewedAt),
      reviewedBy: r.reviewedBy,
      reviewReason: r.reviewReason,
    };
  }

  /** Those report versions in full, each with its assignment's unit. */
  async function withUnits(rows: ReadonlyArray<{ unit_id: string; assignment_id: string; version: number }>): Promise<Array<ReportRecord & { unitId: string }>> {
    if (rows.length === 0) return [];
    const full = await prisma.report.findMany({ where: { OR: rows.map((r) => ({ assignmentId: r.assignment_id, version: r.version })) } });
    const unitOf = new Map(rows.map((r) => [r.assignment_id, r.unit_id] as const));
    return full.map((r) => ({ ...toReport(r), unitId: unitOf.get(r.assignmentId)! }));
  }

  const reports = {
    /** Inserts a version; the same version again is a no-op (history is never rewritten). */
    async record(report: Omit<ReportRecord, 'review' | 'reviewedAt' | 'reviewedBy' | 'reviewReason' | 'tasks'> & { readonly tasks?: ReportRecord['tasks'] }): Promise<void> {
      const { tasks, ...rest } = report;
      await prisma.report.createMany({
        data: [
          {
            ...rest,
            ...(tasks ? { tasks: tasks as unknown as Prisma.InputJsonObject } : {}),
            figures: report.figures as Prisma.InputJsonObject,
            submittedAt: new Date(report.submittedAt),
            review: 'pending',
          },
        ],
        skipDuplicates: true,
      });
    },
    async review(input: { assignmentId: string; version: number; review: 'accepted' | 'returned'; by: string; at: string; reason: string | null }): Promise<void> {
      await prisma.report.updateMany({
        where: { assignmentId: input.assignmentId, version: input.version, review: 'pending' },
        data: { review: input.review, reviewedBy: input.by, reviewedAt: new Date(input.at), reviewReason: input.reason },
      });
    },
    async history(assignmentId: string): Promise<ReportRecord[]> {
      return (await prisma.report.findMany({ where: { assignmentId }, orderBy: { version: 'asc' } })).map(toReport);
    },
    /** The newest version of every report of a directive's assignments below `withinUnitId` (or all). */
    async latestForDirective(directiveId: string, withinUnitId?: string): Promise<Array<ReportRecord & { unitId: string }>> {
      const rows = await prisma.$queryRaw<Array<{ unit_id: string; assignment_id: string; version: number }>>`
        SELECT DISTINCT ON (r.assignment_id) a.unit_id, r.assignment_id, r.version
        FROM report r JOIN assignment a ON a.id = r.assignment_id JOIN unit u ON u.id = a.unit_id
        WHERE a.directive_id = ${directiveId}
          AND (${withinUnitId ?? null}::text IS NULL OR starts_with(u.path, (SELECT path FROM unit WHERE id = ${withinUnitId ?? null}::text) || '/'))
        ORDER BY r.assignment_id, r.version DESC`;
      return withUnits(rows);
    },
    /** The newest version of the reports of a directive's assignments held by `unitIds` (a unit's children). */
    async latestOf(directiveId: string, unitIds: readonly string[]): Promise<Array<ReportRecord & { unitId: string }>> {
      if (unitIds.length === 0) return [];
      const rows = await prisma.$queryRaw<Array<{ unit_id: string; assignment_id: string; version: number }>>`
        SELECT DISTINCT ON (r.assignment_id) a.unit_id, r.assignment_id, r.version
        FROM report r JOIN assignment a ON a.id = r.assignment_id
        WHERE a.directive_id = ${directiveId} AND a.unit_id = ANY(${[...unitIds]}::text[])
        ORDER BY r.assignment_id, r.version DESC`;
      return withUnits(rows);
    },
    /**
     * Every version of every report of a directive's assignments below `withinUnitId` (a
     * reorganisation's successor hung under it included), oldest first: the history a trend over time
     * is drawn from.
     */
    async allForDirective(directiveId: string, withinUnitId: string): Promise<Array<ReportRecord & { unitId: string }>> {
      const rows = await prisma.$queryRaw<Array<{ unit_id: string; assignment_id: string }>>`
        SELECT a.unit_id, a.id AS assignment_id
        FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN unit within ON within.id = ${withinUnitId}
        LEFT JOIN unit placed ON placed.id = a.rollup_parent_unit_id
        WHERE a.directive_id = ${directiveId}
          AND (starts_with(u.path, within.path || '/') OR placed.id = within.id OR starts_with(placed.path, within.path || '/'))
          AND EXISTS (SELECT 1 FROM report r WHERE r.assignment_id = a.id)`;
      if (rows.length === 0) return [];
      const unitOf = new Map(rows.map((r) => [r.assignment_id, r.unit_id] as const));
      const full = await prisma.report.findMany({
        where: { assignmentId: { in: [...unitOf.keys()] } },
        orderBy: [{ submittedAt: 'asc' }, { version: 'asc' }],
      });
      return full.map((r) => ({ ...toReport(r), unitId: unitOf.get(r.assignmentId)! }));
    },
  };

  const lifecycle = {
    /** State and its timestamps, written only by a newer workflow step. */
    async recordState(input: StateInput): Promise<boolean> {
      const { count } = await prisma.assignment.updateMany({
        where: { id: input.id, version: { lt: input.version } },
        data: {
          state: input.state,
          version: input.version,
          acknowledgedAt: input.acknowledgedAt ? new Date(input.acknowledgedAt) : null,
          acknowledgedBy: input.acknowledgedBy,
          closedAt: input.closedAt ? new Date(input.closedAt) : null,
        },
      });
      return count > 0;
    },
    /**
     * recordState and resolving the open escalations of the given reasons, in one statement (one
     * round trip on a user's every action). Each part is idempotent as its own method is.
     */
    async recordStateChange(input: StateInput & { resolve: { reasons: readonly EscalationReason[]; by: string; at: string } }): Promise<void> {
      const ts = (iso: string | null) => (iso ? new Date(iso) : null);
      await prisma.$executeRaw`
        WITH state AS (
          UPDATE assignment
             SET state = ${input.state}, version = ${input.version}, acknowledged_at = ${ts(input.acknowledgedAt)},
                 acknowledged_by = ${input.acknowledgedBy}, closed_at = ${ts(input.closedAt)}, updated_at = now()
           WHERE id = ${input.id} AND version < ${input.version}
          RETURNING id
        )
        UPDATE escalation
           SET state = 'resolved', resolved_at = ${new Date(input.resolve.at)}, resolved_by = ${input.resolve.by}
         WHERE assignment_id = ${input.id} AND reason = ANY(${[...input.resolve.reasons]}::text[]) AND state IN ('open', 'seen')`;
    },
    /** Where a reassigned assignment's task went, and why (its state is written by recordState). */
    async recordReassignment(input: { id: string; toUnitId: string; reason: string }): Promise<void> {
      await prisma.assignment.update({ where: { id: input.id }, data: { reassignedToUnitId: input.toUnitId, reassignReason: input.reason } });
    },
    async recordDeadlines(input: {
      id: string;
      acknowledgeBy: string;
      reportBy: string | null;
      periods?: readonly ProgressPeriodRecord[];
      /**
       * The plan holds the periods from this one on (a regime until ended, planned a range at a time):
       * the periods before it stay as they were recorded, so the assignment's page still lists them.
       */
      periodsFrom?: number;
      acknowledgeCounted?: DayCount;
      reportCounted?: DayCount;
    }): Promise<void> {
      let periods = input.periods;
      if (periods && (input.periodsFrom ?? 1) > 1) {
        const row = await prisma.assignment.findUnique({ where: { id: input.id }, select: { progressPeriods: true } });
        const earlier = ((row?.progressPeriods ?? []) as unknown as ProgressPeriodRecord[]).filter((p) => p.period < input.periodsFrom!);
        periods = [...earlier, ...periods];
      }
      await prisma.assignment.update({
        where: { id: input.id },
        data: {
          acknowledgeBy: new Date(input.acknowledgeBy),
          reportBy: input.reportBy ? new Date(input.reportBy) : null,
          acknowledgeCounted: input.acknowledgeCounted ?? null,
          reportCounted: input.reportCounted ?? null,
          ...(periods ? { progressPeriods: periods.map((p) => ({ ...p })) as Prisma.InputJsonArray } : {}),
        },
      });
    },
    /** The progress periods of an assignment, each with the latest report version that answers it. */
    async periodsOf(id: string): Promise<Array<ProgressPeriodRecord & { reportedVersion: number | null; reportedAt: string | null }>> {
      const row = await prisma.assignment.findUnique({ where: { id }, select: { progressPeriods: true } });
      const periods = (row?.progressPeriods ?? []) as unknown as ProgressPeriodRecord[];
      if (periods.length === 0) return [];
      const reported = await prisma.report.findMany({ where: { assignmentId: id }, orderBy: { version: 'asc' } });
      return periods.map((p) => {
        // Figures are cumulative: a report for a later period (or the final one, unless the period falls after it) answers this one too.
        const answer = reported.find((r) => (r.period ?? (p.afterFinal ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)) >= p.period);
        return {
          period: p.period,
          from: new Date(p.from).toISOString(),
          dueBy: new Date(p.dueBy).toISOString(),
          ...(p.window ? { window: { from: p.window.from, to: p.window.to } } : {}),
          ...(p.afterFinal ? { afterFinal: true } : {}),
          reportedVersion: answer?.version ?? null,
          reportedAt: answer ? answer.submittedAt.toISOString() : null,
        };
      });
    },
    /**
     * State and deadlines of a directive's assignments strictly below `withinUnitId`, with each unit's
     * path in the directive's tree (a reorganisation's successor under the unit it hangs from).
     */
    async deadlinesBelow(
      directiveId: string,
      withinUnitId: string,
    ): Promise<
      Array<{
        unitId: string;
        path: string;
        state: AssignmentState;
        acknowledgedAt: string | null;
        acknowledgeBy: string | null;
        reportBy: string | null;
        acknowledgeCounted: DayCount;
        reportCounted: DayCount;
        closedAt: string | null;
      }>
    > {
      const rows = await prisma.$queryRaw<
        Array<{
          unit_id: string;
          path: string;
          state: string;
          acknowledged_at: Date | null;
          acknowledge_by: Date | null;
          report_by: Date | null;
          acknowledge_counted: string | null;
          report_counted: string | null;
          closed_at: Date | null;
        }>
      >`
        SELECT a.unit_id, CASE WHEN placed.id IS NULL THEN u.path ELSE placed.path || '/' || a.unit_id END AS path,
               a.state, a.acknowledged_at, a.acknowledge_by, a.report_by, a.acknowledge_counted, a.report_counted, a.closed_at
        FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN unit within ON within.id = ${withinUnitId}
        LEFT JOIN unit placed ON placed.id = a.rollup_parent_unit_id
        WHERE a.directive_id = ${directiveId}
          AND (starts_with(u.path, within.path || '/') OR placed.id = within.id OR starts_with(placed.path, within.path || '/'))
        ORDER BY path`;
      return rows.map((r) => ({
        unitId: r.unit_id,
        path: r.path,
        state: r.state as AssignmentState,
        acknowledgedAt: iso(r.acknowledged_at),
        acknowledgeBy: iso(r.acknowledge_by),
        reportBy: iso(r.report_by),
        acknowledgeCounted: countedOf(r.acknowledge_counted),
        reportCounted: countedOf(r.report_counted),
        closedAt: iso(r.closed_at),
      }));
    },
    async deadlinesOf(id: string): Promise<{ acknowledgeBy: string | null; reportBy: string | null; closedAt: string | null } | null> {
      const row = await prisma.assignment.findUnique({ where: { id }, select: { acknowledgeBy: true, reportBy: true, closedAt: true } });
      return row ? { acknowledgeBy: iso(row.acknowledgeBy), reportBy: iso(row.reportBy), closedAt: iso(row.closedAt) } : null;
    },
  };

  return { events, escalations, reports, lifecycle };
}
