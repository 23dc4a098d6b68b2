// One job of the intake pool (pool.ts), in a worker thread of its own: read a file or take a pasted
// text, and parse it. What goes wrong comes back as a value, for errors do not cross threads typed.
import { IntakeError, type IntakeErrorCode } from './errors';
import { parseDispatch } from './parse';
import { boundedText, readDispatchBytes } from './read';
import type { DispatchDraft } from './types';

export type IntakeJob = { readonly text: string } | { readonly file: { readonly name: string; readonly bytes: Uint8Array } };
export type IntakeJobResult =
  | { readonly ok: true; readonly text: string; readonly draft: DispatchDraft }
  | { readonly ok: false; readonly code: IntakeErrorCode; readonly message: string };

export default async function readJob(job: IntakeJob): Promise<IntakeJobResult> {
  try {
    const text = 'text' in job ? boundedText('The text', job.text) : await readDispatchBytes(job.file.name, job.file.bytes);
    return { ok: true, text, draft: parseDispatch(text) };
  } catch (error) {
    if (error instanceof IntakeError) return { ok: false, code: error.code, message: error.message };
    // A stack too deep for the document's nesting is the document's fault, not the server's.
    if (error instanceof RangeError) return { ok: false, code: 'DOCUMENT_TOO_COMPLEX', message: 'The document is nested too deeply to read.' };
    throw error;
  }
}
