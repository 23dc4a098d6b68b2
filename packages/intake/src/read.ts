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
