import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { IntakeError } from './errors';
import { draftOf, readDocumentBytes, type ReadDocument } from './files/document';
import { INTAKE_POOL_DEFAULTS } from './pool';

/**
 * `npm run intake -- <file>`: prints the directive draft of a dispatch as JSON (exit 0), or says on
 * stderr why the file cannot be read as one (exit 2). A PDF or a picture is read as the web form
 * reads it (OCR for pages without text, within the same time budget); its draft has a `layout`.
 */
async function main(args: readonly string[]): Promise<number> {
  const file = args[0];
  if (args.length !== 1 || file === undefined || file === '--help' || file === '-h') {
    process.stderr.write('usage: npm run intake -- <dispatch.txt|.md|.docx|.pdf|.png|.jpg|.edxml>\n');
    return 2;
  }
  // npm and pnpm run scripts from the workspace root; a relative path means the caller's directory.
  const base = process.env.npm_lifecycle_event === 'intake' ? (process.env.INIT_CWD ?? process.cwd()) : process.cwd();
  const path = resolve(base, file);
  let read: ReadDocument;
  try {
    read = await readDocumentBytes(basename(path), await readFile(path), { deadline: Date.now() + INTAKE_POOL_DEFAULTS.scanTimeoutMs });
  } catch (error) {
    const reason = error instanceof IntakeError ? error.message : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    process.stderr.write(`intake: cannot read ${file}: ${reason}\n`);
    return 2;
  }
  try {
    process.stdout.write(`${JSON.stringify(draftOf(read), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof IntakeError) {
      process.stderr.write(`intake: ${file}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
