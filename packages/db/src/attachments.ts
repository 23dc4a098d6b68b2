import type { AttachmentState } from '@chidao/domain';
import { auditInsert, type AuditEntryInput } from './audit';
import type { Db } from './client';
import { Prisma } from './generated/prisma/client';

/** A report attachment as stored (issue 25); the bytes are in the file store under `sha256`. */
export interface StoredAttachment {
  readonly id: string;
  readonly assignmentId: string;
  /** The report version that carries it; null while it waits for the unit's next report. */
  readonly reportVersion: number | null;
  readonly unitId: string;
  readonly uploadedBy: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly state: AttachmentState;
  readonly signature: string | null;
  readonly uploadedAt: string;
  readonly scannedAt: string | null;
  readonly deletedAt: string | null;
  readonly deletedBy: string | null;
}

type Row = Prisma.ReportAttachmentGetPayload<object>;

const toStored = (row: Row): StoredAttachment => ({
  id: row.id,
  assignmentId: row.assignmentId,
  reportVersion: row.reportVersion,
  unitId: row.unitId,
  uploadedBy: row.uploadedBy,
  filename: row.filename,
  contentType: row.contentType,
  size: row.size,
  sha256: row.sha256,
  state: row.state as AttachmentState,
  signature: row.signature,
  uploadedAt: row.uploadedAt.toISOString(),
  scannedAt: row.scannedAt?.toISOString() ?? null,
  deletedAt: row.deletedAt?.toISOString() ?? null,
  deletedBy: row.deletedBy,
});

export interface NewAttachment {
  readonly id: string;
  readonly assignmentId: string;
  readonly unitId: string;
  readonly uploadedBy: string;
  readonly idempotencyKey: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly at: string;
}

export function createAttachmentRepository(db: Db) {
  const { prisma } = db;
  return {
    async get(id: string): Promise<StoredAttachment | null> {
      const row = await prisma.reportAttachment.findUnique({ where: { id } });
      return row ? toStored(row) : null;
    },

    /** The upload a user made under an Idempotency-Key, if any: a retry finds it. */
    async byKey(uploadedBy: string, idempotencyKey: string): Promise<StoredAttachment | null> {
      const row = await prisma.reportAttachment.findUnique({ where: { uploadedBy_idempotencyKey: { uploadedBy, idempotencyKey } } });
      return row ? toStored(row) : null;
    },

    /** An assignment's attachments, oldest first; deleted ones only when asked. */
    async forAssignment(assignmentId: string, options: { readonly withDeleted?: boolean } = {}): Promise<StoredAttachment[]> {
      const rows = await prisma.reportAttachment.findMany({
        where: { assignmentId, ...(options.withDeleted ? {} : { deletedAt: null }) },
        orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toStored);
    },

    /**
     * Records an upload (state `scanning`) with its audit entry. Two uploads of one report take turns
     * (a lock on the assignment's attachments), and `admit` sees the ones already there: the limits per
     * report hold however many arrive at once. A second upload under the same key answers the first.
     */
    async create(attachment: NewAttachment, admit: (others: StoredAttachment[]) => void, audit: AuditEntryInput): Promise<StoredAttachment> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`attachments:${attachment.assignmentId}`}))`;
        const again = await tx.reportAttachment.findUnique({ where: { uploadedBy_idempotencyKey: { uploadedBy: attachment.uploadedBy, idempotencyKey: attachment.idempotencyKey } } });
        if (again) return toStored(again);
        const pending = await tx.reportAttachment.findMany({ where: { assignmentId: attachment.assignmentId, reportVersion: null, deletedAt: null, state: { not: 'infected' } } });
        admit(pending.map(toStored));
        const { at, ...fields } = attachment;
        const row = await tx.reportAttachment.create({ data: { ...fields, uploadedAt: new Date(at), state: 'scanning' } });
        await auditInsert(tx, audit);
        return toStored(row);
      });
    },

    /** The scan's verdict (or `failed`), with its audit entry. */
    async scanned(id: string, verdict: { readonly state: 'clean' | 'infected' | 'failed'; readonly signature?: string; readonly at: string }, audit: AuditEntryInput): Promise<StoredAttachment> {
      return prisma.$transaction(async (tx) => {
        const row = await tx.reportAttachment.update({
          where: { id },
          data: { state: verdict.state, signature: verdict.signature ?? null, scannedAt: new Date(verdict.at) },
        });
        await auditInsert(tx, audit);
        return toStored(row);
      });
    },

    /**
     * Which of `ids` a report of this assignment cannot carry: not the assignment's, not clean,
     * deleted, or carried by a report already.
     */
    async attachable(assignmentId: string, ids: readonly string[]): Promise<{ readonly refused: string[] }> {
      if (ids.length === 0) return { refused: [] };
      const rows = await prisma.reportAttachment.findMany({ where: { id: { in: [...ids] } } });
      const ok = new Set(rows.filter((r) => r.assignmentId === assignmentId && r.state === 'clean' && r.deletedAt === null && r.reportVersion === null).map((r) => r.id));
      return { refused: ids.filter((id) => !ok.has(id)) };
    },

    /**
     * Names `version` as the report that carries these attachments (checked by attachable before the
     * report was sent); those carried already keep their report.
     */
    async attach(assignmentId: string, version: number, ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await prisma.reportAttachment.updateMany({ where: { id: { in: [...ids] }, assignmentId, reportVersion: null, deletedAt: null }, data: { reportVersion: version } });
    },

    /** Marks it deleted (the row and the bytes stay), with its audit entry; a second delete changes nothing. */
    async softDelete(id: string, by: { readonly userId: string; readonly at: string }, audit: AuditEntryInput): Promise<StoredAttachment> {
      return prisma.$transaction(async (tx) => {
        const current = await tx.reportAttachment.findUniqueOrThrow({ where: { id } });
        if (current.deletedAt) return toStored(current);
        const row = await tx.reportAttachment.update({ where: { id }, data: { deletedAt: new Date(by.at), deletedBy: by.userId } });
        await auditInsert(tx, audit);
        return toStored(row);
      });
    },
  };
}
