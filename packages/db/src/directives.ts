import { DomainError, documentKindOf, type Directive, type DocumentKind } from '@chidao/domain';
import type { Db } from './client';
import { Prisma } from './generated/prisma/client';
import { isoDate } from './values';

export interface DirectiveRef {
  readonly id: string;
  readonly reference: string;
  readonly subject: string;
  /** yyyy-MM-dd */
  readonly date: string;
  readonly issuerUnitId: string;
  readonly issuerName: string;
  /** The kind of document that carries the tasks (công văn, chỉ thị, kế hoạch …): lists name a directive by it. */
  readonly kind: DocumentKind;
}

/** A directive issued to carry out an assignment: by whom, for which unit's assignment, when. */
export interface ImplementingDirective {
  readonly id: string;
  readonly reference: string;
  readonly subject: string;
  /** yyyy-MM-dd: the date it bears. */
  readonly date: string;
  readonly issuerUnitId: string;
  /** The unit whose assignment it carries out (the issuer, or a unit it succeeded). */
  readonly unitId: string;
  /** When it was entered into the system. */
  readonly enteredAt: string;
}

export interface DirectiveSummary extends DirectiveRef {
  readonly workflowId: string;
  readonly assignmentCount: number;
  /** Assignments past `issued`. */
  readonly acknowledgedCount: number;
}

/** A directive's original file as it was attached: what the viewer and the download are told. */
export interface DirectiveOriginal {
  readonly sha256: string;
  /** application/pdf, image/png or image/jpeg: read from the bytes when attached, never from the name. */
  readonly contentType: string;
  readonly filename: string;
  readonly size: number;
}

export function createDirectiveRepository(db: Db) {
  const { prisma } = db;

  const directives = {
    /** Inserts or replaces the directive; `body` keeps the whole domain object. */
    async save(directive: Directive, workflowId: string): Promise<void> {
      const data = directiveData(directive, workflowId);
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
        data: [{ id: directive.id, ...directiveData(directive, workflowId) }],
        skipDuplicates: true,
      });
      return inserted.count === 1;
    },

    async get(id: string): Promise<Directive | null> {
      const row = await prisma.directive.findUnique({ where: { id }, select: { body: true, fullText: true } });
      if (!row) return null;
      const body = row.body as unknown as Directive;
      return row.fullText === null ? body : { ...body, sourceText: row.fullText };
    },

    /** The full text (toàn văn) and the original file's description: null when there is no such directive. */
    async document(id: string): Promise<{ fullText: string | null; original: DirectiveOriginal | null } | null> {
      const row = await prisma.directive.findUnique({
        where: { id },
        select: { fullText: true, original: { select: { sha256: true, contentType: true, filename: true, size: true } } },
      });
      return row ? { fullText: row.fullText, original: row.original } : null;
    },

    /** Gives a directive its full text where it has none yet (the seed's, entered after it was issued); true when written. */
    async setFullTextIfMissing(id: string, fullText: string): Promise<boolean> {
      return (await prisma.directive.updateMany({ where: { id, fullText: null }, data: { fullText } })).count === 1;
    },

    /**
     * Attaches the original file, once: a directive that has one keeps it (a retry, or a second
     * attachment, writes nothing). Answers the original the directive has now.
     */
    async attachOriginal(id: string, original: DirectiveOriginal, attachedBy: string | null): Promise<DirectiveOriginal> {
      await prisma.directiveOriginal.createMany({ data: [{ directiveId: id, ...original, attachedBy }], skipDuplicates: true });
      return prisma.directiveOriginal.findUniqueOrThrow({ where: { directiveId: id }, select: { sha256: true, contentType: true, filename: true, size: true } });
    },

    /**
     * Number, subject and entry time (when the directive was entered into the system) of each of
     * `ids` that exists: what a list of escalations names its directives by.
     */
    async entries(ids: readonly string[]): Promise<Array<{ id: string; reference: string; subject: string; issuerUnitId: string; enteredAt: string }>> {
      if (ids.length === 0) return [];
      const rows = await prisma.directive.findMany({ where: { id: { in: [...ids] } }, select: { id: true, reference: true, subject: true, issuerUnitId: true, createdAt: true } });
      return rows.map((r) => ({ id: r.id, reference: r.reference, subject: r.subject, issuerUnitId: r.issuerUnitId, enteredAt: r.createdAt.toISOString() }));
    },

    /**
     * The directives that carry out `directiveId` as given to one of `unitIds` (issue 25), oldest
     * first: what each unit below issued to carry it out, and when it was entered.
     */
    async implementing(directiveId: string, unitIds: readonly string[]): Promise<ImplementingDirective[]> {
      if (unitIds.length === 0) return [];
      const rows = await prisma.directive.findMany({
        where: { implementsDirectiveId: directiveId, implementsUnitId: { in: [...unitIds] } },
        select: { id: true, reference: true, subject: true, date: true, issuerUnitId: true, implementsUnitId: true, createdAt: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        subject: r.subject,
        date: isoDate(r.date),
        issuerUnitId: r.issuerUnitId,
        unitId: r.implementsUnitId!,
        enteredAt: r.createdAt.toISOString(),
      }));
    },

    /**
     * `directiveId` and the directives it carries out in turn, nearest first, at most `max` + 1 of them
     * (a longer chain is cut there, which the domain refuses as too deep).
     */
    async chainFrom(directiveId: string, max: number): Promise<string[]> {
      const rows = await prisma.$queryRaw<Array<{ id: string }>>`
        WITH RECURSIVE up(id, parent, depth) AS (
          SELECT d.id, d.implements_directive_id, 0 FROM directive d WHERE d.id = ${directiveId}
          UNION ALL
          SELECT d.id, d.implements_directive_id, up.depth + 1 FROM directive d JOIN up ON d.id = up.parent WHERE up.depth < ${max}
        )
        SELECT id FROM up ORDER BY depth`;
      return rows.map((r) => r.id);
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
          kind: string;
          workflow_id: string;
          assignment_count: number;
          acknowledged_count: number;
        }>
      >`
        SELECT d.id, d.reference, d.subject, d.date, d.issuer_unit_id, d.kind,
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
        kind: documentKindOf(row.kind),
        workflowId: row.workflow_id,
        assignmentCount: row.assignment_count,
        acknowledgedCount: row.acknowledged_count,
      }));
    },
  };

  return directives;
}

/**
 * A directive's row but its id; `body` keeps the whole domain object but its full text, which has a
 * column of its own (written only when the directive carries one, so saving it again keeps it).
 */
function directiveData(directive: Directive, workflowId: string) {
  const { sourceText, ...body } = directive;
  return {
    ...(sourceText === undefined ? {} : { fullText: sourceText }),
    reference: directive.reference,
    issuerUnitId: directive.issuerUnitId,
    date: calendarDate(directive.date),
    subject: directive.subject,
    kind: directive.kind ?? 'cong_van',
    coordinatorUnitId: directive.coordinatorUnitId,
    implementsDirectiveId: directive.implements?.directiveId ?? null,
    implementsUnitId: directive.implements?.unitId ?? null,
    body: body as unknown as Prisma.InputJsonObject,
    workflowId,
  };
}

/** `yyyy-MM-dd` → the DATE column's value (midnight UTC, which is how Prisma reads DATE back). */
function calendarDate(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new DomainError('INVALID_DIRECTIVE', `Directive date is not yyyy-MM-dd: ${value}`);
  }
  return new Date(`${value}T00:00:00Z`);
}
