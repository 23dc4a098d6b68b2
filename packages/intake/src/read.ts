import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import mammoth from 'mammoth';
import { unpackDocx } from './docx';
import { IntakeError } from './errors';

/** A pasted dispatch, or the text of a file: a few pages. Longer is DOCUMENT_TOO_LARGE. */
export const DISPATCH_TEXT_MAX = 100_000;
/** An uploaded .txt/.docx file. */
export const DISPATCH_FILE_MAX_BYTES = 256 * 1024;

/** The text of a dispatch file on disk, under the same limits as an upload. */
export async function readDispatchFile(path: string): Promise<string> {
  return readDispatchBytes(basename(path), await readFile(path));
}

/**
 * The text of an uploaded dispatch file (.txt/.md as UTF-8, .docx through mammoth), by its name's
 * extension, under the limits of intake: the file's size, the archive's (unpackDocx) and the text's.
 * Runs in the intake pool (pool.ts), never on the API's event loop.
 */
export async function readDispatchBytes(name: string, bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength > DISPATCH_FILE_MAX_BYTES) {
    throw new IntakeError('DOCUMENT_TOO_LARGE', `${name} is larger than ${DISPATCH_FILE_MAX_BYTES / 1024} KiB.`);
  }
  const ext = extname(name).toLowerCase();
  if (ext === '.docx') {
    const checked = await unpackDocx(name, bytes);
    let text: string;
    try {
      ({ value: text } = await mammoth.extractRawText({ buffer: Buffer.from(checked) }));
    } catch {
      throw new IntakeError('UNSUPPORTED_FILE', `${name} is not a readable .docx file.`);
    }
    return boundedText(name, text);
  }
  if (ext !== '.txt' && ext !== '.md') {
    throw new IntakeError('UNSUPPORTED_FILE', `${ext || name} files are not read; save the dispatch as .docx or .txt, or send its edXML package.`);
  }
  if (bytes.includes(0)) throw new IntakeError('UNSUPPORTED_FILE', `${name} is not a text file.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IntakeError('UNSUPPORTED_FILE', `${name} is not UTF-8 text.`);
  }
  return boundedText(name, text);
}

/** The text, if a dispatch can be that long. */
export function boundedText(name: string, text: string): string {
  if (text.length > DISPATCH_TEXT_MAX) {
    throw new IntakeError('DOCUMENT_TOO_LARGE', `${name} has ${text.length} characters; a dispatch has at most ${DISPATCH_TEXT_MAX}.`);
  }
  return text;
}
