// One job of the intake pool (pool.ts), in a worker thread of its own: read a file or take a pasted
// text, and parse it. What goes wrong comes back as a value, for errors do not cross threads typed.
import { IntakeError, type IntakeErrorCode } from './errors';
import { parseDispatch } from './parse';
import { boundedText, readDispatchBytes } from './read';
import type { DispatchDraft, ParseOptions } from './types';

/** `options`: how to read what provinces read differently ("trước ngày X", ParseOptions). */
export type IntakeJob = ({ readonly text: string } | { readonly file: { readonly name: string; readonly bytes: Uint8Array } }) & { readonly options?: ParseOptions };
export type IntakeJobResult =
  | { readonly ok: true; readonly text: string; readonly draft: DispatchDraft }
  | { readonly ok: false; readonly code: IntakeErrorCode; readonly message: string };

/**
 * The largest draft passed back, as JSON characters: a real dispatch's is some tens of thousands.
 * Every deadline quotes its clause, so a crafted clause of thousands of dates would make a draft of
 * hundreds of megabytes from a text of 100,000 characters; it stops here, in the thread.
 */
export const DRAFT_MAX_CHARS = 4_000_000;

export default async function readJob(job: IntakeJob): Promise<IntakeJobResult> {
  try {
    const text = 'text' in job ? boundedText('The text', job.text) : await readDispatchBytes(job.file.name, job.file.bytes);
    const draft = parseDispatch(text, job.options);
    if (JSON.stringify(draft).length > DRAFT_MAX_CHARS) {
      return { ok: false, code: 'DOCUMENT_TOO_COMPLEX', message: 'The dispatch holds more deadlines, targets or tasks than a dispatch can.' };
    }
    return { ok: true, text, draft };
  } catch (error) {
    if (error instanceof IntakeError) return { ok: false, code: error.code, message: error.message };
    // A stack too deep for the document's nesting is the document's fault, not the server's.
    if (error instanceof RangeError) return { ok: false, code: 'DOCUMENT_TOO_COMPLEX', message: 'The document is nested too deeply to read.' };
    throw error;
  }
}
