import { ASSIGNMENT_STATES, DomainError, HANDLING_ROLES, documentKindOf, roleOf, type AssignmentState, type DayCount, type DirectiveTask, type HandlingRole } from '@chidao/domain';
import type { Db } from './client';
import type { DirectiveRef } from './directives';
import { DROPPED_TASKS_SQL } from './adjustments';
import { Prisma } from './generated/prisma/client';
import { isoDate } from './values';

export interface AssignmentView {
  readonly id: string;
  readonly directiveId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly parentUnitId: string | null;
  readonly state: AssignmentState;
  readonly issuedAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  /** Deadlines as the workflow computed them; null until it has (the first instants after issue). */
  readonly acknowledgeBy: string | null;
  readonly reportBy: string | null;
  /** How days past each deadline are counted (working days where it was set in working days). */
  readonly acknowledgeCounted: DayCount;
  readonly reportCounted: DayCount;
  /** When it was completed, recalled or reassigned. */
  readonly closedAt: string | null;
  /** The delivering unit's own instructions, when it forwarded the task (null otherwise). */
  readonly instructions: string | null;
  /** On an assignment that replaced another (giao lại): the unit that had it before. */
  readonly reassignedFromUnitId: string | null;
  /** On a reassigned one: where the task went, and why. */
  readonly reassignedToUnitId: string | null;
  readonly reassignReason: string | null;
  /** On a reorganisation's successor: the old units whose tasks it took over (none otherwise). */
  readonly succeedsUnitIds: string[];
  readonly version: number;
  readonly directive: DirectiveRef;
  /** The directive's tasks given to this unit, in the directive's order, each with the unit's role on it. */
  readonly tasks: Array<DirectiveTask & { readonly role: HandlingRole; readonly dropped: boolean }>;
  /** The unit's role on the assignment as a whole: a lead's report counts upward; one told for information owes none. */
  readonly role: HandlingRole;
  /** The latest urging document (văn bản đôn đốc) that named this assignment's tasks, if any. */
  readonly urging: { readonly at: string; readonly reference: string; readonly respondBy: string | null } | null;
}

export interface RecordIssuedInput {
  readonly id: string;
  readonly directiveId: string;
  readonly unitId: string;
  readonly parentUnitId: string | null;
  readonly taskIds: readonly string[];
  /** The unit's role on the assignment as a whole; lead when not given. */
  readonly role?: HandlingRole;
  /** ISO instant. */
  readonly issuedAt: string;
  readonly version: number;
  /** A forwarded assignment: the forwarding unit's instructions. */
  readonly instructions?: string | null;
  /** A reassigned task's new assignment: the unit that had it before. */
  readonly reassignedFromUnitId?: string | null;
  /** A reorganisation's successor: the old units whose assignments it takes over ... */
  readonly succeedsUnitIds?: readonly string[];
  /** ... and the unit its rollup hangs under in the directive's tree (else: its place in the map of units). */
  readonly rollupParentUnitId?: string | null;
}

export interface RecordStateInput {
  readonly id: string;
  readonly state: AssignmentState;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly version: number;
}

export function createAssignmentRepository(db: Db) {
  const { prisma } = db;
  const assignmentRows = (where: Prisma.Sql) => prisma.$queryRaw<AssignmentRow[]>`
    SELECT a.id, a.directive_id, a.unit_id, u.name AS unit_name, a.parent_unit_id, a.state, a.issued_at,
           a.acknowledged_at, a.acknowledged_by, a.acknowledge_by, a.report_by, a.acknowledge_counted, a.report_counted, a.closed_at, a.instructions,
           a.reassigned_from_unit_id, a.reassigned_to_unit_id, a.reassign_reason, a.succeeds_unit_ids, a.version, a.task_ids, a.role,
           d.reference, d.subject, d.date, d.issuer_unit_id, i.name AS issuer_name, d.kind, d.body -> 'tasks' AS tasks, d.body -> 'roles' AS roles,
           ur.at AS urged_at, ur.data AS urged,
           ${DROPPED_TASKS_SQL}
      FROM assignment a
      JOIN unit u ON u.id = a.unit_id
      JOIN directive d ON d.id = a.directive_id
      LEFT JOIN unit i ON i.id = d.issuer_unit_id
      LEFT JOIN LATERAL (SELECT e.at, e.data FROM assignment_event e WHERE e.assignment_id = a.id AND e.kind = 'assignment.urged'
                         ORDER BY e.at DESC, e.id DESC LIMIT 1) ur ON true
     WHERE ${where}
     ORDER BY d.date DESC, d.created_at DESC, a.id`;

  const assignments = {
    /**
     * Idempotent: inserts the assignment as issued; a stored row is overwritten only by a higher
     * version, so a retried or late write of an older step changes nothing.
     */
    async recordIssued(input: RecordIssuedInput): Promise<void> {
      const issuedAt = instant(input.issuedAt, 'issuedAt');
      await prisma.$executeRaw`
        INSERT INTO assignment (id, directive_id, unit_id, parent_unit_id, task_ids, state, issued_at,
                                acknowledged_at, acknowledged_by, version, updated_at, instructions, reassigned_from_unit_id,
                                succeeds_unit_ids, rollup_parent_unit_id, role)
        VALUES (${input.id}, ${input.directiveId}, ${input.unitId}, ${input.parentUnitId}, ${[...input.taskIds]}::text[],
                'issued', ${issuedAt}::timestamptz, NULL, NULL, ${input.version}, now(), ${input.instructions ?? null}, ${input.reassignedFromUnitId ?? null},
                ${[...(input.succeedsUnitIds ?? [])]}::text[], ${input.rollupParentUnitId ?? null}, ${input.role ?? 'lead'})
        ON CONFLICT (id) DO UPDATE SET
          directive_id = excluded.directive_id, unit_id = excluded.unit_id, parent_unit_id = excluded.parent_unit_id,
          task_ids = excluded.task_ids, state = excluded.state, issued_at = excluded.issued_at,
          acknowledged_at = NULL, acknowledged_by = NULL, version = excluded.version, updated_at = now(),
          instructions = excluded.instructions, reassigned_from_unit_id = excluded.reassigned_from_unit_id,
          succeeds_unit_ids = excluded.succeeds_unit_ids, role = excluded.role
        WHERE assignment.version < excluded.version`;
    },

    /**
     * One conditional UPDATE, so concurrent writers cannot interleave: PostgreSQL re-checks the
     * version against the row as the winning writer left it. Returns whether this write applied.
     */
    async recordState(input: RecordStateInput): Promise<boolean> {
      const state = asAssignmentState(input.state);
      const acknowledgedAt = input.acknowledgedAt === null ? null : instant(input.acknowledgedAt, 'acknowledgedAt');
      const changed = await prisma.$executeRaw`
        UPDATE assignment
        SET state = ${state}, acknowledged_at = ${acknowledgedAt}::timestamptz, acknowledged_by = ${input.acknowledgedBy},
            version = ${input.version}, updated_at = now()
        WHERE id = ${input.id} AND version < ${input.version}`;
      return changed > 0;
    },

    /** Which of `unitIds` hold an assignment of the directive (in any state), and through which unit. */
    /** Directives with at least one assignment not closed (completed, recalled or reassigned): the ones still running. */
    async directivesWithOpenAssignments(): Promise<string[]> {
      const rows = await prisma.assignment.findMany({ where: { closedAt: null }, distinct: ['directiveId'], select: { directiveId: true }, orderBy: { directiveId: 'asc' } });
      return rows.map((r) => r.directiveId);
    },

    /** The directives with an open assignment at any of `unitIds` (a merger's or split's units), in id order. */
    async directivesOpenAt(unitIds: readonly string[]): Promise<string[]> {
      if (unitIds.length === 0) return [];
      const rows = await prisma.assignment.findMany({
        where: { closedAt: null, unitId: { in: [...unitIds] } },
        distinct: ['directiveId'],
        select: { directiveId: true },
        orderBy: { directiveId: 'asc' },
      });
      return rows.map((r) => r.directiveId);
    },

    async holders(
      directiveId: string,
      unitIds: readonly string[],
    ): Promise<Array<{ unitId: string; parentUnitId: string | null; state: AssignmentState; role: HandlingRole }>> {
      if (unitIds.length === 0) return [];
      const rows = await prisma.assignment.findMany({
        where: { directiveId, unitId: { in: [...unitIds] } },
        select: { unitId: true, parentUnitId: true, state: true, role: true },
      });
      return rows.map((r) => ({ unitId: r.unitId, parentUnitId: r.parentUnitId, state: asAssignmentState(r.state), role: asRole(r.role) }));
    },

    /** Every assignment of a directive, in any state: its unit, the unit it answers to, its state and tasks. */
    async treeOf(
      directiveId: string,
    ): Promise<Array<{ unitId: string; parentUnitId: string | null; state: AssignmentState; taskIds: string[]; succeeds: string[] }>> {
      const rows = await prisma.$queryRaw<Array<{ unit_id: string; parent_unit_id: string | null; state: string; task_ids: string[]; succeeds_unit_ids: string[] | null }>>`
        SELECT a.unit_id, a.parent_unit_id, a.state, a.task_ids, a.succeeds_unit_ids FROM assignment a JOIN unit u ON u.id = a.unit_id
        WHERE a.directive_id = ${directiveId} ORDER BY u.path`;
      return rows.map((r) => ({
        unitId: r.unit_id,
        parentUnitId: r.parent_unit_id,
        state: asAssignmentState(r.state),
        taskIds: r.task_ids,
        succeeds: r.succeeds_unit_ids ?? [],
      }));
    },

    /** Assignments hung in the directive's tree elsewhere than today's map puts their units (a reorganisation's successors). */
    async placements(directiveId: string): Promise<Array<{ unitId: string; parentId: string }>> {
      const rows = await prisma.assignment.findMany({
        where: { directiveId, rollupParentUnitId: { not: null } },
        select: { unitId: true, rollupParentUnitId: true },
        orderBy: { unitId: 'asc' },
      });
      return rows.map((r) => ({ unitId: r.unitId, parentId: r.rollupParentUnitId! }));
    },

    /** A successor takes over more old units (a decision taken after the reorganisation): idempotent. */
    async addSucceeds(id: string, unitIds: readonly string[]): Promise<void> {
      await prisma.$executeRaw`
        UPDATE assignment SET succeeds_unit_ids = ARRAY(SELECT DISTINCT x FROM unnest(coalesce(succeeds_unit_ids, ARRAY[]::text[]) || ${[...unitIds]}::text[]) AS x ORDER BY x)
        WHERE id = ${id}`;
    },

    async get(id: string): Promise<AssignmentView | null> {
      const [row] = await assignmentRows(Prisma.sql`a.id = ${id}`);
      return row ? toView(row) : null;
    },

    /** The unit's assignments, newest directive first. */
    async forUnit(unitId: string): Promise<AssignmentView[]> {
      return (await assignmentRows(Prisma.sql`a.unit_id = ${unitId}`)).map(toView);
    },

    /**
     * States of a directive's assignments; with `withinUnitId`, only those of units strictly below
     * that unit (by the materialised path, so one indexed query whatever the depth), a successor hung
     * under it by a reorganisation included.
     */
    async statesForDirective(directiveId: string, withinUnitId?: string): Promise<Array<{ unitId: string; state: AssignmentState }>> {
      const rows =
        withinUnitId === undefined
          ? await prisma.$queryRaw<Array<{ unit_id: string; state: string }>>`
              SELECT a.unit_id, a.state FROM assignment a JOIN unit u ON u.id = a.unit_id
              WHERE a.directive_id = ${directiveId} ORDER BY u.path`
          : await prisma.$queryRaw<Array<{ unit_id: string; state: string }>>`
              SELECT a.unit_id, a.state FROM assignment a JOIN unit u ON u.id = a.unit_id
              JOIN unit within ON within.id = ${withinUnitId}
              LEFT JOIN unit placed ON placed.id = a.rollup_parent_unit_id
              WHERE a.directive_id = ${directiveId}
                AND (starts_with(u.path, within.path || '/')
                     OR placed.id = within.id OR starts_with(placed.path, within.path || '/'))
              ORDER BY u.path`;
      return rows.map((row) => ({ unitId: row.unit_id, state: asAssignmentState(row.state) }));
    },
  };

  return assignments;
}

/**
 * An assignment as its unit sees it, with its unit's and issuer's names and the directive's tasks,
 * in one statement: the inbox (polled by every open page) and every action on an assignment read it.
 */
interface AssignmentRow {
  id: string;
  directive_id: string;
  unit_id: string;
  unit_name: string;
  parent_unit_id: string | null;
  state: string;
  issued_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledge_by: Date | null;
  acknowledge_counted: string | null;
  report_counted: string | null;
  report_by: Date | null;
  closed_at: Date | null;
  instructions: string | null;
  reassigned_from_unit_id: string | null;
  reassigned_to_unit_id: string | null;
  reassign_reason: string | null;
  succeeds_unit_ids: string[] | null;
  version: number;
  task_ids: string[];
  reference: string;
  subject: string;
  date: Date;
  issuer_unit_id: string;
  issuer_name: string | null;
  kind: string;
  tasks: DirectiveTask[] | null;
  roles: Record<string, HandlingRole> | null;
  role: string;
  urged_at: Date | null;
  dropped: string[] | null;
  urged: { reference?: string; respondBy?: string } | null;
}

/** Days, unless the deadline was set in working days (older rows: days). */
export const countedOf = (value: string | null): DayCount => (value === 'workingDays' ? 'workingDays' : 'days');

function toView(row: AssignmentRow): AssignmentView {
  const taskIds = new Set(row.task_ids);
  return {
    id: row.id,
    directiveId: row.directive_id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    parentUnitId: row.parent_unit_id,
    state: asAssignmentState(row.state),
    issuedAt: row.issued_at.toISOString(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by,
    acknowledgeBy: row.acknowledge_by?.toISOString() ?? null,
    reportBy: row.report_by?.toISOString() ?? null,
    acknowledgeCounted: countedOf(row.acknowledge_counted),
    reportCounted: countedOf(row.report_counted),
    closedAt: row.closed_at?.toISOString() ?? null,
    instructions: row.instructions,
    reassignedFromUnitId: row.reassigned_from_unit_id,
    reassignedToUnitId: row.reassigned_to_unit_id,
    reassignReason: row.reassign_reason,
    succeedsUnitIds: row.succeeds_unit_ids ?? [],
    version: row.version,
    directive: {
      id: row.directive_id,
      reference: row.reference,
      subject: row.subject,
      date: isoDate(row.date),
      issuerUnitId: row.issuer_unit_id,
      issuerName: row.issuer_name ?? row.issuer_unit_id,
      kind: documentKindOf(row.kind),
    },
    tasks: (row.tasks ?? [])
      .filter((task) => taskIds.has(task.id))
      .map((task) => ({
        ...task,
        role: roleOf({ roles: row.roles ?? {}, tasks: row.tasks ?? [] }, row.unit_id, task.id, asRole(row.role)),
        dropped: (row.dropped ?? []).includes(task.id),
      })),
    role: asRole(row.role),
    urging:
      row.urged_at === null
        ? null
        : { at: row.urged_at.toISOString(), reference: row.urged?.reference ?? '', respondBy: row.urged?.respondBy ?? null },
  };
}

/** A recorded role; anything else (none recorded) is a lead, as assignments were before roles. */
export const asRole = (role: string): HandlingRole => ((HANDLING_ROLES as readonly string[]).includes(role) ? (role as HandlingRole) : 'lead');

function asAssignmentState(state: string): AssignmentState {
  if (!(ASSIGNMENT_STATES as readonly string[]).includes(state)) {
    throw new DomainError('INVALID_INPUT', `Unknown assignment state ${state}`);
  }
  return state as AssignmentState;
}

function instant(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new DomainError('INVALID_INPUT', `${field} is not an ISO instant: ${value}`);
  return date;
}
