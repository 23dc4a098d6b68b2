import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import mammoth from 'mammoth';
import { IntakeError } from './errors';

/** The text of a dispatch file: .txt/.md as UTF-8, .docx through mammoth's plain-text extraction. */
export async function readDispatchFile(path: string): Promise<string> {
  const ext = extname(path).toLowerCase();
  if (ext === '.docx') {
    const { value } = await mammoth.extractRawText({ path });
    return value;
  }
  if (ext === '.doc' || ext === '.pdf' || ext === '.odt' || ext === '.rtf') {
    throw new IntakeError('UNSUPPORTED_FILE', `${ext} files are not read; save the dispatch as .docx or .txt.`);
  }
  const bytes = await readFile(path);
  if (bytes.includes(0)) throw new IntakeError('UNSUPPORTED_FILE', `${path} is not a text file.`);
  return new TextDecoder('utf-8').decode(bytes);
}

/** The text of an uploaded dispatch file (.txt/.md as UTF-8, .docx through mammoth), by its name's extension. */
export async function readDispatchBytes(name: string, bytes: Uint8Array): Promise<string> {
  const ext = extname(name).toLowerCase();
  if (ext === '.docx') {
    try {
      const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
      return value;
    } catch {
      throw new IntakeError('UNSUPPORTED_FILE', `${name} is not a readable .docx file.`);
    }
  }
  if (ext !== '.txt' && ext !== '.md') {
    throw new IntakeError('UNSUPPORTED_FILE', `${ext || name} files are not read; save the dispatch as .docx or .txt.`);
  }
  if (bytes.includes(0)) throw new IntakeError('UNSUPPORTED_FILE', `${name} is not a text file.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IntakeError('UNSUPPORTED_FILE', `${name} is not UTF-8 text.`);
  }
}
