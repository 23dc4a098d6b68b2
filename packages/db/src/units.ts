import { buildHierarchy, DomainError, unitsById, UNIT_KINDS, type Hierarchy, type LevelScheme, type Population, type Unit, type UnitKind } from '@chidao/domain';
import { auditInsert, type AuditEntryInput } from './audit';
import type { Db } from './client';
import type { Unit as UnitRow } from './generated/prisma/client';

/** The units of the tree, under `scheme`; their hierarchy is built once and kept until units change. */
export function createUnitRepository(db: Db, scheme: LevelScheme) {
  const { prisma } = db;
  // Units change by seeding and from the administration screen (change), each of which forgets the tree.
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
      const batch = unitsById(scheme, input);
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
        code: unit.code ?? null,
        path: placed.get(unit.id)!.path,
        depth: placed.get(unit.id)!.depth,
        adults15to60: unit.population?.adults15to60 ?? null,
        smartphoneUsers: unit.population?.smartphoneUsers ?? null,
        placeholder: unit.placeholder ?? false,
        validFrom: unit.validFrom !== undefined ? dayOf(unit.validFrom) : null,
        validTo: unit.validTo !== undefined ? dayOf(unit.validTo) : null,
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

    /**
     * A change made from the administration screen (@chidao/domain unit-administration.ts): its units
     * written as planned, with its audit entry, in one transaction under one lock on the tree. A retry
     * of the same user action (its audit entry's action key is already there) writes nothing again
     * and answers false. Paths below a unit that moved follow it.
     */
    async change(input: readonly Unit[], audit: AuditEntryInput): Promise<boolean> {
      const applied = await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('unit_tree'))`;
        if (audit.actionKey && (await tx.auditEntry.findUnique({ where: { actionKey: audit.actionKey }, select: { id: true } }))) return false;
        const parents = new Map(input.map((u) => [u.id, u.parentId] as const));
        // Parents first: a new unit before the units that move under it.
        const depthOf = (u: Unit, seen = new Set<string>()): number => {
          const parent = parents.get(u.id) ?? null;
          if (parent === null || !parents.has(parent) || seen.has(parent)) return 0;
          seen.add(u.id);
          return 1 + depthOf(input.find((x) => x.id === parent)!, seen);
        };
        for (const unit of [...input].sort((a, b) => depthOf(a) - depthOf(b))) {
          const parent = unit.parentId === null ? null : await tx.unit.findUnique({ where: { id: unit.parentId }, select: { path: true, depth: true } });
          if (unit.parentId !== null && !parent) throw new DomainError('INVALID_HIERARCHY', `Unit ${unit.id} has unknown parent ${unit.parentId}`, { unitId: unit.id });
          const data = {
            name: unit.name,
            level: unit.level,
            kind: unit.kind,
            parentId: unit.parentId,
            code: unit.code ?? null,
            path: parent ? `${parent.path}/${unit.id}` : unit.id,
            depth: parent ? parent.depth + 1 : 0,
            validFrom: unit.validFrom !== undefined ? dayOf(unit.validFrom) : null,
            validTo: unit.validTo !== undefined ? dayOf(unit.validTo) : null,
          };
          await tx.unit.upsert({ where: { id: unit.id }, create: { id: unit.id, ...data }, update: data });
        }
        // A unit that moved carries the paths of the stored units below it along.
        await tx.$executeRaw`
          WITH RECURSIVE tree AS (
            SELECT id, id AS path, 0 AS depth FROM unit WHERE parent_id IS NULL
            UNION ALL
            SELECT u.id, t.path || '/' || u.id, t.depth + 1 FROM unit u JOIN tree t ON u.parent_id = t.id
          )
          UPDATE unit SET path = tree.path, depth = tree.depth
          FROM tree WHERE unit.id = tree.id AND (unit.path <> tree.path OR unit.depth <> tree.depth)`;
        await auditInsert(tx, audit);
        return true;
      });
      hierarchyCache = null;
      return applied;
    },

    /** Reads the tree again on the next call: another process changed the units (a successor's unit unknown here). */
    forget(): void {
      hierarchyCache = null;
    },
  };

  return units;
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
    ...(row.code !== null ? { code: row.code } : {}),
    ...(Object.keys(population).length > 0 ? { population } : {}),
    ...(row.placeholder ? { placeholder: true } : {}),
    ...(row.validFrom !== null ? { validFrom: isoDay(row.validFrom) } : {}),
    ...(row.validTo !== null ? { validTo: isoDay(row.validTo) } : {}),
  };
}

// A DATE column travels as midnight UTC of its day: read and written that way, no zone shifts the day.
const dayOf = (day: string) => new Date(`${day}T00:00:00.000Z`);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function asUnitKind(kind: string): UnitKind {
  if (!(UNIT_KINDS as readonly string[]).includes(kind)) throw new Error(`Unknown unit kind ${kind} in the database`);
  return kind as UnitKind;
}
