import { compiledReportFilename, compiledReportWorkbook } from './compiled-xlsx';
import { compiledReportFor, compiledInput, unitReportFor, unitReportInput } from './routers/compiled';
import { statisticsFileInput, taskStatisticsFor } from './routers/statistics';
import { statisticsFilename, statisticsWorkbook } from './statistics-xlsx';
import { ROSTER_TEMPLATE_FILENAME, rosterTemplateWorkbook } from './roster-xlsx';
import { administeredUnits } from './routers/administration';
import { attachmentFile } from './routers/attachments';
import { z } from 'zod';
import { authedProcedure, createCallerFactory, router } from './trpc';

/** A file as a host sends it: its name (any Unicode; the host encodes it for Content-Disposition), type and bytes. */
export interface FileAnswer {
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
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
  /** A report's attachment, once scanned clean, to the users who may see it (routers/attachments.ts). */
  attachment: authedProcedure.input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => attachmentFile(ctx, input.id)),
});


export type FileName = keyof typeof filesRouter._def.procedures;
export const FILE_NAMES = Object.keys(filesRouter._def.procedures) as FileName[];

/** Calls a file procedure with a request's context, as a host does for GET /files/<name>.xlsx. */
export const createFilesCaller = createCallerFactory(filesRouter);
