import type { TRPCRouterRecord } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_NAME_MAX,
  attachmentFilename,
  checkAttachmentLimits,
  DomainError,
  isAttachmentType,
} from '@chidao/domain';
import type { StoredAttachment } from '@chidao/db';
import { ScanFailedError, sniffType } from '@chidao/files';
import type { AuthedContext } from '../context';
import { auditEntry } from '../audit';
import { authedProcedure } from '../trpc';

/**
 * Report attachments (issue 25). A unit uploads a file for its assignment's next report; the type is
 * sniffed from the bytes, the bytes are kept in the file store, the file is scanned (ClamAV, in a
 * process of its own) and only a clean one can be sent with a report (reports.submit's
 * attachmentIds) or downloaded. Who sees one: its unit always; the units that may read the report
 * once the report that carries it is sent.
 */

export const attachment = z.object({
  id: z.string(),
  assignmentId: z.string(),
  reportVersion: z.number().int().nullable(),
  unitId: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  state: z.enum(['scanning', 'clean', 'infected', 'failed']),
  signature: z.string().nullable(),
  uploadedAt: z.string(),
  scannedAt: z.string().nullable(),
});

const view = (stored: StoredAttachment): z.output<typeof attachment> => ({
  id: stored.id,
  assignmentId: stored.assignmentId,
  reportVersion: stored.reportVersion,
  unitId: stored.unitId,
  filename: stored.filename,
  contentType: stored.contentType,
  size: stored.size,
  state: stored.state,
  signature: stored.signature,
  uploadedAt: stored.uploadedAt,
  scannedAt: stored.scannedAt,
});

const attachmentId = z.string().uuid();

/** Base64 of the largest file, and not a character more. */
export const ATTACHMENT_BASE64_MAX = Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4;

const filesOf = (ctx: AuthedContext) => {
  if (!ctx.scanner) throw new DomainError('UNAVAILABLE', 'This server keeps no attachments (no malware scanner configured)');
  return { store: ctx.files, scanner: ctx.scanner };
};

const notFound = (id: string) => new DomainError('ATTACHMENT_NOT_FOUND', 'No such attachment for this user', { id });

/** The refusal an infected file gets, every time it is asked about. */
const infected = (stored: StoredAttachment) =>
  new DomainError('ATTACHMENT_INFECTED', 'The malware scan found a signature in the file', { id: stored.id, signature: stored.signature });

/**
 * An attachment the user may see: its own unit's, or one a sent report carries for a unit whose
 * report the user may read. Anything else, deleted ones included, is not found.
 */
export async function attachmentToRead(ctx: AuthedContext, id: string): Promise<StoredAttachment> {
  const stored = await ctx.repos.attachments.get(id);
  if (!stored || stored.deletedAt) throw notFound(id);
  try {
    await ctx.access.assignmentToRead(stored.assignmentId);
  } catch {
    throw notFound(id);
  }
  const ownUnit = ctx.access.actingUnitIds().includes(stored.unitId);
  if (!ownUnit && (stored.reportVersion === null || stored.state !== 'clean')) throw notFound(id);
  return stored;
}

/** A clean attachment's bytes, as the host serves them (GET /files/attachment?id=…): a FileAnswer of files.ts. */
export async function attachmentFile(ctx: AuthedContext, id: string): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
  const stored = await attachmentToRead(ctx, id);
  // Nobody, the uploader included, downloads a file before the scan has found it clean.
  if (stored.state !== 'clean') throw notFound(id);
  const bytes = await filesOf(ctx).store.get(stored.sha256);
  if (!bytes) throw new DomainError('UNAVAILABLE', 'The attachment’s bytes are missing from the file store', { id });
  return { filename: stored.filename, contentType: stored.contentType, bytes: Buffer.from(bytes) };
}

async function scan(ctx: AuthedContext, stored: StoredAttachment, bytes: Uint8Array, actor: { userId: string; role: string; unitId: string }) {
  let verdict: { state: 'clean' | 'infected' | 'failed'; signature?: string };
  try {
    const found = await filesOf(ctx).scanner.scan(bytes);
    verdict = found.clean ? { state: 'clean' } : { state: 'infected', signature: found.signature };
  } catch (error) {
    if (!(error instanceof ScanFailedError)) throw error;
    verdict = { state: 'failed' };
  }
  const scanned = await ctx.repos.attachments.scanned(
    stored.id,
    { ...verdict, at: new Date().toISOString() },
    {
      ...auditEntry(ctx, {
        actor,
        action: 'attachment.scan',
        entityType: 'report_attachment',
        entityId: stored.id,
        before: { state: stored.state },
        after: { state: verdict.state, signature: verdict.signature ?? null },
      }),
      // The action's key is the upload's entry's; a scan (again, on a retry) is an entry of its own.
      actionKey: null,
    },
  );
  if (scanned.state === 'infected') throw infected(scanned);
  if (scanned.state === 'failed') throw new DomainError('ATTACHMENT_SCAN_FAILED', 'The malware scan gave no verdict', { id: stored.id });
  return scanned;
}

export const attachmentsRouter = {
  /**
   * Uploads a file for the assignment's next report (the unit's own only): refused by its content's
   * type, its size or the report's limits before anything is kept; then kept, scanned and answered
   * clean, or refused (infected, or no verdict). A retry under the same Idempotency-Key answers the
   * same attachment (and scans again one whose scan gave no verdict).
   */
  upload: authedProcedure
    .input(
      z.object({
        assignmentId: z.string().min(1).max(500),
        name: z.string().trim().min(1).max(ATTACHMENT_NAME_MAX),
        base64: z.string().max(ATTACHMENT_BASE64_MAX).regex(/^[A-Za-z0-9+/]*={0,2}$/),
      }),
    )
    .output(attachment)
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      const files = filesOf(ctx);
      const who = { userId: actor.userId, role, unitId: actor.unitId };
      const key = ctx.request.idempotencyKey!;
      const bytes = new Uint8Array(Buffer.from(input.base64, 'base64'));
      /** An upload's answer once it is recorded: its verdict, scanning it (again) where it has none. */
      const settle = async (stored: StoredAttachment) => {
        if (stored.state === 'infected') throw infected(stored);
        return view(stored.state === 'clean' ? stored : await scan(ctx, stored, bytes, who));
      };
      const earlier = await ctx.repos.attachments.byKey(actor.userId, key);
      if (earlier) return settle(earlier);
      checkAttachmentLimits(bytes.length, []);
      const type = await sniffType(bytes);
      if (!type || !isAttachmentType(type)) throw new DomainError('ATTACHMENT_TYPE_NOT_ALLOWED', 'The file’s content is none of the allowed types', { sniffed: type });
      // Kept before it is scanned: an infected file is kept too (never served), so nothing uploaded is lost.
      const sha256 = await files.store.put(bytes);
      const id = randomUUID();
      const filename = attachmentFilename(input.name, type);
      const stored = await ctx.repos.attachments.create(
        {
          id,
          assignmentId: assignment.id,
          unitId: assignment.unitId,
          uploadedBy: actor.userId,
          idempotencyKey: key,
          filename,
          contentType: type,
          size: bytes.length,
          sha256,
          at: new Date().toISOString(),
        },
        (others) => checkAttachmentLimits(bytes.length, others),
        auditEntry(ctx, {
          actor: who,
          action: 'attachment.upload',
          entityType: 'report_attachment',
          entityId: id,
          before: null,
          after: { assignmentId: assignment.id, filename, contentType: type, size: bytes.length, sha256 },
        }),
      );
      return settle(stored);
    }),

  /** An assignment's attachments the user may see, oldest first (its unit: all, with their scan states). */
  list: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500) }))
    .output(z.array(attachment))
    .query(async ({ ctx, input }) => {
      const assignment = await ctx.access.assignmentToRead(input.assignmentId);
      const ownUnit = ctx.access.actingUnitIds().includes(assignment.unitId);
      const all = await ctx.repos.attachments.forAssignment(assignment.id);
      return all.filter((a) => ownUnit || (a.reportVersion !== null && a.state === 'clean')).map(view);
    }),

  /**
   * Takes an attachment off the next report (its unit's only, before a report carries it): the row
   * and the bytes stay, marked deleted, and the audit trail says who and when. A sent report's
   * attachments stay as sent; a correction is a new report.
   */
  remove: authedProcedure
    .input(z.object({ id: attachmentId }))
    .output(attachment)
    .mutation(async ({ ctx, input }) => {
      const stored = await ctx.repos.attachments.get(input.id);
      if (!stored || stored.deletedAt) throw notFound(input.id);
      let acting;
      try {
        acting = (await ctx.access.assignmentToActOn(stored.assignmentId)).actor;
      } catch {
        throw notFound(input.id);
      }
      if (stored.reportVersion !== null) throw new DomainError('ILLEGAL_TRANSITION', 'A sent report’s attachments stay as sent', { id: input.id });
      const role = ctx.access.actFor(acting.unitId).role;
      const at = new Date().toISOString();
      const removed = await ctx.repos.attachments.softDelete(
        stored.id,
        { userId: acting.userId, at },
        auditEntry(ctx, {
          actor: { userId: acting.userId, role, unitId: acting.unitId },
          action: 'attachment.delete',
          entityType: 'report_attachment',
          entityId: stored.id,
          before: { deletedAt: null },
          after: { deletedAt: at },
        }),
      );
      return view(removed);
    }),
} satisfies TRPCRouterRecord;
