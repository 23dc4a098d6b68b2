import {
  ASSIGNMENT_STATES,
  buildHierarchy,
  DomainError,
  NATIONAL_THREE_LEVEL_SCHEME,
  UNIT_KINDS,
  type AssignmentState,
  type Directive,
  type DirectiveTask,
  type Hierarchy,
  type LevelScheme,
  type Population,
  type Unit,
  type UnitKind,
} from '@chidao/domain';
import { createAuditRepository } from './audit';
import { createLifecycleRepositories } from './lifecycle';
import { createRollupRepository } from './rollups';
import type { Db } from './client';
import { createIdentityRepositories, toUser } from './identity';
import { createIdempotencyRepository } from './idempotency';
import { Prisma } from './generated/prisma/client';
import type { Unit as UnitRow } from './generated/prisma/client';

/**
 * The read model behind the API and the activities. Dates cross this boundary as ISO strings:
 * instants as `toISOString()`, calendar dates as `yyyy-MM-dd`.
 */

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly unitId: string;
  /** Filled on reads. */
  readonly unitName?: string;
  readonly demo: boolean;
}

export interface DirectiveRef {
  readonly id: string;
  readonly reference: string;
  readonly subject: string;
  /** yyyy-MM-dd */
  readonly date: string;
  readonly issuerUnitId: string;
  readonly issuerName: string;
}

export interface DirectiveSummary extends DirectiveRef {
  readonly workflowId: string;
  readonly assignmentCount: number;
  /** Assignments past `issued`. */
  readonly acknowledgedCount: number;
}

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
  /** When it was completed, recalled or reassigned. */
  readonly closedAt: string | null;
  /** The delivering unit's own instructions, when it forwarded the task (null otherwise). */
  readonly instructions: string | null;
  /** On an assignment that replaced another (giao lại): the unit that had it before. */
  readonly reassignedFromUnitId: string | null;
  /** On a reassigned one: where the task went, and why. */
  readonly reassignedToUnitId: string | null;
  readonly reassignReason: string | null;
  readonly version: number;
  readonly directive: DirectiveRef;
  /** The directive's tasks given to this unit, in the directive's order. */
  readonly tasks: DirectiveTask[];
}

export interface RecordIssuedInput {
  readonly id: string;
  readonly directiveId: string;
  readonly unitId: string;
  readonly parentUnitId: string | null;
  readonly taskIds: readonly string[];
  /** ISO instant. */
  readonly issuedAt: string;
  readonly version: number;
  /** A forwarded assignment: the forwarding unit's instructions. */
  readonly instructions?: string | null;
  /** A reassigned task's new assignment: the unit that had it before. */
  readonly reassignedFromUnitId?: string | null;
}

export interface RecordStateInput {
  readonly id: string;
  readonly state: AssignmentState;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly version: number;
}

export interface RepositoryOptions {
  /**
   * The level scheme the units follow; defaults to the 2020 levels with a ministry (`nation`) above
   * them, which the two-level tree of 2025 also fits, so a national tree can be stored.
   */
  readonly scheme?: LevelScheme;
}

export type Repositories = ReturnType<typeof createRepositories>;

export function createRepositories(db: Db, options: RepositoryOptions = {}) {
  const { prisma } = db;
  const scheme = options.scheme ?? NATIONAL_THREE_LEVEL_SCHEME;
  // Units change only by seeding, so the tree is built once per repositories object.
  let hierarchyCache: Promise<Hierarchy> | null = null;

  const units = {
    async all(): Promise<Unit[]> {
      const rows = await prisma.unit.findMany({ orderBy: { path: 'asc' } });
      return rows.map(toUnit);
    },

    async get(id: string): Promise<Unit | null> {
      const row = await prisma.unit.findUnique({ where: { id } });
      return row ? toUnit(row) : null;
    },

    hierarchy(): Promise<Hierarchy> {
      if (!hierarchyCache) {
        const building = units.all().then((all) => buildHierarchy(scheme, all));
        hierarchyCache = building;
        building.catch(() => {
          if (hierarchyCache === building) hierarchyCache = null;
        });
      }
      return hierarchyCache;
    },

    /** Inserts or updates units; parents may be in the batch or already stored. */
    async upsertMany(input: readonly Unit[]): Promise<void> {
      if (input.length === 0) return;
      const batch = new Map<string, Unit>();
      for (const unit of input) {
        if (batch.has(unit.id)) throw new DomainError('INVALID_HIERARCHY', `Duplicate unit id ${unit.id}`, { unitId: unit.id });
        if (!scheme.levels.includes(unit.level)) {
          throw new DomainError('INVALID_HIERARCHY', `Unit ${unit.id} has unknown level ${unit.level}`, { unitId: unit.id });
        }
        batch.set(unit.id, unit);
      }
      const outsideParents = [...new Set(input.flatMap((u) => (u.parentId !== null && !batch.has(u.parentId) ? [u.parentId] : [])))];
      const stored = new Map(
        (await prisma.unit.findMany({ where: { id: { in: outsideParents } }, select: { id: true, path: true, depth: true } })).map(
          (row) => [row.id, row] as const,
        ),
      );

      const placed = new Map<string, { path: string; depth: number }>();
      const place = (unit: Unit, visiting: Set<string>): { path: string; depth: number } => {
        const known = placed.get(unit.id);
        if (known) return known;
        if (visiting.has(unit.id)) throw new DomainError('INVALID_HIERARCHY', `Unit ${unit.id} is its own ancestor`, { unitId: unit.id });
        visiting.add(unit.id);
        let at: { path: string; depth: number };
        if (unit.parentId === null) {
          at = { path: unit.id, depth: 0 };
        } else {
          const parentInBatch = batch.get(unit.parentId);
          const parent = parentInBatch ? place(parentInBatch, visiting) : stored.get(unit.parentId);
          if (!parent) {
            throw new DomainError('INVALID_HIERARCHY', `Unit ${unit.id} has unknown parent ${unit.parentId}`, { unitId: unit.id });
          }
          at = { path: `${parent.path}/${unit.id}`, depth: parent.depth + 1 };
        }
        placed.set(unit.id, at);
        return at;
      };
      for (const unit of input) place(unit, new Set());

      // Parents first, so each row's foreign key to its parent holds when it is written.
      const ordered = [...input].sort((a, b) => placed.get(a.id)!.depth - placed.get(b.id)!.depth);
      const data = (unit: Unit) => ({
        name: unit.name,
        level: unit.level,
        kind: unit.kind,
        parentId: unit.parentId,
        path: placed.get(unit.id)!.path,
        depth: placed.get(unit.id)!.depth,
        adults15to60: unit.population?.adults15to60 ?? null,
        smartphoneUsers: unit.population?.smartphoneUsers ?? null,
        placeholder: unit.placeholder ?? false,
      });
      await prisma.$transaction([
        ...ordered.map((unit) => prisma.unit.upsert({ where: { id: unit.id }, create: { id: unit.id, ...data(unit) }, update: data(unit) })),
        // A unit that moved carries the paths of the stored units below it along.
        prisma.$executeRaw`
          WITH RECURSIVE tree AS (
            SELECT id, id AS path, 0 AS depth FROM unit WHERE parent_id IS NULL
            UNION ALL
            SELECT u.id, t.path || '/' || u.id, t.depth + 1 FROM unit u JOIN tree t ON u.parent_id = t.id
          )
          UPDATE unit SET path = tree.path, depth = tree.depth
          FROM tree WHERE unit.id = tree.id AND (unit.path <> tree.path OR unit.depth <> tree.depth)`,
      ]);
      hierarchyCache = null;
    },
  };

  const users = {
    async get(id: string): Promise<UserRecord | null> {
      const row = await prisma.user.findUnique({ where: { id }, include: { unit: { select: { name: true } } } });
      return row ? toUser(row) : null;
    },

    /** The demo accounts, ordered by their unit's place in the tree. */
    async listDemo(): Promise<UserRecord[]> {
      const rows = await prisma.user.findMany({
        where: { demo: true },
        include: { unit: { select: { name: true } } },
        orderBy: [{ unit: { path: 'asc' } }, { username: 'asc' }],
      });
      return rows.map(toUser);
    },

    async upsertMany(input: readonly UserRecord[]): Promise<void> {
      if (input.length === 0) return;
      const data = (user: UserRecord) => ({
        username: user.username,
        displayName: user.displayName,
        unitId: user.unitId,
        demo: user.demo,
      });
      await prisma.$transaction(
        input.map((user) => prisma.user.upsert({ where: { id: user.id }, create: { id: user.id, ...data(user) }, update: data(user) })),
      );
    },
  };

  const directives = {
    /** Inserts or replaces the directive; `body` keeps the whole domain object. */
    async save(directive: Directive, workflowId: string): Promise<void> {
      const data = {
        reference: directive.reference,
        issuerUnitId: directive.issuerUnitId,
        date: calendarDate(directive.date),
        subject: directive.subject,
        coordinatorUnitId: directive.coordinatorUnitId,
        body: directive as unknown as Prisma.InputJsonObject,
        workflowId,
      };
      try {
        await prisma.directive.upsert({ where: { id: directive.id }, create: { id: directive.id, ...data }, update: data });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw new DomainError('DIRECTIVE_CONFLICT', `Workflow id ${workflowId} already belongs to another directive`, {
            directiveId: directive.id,
          });
        }
        throw error;
      }
    },

    /**
     * Stores a new directive; false (and nothing written) when one with this id or workflow id is
     * already there, so two issues of one number can never overwrite each other.
     */
    async insert(directive: Directive, workflowId: string): Promise<boolean> {
      const inserted = await prisma.directive.createMany({
        data: [
          {
            id: directive.id,
            reference: directive.reference,
            issuerUnitId: directive.issuerUnitId,
            date: calendarDate(directive.date),
            subject: directive.subject,
            coordinatorUnitId: directive.coordinatorUnitId,
            body: directive as unknown as Prisma.InputJsonObject,
            workflowId,
          },
        ],
        skipDuplicates: true,
      });
      return inserted.count === 1;
    },

    async get(id: string): Promise<Directive | null> {
      const row = await prisma.directive.findUnique({ where: { id }, select: { body: true } });
      return row ? (row.body as unknown as Directive) : null;
    },

    /** Newest first, with assignment counts. */
    async list(): Promise<DirectiveSummary[]> {
      const rows = await prisma.$queryRaw<
        Array<{
          id: string;
          reference: string;
          subject: string;
          date: Date;
          issuer_unit_id: string;
          issuer_name: string;
          workflow_id: string;
          assignment_count: number;
          acknowledged_count: number;
        }>
      >`
        SELECT d.id, d.reference, d.subject, d.date, d.issuer_unit_id,
               COALESCE(issuer.name, d.issuer_unit_id) AS issuer_name, d.workflow_id,
               count(a.id)::int AS assignment_count,
               (count(a.id) FILTER (WHERE a.state <> 'issued'))::int AS acknowledged_count
        FROM directive d
        LEFT JOIN unit issuer ON issuer.id = d.issuer_unit_id
        LEFT JOIN assignment a ON a.directive_id = d.id
        GROUP BY d.id, issuer.name
        ORDER BY d.date DESC, d.created_at DESC, d.id`;
      return rows.map((row) => ({
        id: row.id,
        reference: row.reference,
        subject: row.subject,
        date: isoDate(row.date),
        issuerUnitId: row.issuer_unit_id,
        issuerName: row.issuer_name,
        workflowId: row.workflow_id,
        assignmentCount: row.assignment_count,
        acknowledgedCount: row.acknowledged_count,
      }));
    },
  };

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
    report_by: Date | null;
    closed_at: Date | null;
    instructions: string | null;
    reassigned_from_unit_id: string | null;
    reassigned_to_unit_id: string | null;
    reassign_reason: string | null;
    version: number;
    task_ids: string[];
    reference: string;
    subject: string;
    date: Date;
    issuer_unit_id: string;
    issuer_name: string | null;
    tasks: DirectiveTask[] | null;
  }
  const assignmentRows = (where: Prisma.Sql) => prisma.$queryRaw<AssignmentRow[]>`
    SELECT a.id, a.directive_id, a.unit_id, u.name AS unit_name, a.parent_unit_id, a.state, a.issued_at,
           a.acknowledged_at, a.acknowledged_by, a.acknowledge_by, a.report_by, a.closed_at, a.instructions,
           a.reassigned_from_unit_id, a.reassigned_to_unit_id, a.reassign_reason, a.version, a.task_ids,
           d.reference, d.subject, d.date, d.issuer_unit_id, i.name AS issuer_name, d.body -> 'tasks' AS tasks
      FROM assignment a
      JOIN unit u ON u.id = a.unit_id
      JOIN directive d ON d.id = a.directive_id
      LEFT JOIN unit i ON i.id = d.issuer_unit_id
     WHERE ${where}
     ORDER BY d.date DESC, d.created_at DESC, a.id`;

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
      closedAt: row.closed_at?.toISOString() ?? null,
      instructions: row.instructions,
      reassignedFromUnitId: row.reassigned_from_unit_id,
      reassignedToUnitId: row.reassigned_to_unit_id,
      reassignReason: row.reassign_reason,
      version: row.version,
      directive: {
        id: row.directive_id,
        reference: row.reference,
        subject: row.subject,
        date: isoDate(row.date),
        issuerUnitId: row.issuer_unit_id,
        issuerName: row.issuer_name ?? row.issuer_unit_id,
      },
      tasks: (row.tasks ?? []).filter((task) => taskIds.has(task.id)),
    };
  }

  const assignments = {
    /**
     * Idempotent: inserts the assignment as issued; a stored row is overwritten only by a higher
     * version, so a retried or late write of an older step changes nothing.
     */
    async recordIssued(input: RecordIssuedInput): Promise<void> {
      const issuedAt = instant(input.issuedAt, 'issuedAt');
      await prisma.$executeRaw`
        INSERT INTO assignment (id, directive_id, unit_id, parent_unit_id, task_ids, state, issued_at,
                                acknowledged_at, acknowledged_by, version, updated_at, instructions, reassigned_from_unit_id)
        VALUES (${input.id}, ${input.directiveId}, ${input.unitId}, ${input.parentUnitId}, ${[...input.taskIds]}::text[],
                'issued', ${issuedAt}::timestamptz, NULL, NULL, ${input.version}, now(), ${input.instructions ?? null}, ${input.reassignedFromUnitId ?? null})
        ON CONFLICT (id) DO UPDATE SET
          directive_id = excluded.directive_id, unit_id = excluded.unit_id, parent_unit_id = excluded.parent_unit_id,
          task_ids = excluded.task_ids, state = excluded.state, issued_at = excluded.issued_at,
          acknowledged_at = NULL, acknowledged_by = NULL, version = excluded.version, updated_at = now(),
          instructions = excluded.instructions, reassigned_from_unit_id = excluded.reassigned_from_unit_id
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
    async holders(directiveId: string, unitIds: readonly string[]): Promise<Array<{ unitId: string; parentUnitId: string | null; state: AssignmentState }>> {
      if (unitIds.length === 0) return [];
      const rows = await prisma.assignment.findMany({
        where: { directiveId, unitId: { in: [...unitIds] } },
        select: { unitId: true, parentUnitId: true, state: true },
      });
      return rows.map((r) => ({ unitId: r.unitId, parentUnitId: r.parentUnitId, state: asAssignmentState(r.state) }));
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
     * that unit (by the materialised path, so one indexed query whatever the depth).
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
              WHERE a.directive_id = ${directiveId} AND starts_with(u.path, within.path || '/')
              ORDER BY u.path`;
      return rows.map((row) => ({ unitId: row.unit_id, state: asAssignmentState(row.state) }));
    },
  };

  return {
    units,
    users,
    directives,
    assignments,
    ...createIdentityRepositories(db),
    audit: createAuditRepository(db),
    idempotency: createIdempotencyRepository(db),
    ...createLifecycleRepositories(db),
    rollups: createRollupRepository(db),
  };
}

function toUnit(row: UnitRow): Unit {
  const population: { -readonly [K in keyof Population]: Population[K] } = {};
  if (row.adults15to60 !== null) population.adults15to60 = row.adults15to60;
  if (row.smartphoneUsers !== null) population.smartphoneUsers = row.smartphoneUsers;
  return {
    id: row.id,
    name: row.name,
    level: row.level,
    kind: asUnitKind(row.kind),
    parentId: row.parentId,
    ...(Object.keys(population).length > 0 ? { population } : {}),
    ...(row.placeholder ? { placeholder: true } : {}),
  };
}

function asUnitKind(kind: string): UnitKind {
  if (!(UNIT_KINDS as readonly string[]).includes(kind)) throw new Error(`Unknown unit kind ${kind} in the database`);
  return kind as UnitKind;
}

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

/** `yyyy-MM-dd` → the DATE column's value (midnight UTC, which is how Prisma reads DATE back). */
function calendarDate(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new DomainError('INVALID_DIRECTIVE', `Directive date is not yyyy-MM-dd: ${value}`);
  }
  return new Date(`${value}T00:00:00Z`);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
