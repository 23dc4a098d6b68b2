// PDFs and pictures of a dispatch, made in the test from the text of a fixture: a PDF with a text layer
// as a word processor exports it, and a scan of it (each page a picture, no text) as a scanner makes
// it. For the tests of intake and of the web form; they need pdfkit and poppler's pdftoppm.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import { collect, dispatchPdf } from './dispatch-pdf';

/** A PDF with a text layer of the dispatch: what the seed makes of 1119 (./dispatch-pdf). */
export const textPdf = dispatchPdf;

const run = promisify(execFile);

/** A4 in points. */
const A4 = { width: 595.28, height: 841.89 };

/** The pages of a PDF as pictures (PNG or JPEG), grey, at `dpi`: what a scanner gives of the printed pages. */
export async function pagePictures(pdf: Buffer, dpi = 200, format: 'png' | 'jpeg' = 'png'): Promise<Buffer[]> {
  const dir = await mkdtemp(join(tmpdir(), 'chidao-scan-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    await run('pdftoppm', ['-r', String(dpi), '-gray', `-${format}`, join(dir, 'in.pdf'), join(dir, 'page')]);
    // page-1.png, page-2.png… (or .jpg) (zero-padded to the page count's digits, so their order is the names').
    const names = (await readdir(dir)).filter((f) => f.startsWith('page-')).sort();
    return Promise.all(names.map((f) => readFile(join(dir, f))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A scanned PDF: every page a picture of the text PDF's page, with no text layer. */
export async function scannedPdf(pictures: readonly Buffer[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
  for (const picture of pictures) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(picture, 0, 0, { width: A4.width, height: A4.height });
  }
  return collect(doc);
}

/** A PDF of `count` pages, each with a line of text: more pages than a dispatch has, for the limits. */
export function pdfOfPages(count: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  for (let i = 0; i < count; i++) doc.addPage().text(`Trang ${i + 1}`);
  return collect(doc);
}

/** A PNG header that claims `width` × `height` pixels and holds none: a decompression bomb's front. */
export function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header.writeUInt8(8, 24);
  return header;
}
