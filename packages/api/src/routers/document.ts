import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { checkOriginalFile, DomainError, ORIGINAL_FILE_MAX_BYTES, ORIGINAL_FILE_TYPES } from '@chidao/domain';
import type { DirectiveOriginal } from '@chidao/db';
import { auditActing } from '../audit';
import type { AuthedContext } from '../context';
import { authedProcedure } from '../trpc';

/**
 * A directive's document: its full text (toàn văn) and its original file (bản gốc), which every unit
 * that sees the directive reads (the visibility of `directives.overview`: the units it reached, the
 * issuer's line, its coordinator), and which its issuer's leadership attaches once.
 */

const directiveId = z.string().min(1).max(300);

/** Where the original is served (apps/server: GET /files/original?directiveId=…), inline with a sandbox. */
export const originalUrl = (id: string) => `/files/original?directiveId=${encodeURIComponent(id)}`;

const originalSchema = z.object({ filename: z.string(), contentType: z.enum(ORIGINAL_FILE_TYPES), size: z.number().int(), url: z.string() });
const originalOf = (id: string, o: DirectiveOriginal) => ({
  filename: o.filename,
  contentType: o.contentType as (typeof ORIGINAL_FILE_TYPES)[number],
  size: o.size,
  url: originalUrl(id),
});

/** The original's description and bytes for a reader of the directive: DIRECTIVE_NOT_FOUND when it has none, as when it is not theirs. */
export async function originalFor(ctx: AuthedContext, id: string): Promise<{ original: DirectiveOriginal; bytes: Uint8Array }> {
  const directive = await ctx.access.directive(id);
  const original = (await ctx.repos.directives.document(directive.id))?.original ?? null;
  const bytes = original ? await ctx.files.get(original.sha256) : null;
  if (!original || !bytes) throw new DomainError('DIRECTIVE_NOT_FOUND', 'This directive has no original file', { directiveId: id });
  return { original, bytes };
}

/** Whether the user acts in the issuer's name (access.issueFor), as attaching asks. */
function issuesFor(ctx: AuthedContext, issuerUnitId: string): boolean {
  try {
    ctx.access.issueFor(issuerUnitId);
    return true;
  } catch {
    return false;
  }
}

export const documentProcedures = {
  /** The full text and the original's description (its name, type, size and address), for whoever sees the directive. */
  document: authedProcedure
    .input(z.object({ directiveId }))
    .output(
      z.object({
        reference: z.string(),
        subject: z.string(),
        /** yyyy-MM-dd */
        date: z.string(),
        fullText: z.string().nullable(),
        original: originalSchema.nullable(),
        /** The user may attach the original (its issuer's leadership) and none is attached yet. */
        mayAttach: z.boolean(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const directive = await ctx.access.directive(input.directiveId);
      const found = await ctx.repos.directives.document(directive.id);
      return {
        reference: directive.reference,
        subject: directive.subject,
        date: directive.date,
        fullText: found?.fullText ?? null,
        original: found?.original ? originalOf(directive.id, found.original) : null,
        mayAttach: !found?.original && issuesFor(ctx, directive.issuerUnitId),
      };
    }),

  /**
   * Attaches the original (a PDF, or a scan as PNG or JPEG, typed by its bytes, at most
   * ORIGINAL_FILE_MAX_BYTES) to a directive, by its issuer's leadership. Once: the same file again
   * changes nothing; another file when one is attached is DIRECTIVE_CONFLICT. A bad file is
   * UNSUPPORTED_FILE or DOCUMENT_TOO_LARGE and stores nothing.
   */
  attachOriginal: authedProcedure
    .input(
      z.object({
        directiveId,
        file: z.object({
          name: z.string().trim().min(1).max(255),
          base64: z
            .string()
            .max(Math.ceil(ORIGINAL_FILE_MAX_BYTES / 3) * 4)
            .regex(/^[A-Za-z0-9+/]*={0,2}$/),
        }),
      }),
    )
    .output(z.object({ original: originalSchema, attached: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const directive = await ctx.access.directive(input.directiveId);
      // Only in the issuer's name; anyone else is told there is no such directive.
      if (!issuesFor(ctx, directive.issuerUnitId)) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId: directive.id });
      const acting = ctx.access.issueFor(directive.issuerUnitId);
      const bytes = Buffer.from(input.file.base64, 'base64');
      const { contentType, filename } = checkOriginalFile(bytes, input.file.name);
      const sha256 = await ctx.files.put(bytes);
      const before = (await ctx.repos.directives.document(directive.id))?.original ?? null;
      const now = before ?? (await ctx.repos.directives.attachOriginal(directive.id, { sha256, contentType, filename, size: bytes.length }, ctx.user.id));
      if (now.sha256 !== sha256) {
        throw new DomainError('DIRECTIVE_CONFLICT', 'This directive already has another original file', { directiveId: directive.id });
      }
      const attached = before === null;
      if (attached) {
        await auditActing(ctx, acting, {
          action: 'directive.attach_original',
          entityType: 'directive',
          entityId: directive.id,
          before: null,
          after: { sha256, contentType, filename: now.filename, size: now.size },
        });
      }
      return { original: originalOf(directive.id, now), attached };
    }),
} satisfies TRPCRouterRecord;
