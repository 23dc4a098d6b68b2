import { z } from 'zod';
import { compiledReportFilename, compiledReportWorkbook } from './compiled-xlsx';
import { compiledReportFor, compiledInput, unitReportFor, unitReportInput } from './routers/compiled';
import { statisticsFileInput, taskStatisticsFor } from './routers/statistics';
import { statisticsFilename, statisticsWorkbook } from './statistics-xlsx';
import { ROSTER_TEMPLATE_FILENAME, rosterTemplateWorkbook } from './roster-xlsx';
import { administeredUnits } from './routers/administration';
import { directiveEdxmlFor } from './directive-edxml';
import { originalFor } from './routers/document';
import { attachmentFile } from './routers/attachments';
import { authedProcedure, createCallerFactory, router } from './trpc';

/** A file as a host sends it: its name (any Unicode; the host encodes it for Content-Disposition), type and bytes. */
export interface FileAnswer {
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  /**
   * Shown in the browser rather than saved (a directive's original, for the viewer); the host sends it
   * under a sandboxing Content-Security-Policy.
   */
  readonly inline?: boolean;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The files the API serves as downloads (a plain GET on the host, see apps/server), by name. They are
 * procedures, not routes of their own, so a file goes through the same middleware as every call
 * (session, bounded input, domain errors) and the same access checks as the figures it lays out:
 * `compiled` is `compiled.report`'s model, `statistics` is `statistics.tasks`' figures. They are not
 * part of appRouter: bytes are not JSON, and no client asks for a file as a tRPC call.
 */
export const filesRouter = router({
  /** A directive's original file (`directives.document`'s), to whoever sees the directive: shown inline. */
  original: authedProcedure.input(z.object({ directiveId: z.string().min(1).max(300) })).query(async ({ ctx, input }): Promise<FileAnswer> => {
    const { original, bytes } = await originalFor(ctx, input.directiveId);
    return { filename: original.filename, contentType: original.contentType, bytes: Buffer.from(bytes), inline: true };
  }),
  compiled: authedProcedure.input(compiledInput).query(async ({ ctx, input }): Promise<FileAnswer> => {
    const report = await compiledReportFor(ctx, input.directiveId);
    return { filename: compiledReportFilename(report), contentType: XLSX_TYPE, bytes: await compiledReportWorkbook(report) };
  }),
  /** `compiled.unitReport`'s model: a unit's report of the units below it (a district's of its communes). */
  progress: authedProcedure.input(unitReportInput).query(async ({ ctx, input }): Promise<FileAnswer> => {
    const report = await unitReportFor(ctx, input.directiveId, input.unitId);
    return { filename: compiledReportFilename(report), contentType: XLSX_TYPE, bytes: await compiledReportWorkbook(report) };
  }),
  statistics: authedProcedure.input(statisticsFileInput).query(async ({ ctx, input }): Promise<FileAnswer> => {
    const stats = await taskStatisticsFor(ctx, input);
    return { filename: statisticsFilename(stats), contentType: XLSX_TYPE, bytes: await statisticsWorkbook(stats) };
  }),
  /** The roster template, listing the units the administrator enrols people at (admin.units' answer). */
  rosterTemplate: authedProcedure.query(async ({ ctx }): Promise<FileAnswer> => {
    const units = await administeredUnits(ctx);
    return { filename: ROSTER_TEMPLATE_FILENAME, contentType: XLSX_TYPE, bytes: await rosterTemplateWorkbook(units) };
  }),
  /** An issued directive as an edXML package (QCVN 102:2016/BTTTT), for its issuing unit's leadership (directive-edxml.ts). */
  edxml: authedProcedure.input(z.object({ directiveId: z.string().trim().min(1).max(300) })).query(({ ctx, input }): Promise<FileAnswer> => directiveEdxmlFor(ctx, input.directiveId)),
  /** A report's attachment, once scanned clean, to the users who may see it (routers/attachments.ts). */
  attachment: authedProcedure.input(z.object({ id: z.string().uuid() })).query(({ ctx, input }): Promise<FileAnswer> => attachmentFile(ctx, input.id)),
});

export type FileName = keyof typeof filesRouter._def.procedures;
export const FILE_NAMES = Object.keys(filesRouter._def.procedures) as FileName[];
/** Each file's path under /files/: the workbooks end in .xlsx, an edXML package in .edxml; the original is shown as it is, whatever its type. */
export const FILE_PATHS: Record<FileName, string> = {
  original: 'original',
  compiled: 'compiled.xlsx',
  progress: 'progress.xlsx',
  statistics: 'statistics.xlsx',
  rosterTemplate: 'rosterTemplate.xlsx',
  edxml: 'edxml.edxml',
  attachment: 'attachment',
};

/** Calls a file procedure with a request's context, as a host does for GET /files/<name>.xlsx. */
export const createFilesCaller = createCallerFactory(filesRouter);
