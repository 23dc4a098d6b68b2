// One job of the intake pool (pool.ts), in a worker thread of its own: read a file or take a pasted
// text, and parse it. What goes wrong comes back as a value, for errors do not cross threads typed.
import { IntakeError, type IntakeErrorCode } from './errors';
import { draftOf, readDocumentBytes, type PagePreview } from './files/document';
import { boundedText } from './read';
import { readTableBytes } from './table';
import type { DispatchDraft, ParseOptions } from './types';

/** `options`: how to read what provinces read differently ("trước ngày X", ParseOptions). */
export type IntakeJob =
  | ({ readonly text: string } | { readonly file: { readonly name: string; readonly bytes: Uint8Array } }) & { readonly options?: ParseOptions }
  /** A roster (.xlsx or .csv) to read as cells: issue 23's account import. */
  | { readonly table: { readonly name: string; readonly bytes: Uint8Array } };
/**
 * A job as the pool hands it to a thread: with the time it may take once it runs, in ms, and for a
 * PDF or a picture the folder its pages are drawn in (the pool removes it, even if the thread is stopped).
 */
export type PoolJob = IntakeJob & { readonly budgetMs: number; readonly workDir?: string };
export type IntakeJobResult =
  | { readonly ok: true; readonly text: string; readonly draft: DispatchDraft; readonly pages: readonly PagePreview[] }
  | { readonly ok: true; readonly rows: string[][] }
  | { readonly ok: false; readonly code: IntakeErrorCode; readonly message: string };

/**
 * The largest draft passed back, as JSON characters: a real dispatch's is some tens of thousands.
 * Every deadline quotes its clause, so a crafted clause of thousands of dates would make a draft of
 * hundreds of megabytes from a text of 100,000 characters; it stops here, in the thread.
 */
export const DRAFT_MAX_CHARS = 4_000_000;

export default async function readJob(job: PoolJob): Promise<IntakeJobResult> {
  try {
    if ('table' in job) return { ok: true, rows: await readTableBytes(job.table.name, job.table.bytes) };
    const deadline = Date.now() + job.budgetMs;
    const read = 'text' in job ? { text: boundedText('The text', job.text), layout: null, previews: [] } : await readDocumentBytes(job.file.name, job.file.bytes, { deadline, ...(job.workDir ? { workDir: job.workDir } : {}) });
    const draft = draftOf(read, job.options);
    if (JSON.stringify(draft).length > DRAFT_MAX_CHARS) {
      return { ok: false, code: 'DOCUMENT_TOO_COMPLEX', message: 'The dispatch holds more deadlines, targets or tasks than a dispatch can.' };
    }
    return { ok: true, text: read.text, draft, pages: read.previews };
  } catch (error) {
    if (error instanceof IntakeError) return { ok: false, code: error.code, message: error.message };
    // A stack too deep for the document's nesting is the document's fault, not the server's.
    if (error instanceof RangeError) return { ok: false, code: 'DOCUMENT_TOO_COMPLEX', message: 'The document is nested too deeply to read.' };
    throw error;
  }
}
