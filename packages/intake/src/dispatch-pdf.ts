// A dispatch's text laid out as a PDF with a text layer, as a word processor exports it: the seed's
// original file of 1119 (made when the demo is seeded), and the intake tests' PDFs. The font is DejaVu
// Sans from its npm package, embedded (subset) by pdfkit, so every Vietnamese letter is drawn and can
// be selected and searched in any viewer, on any machine.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';

/** DejaVu Sans from its npm package: a font with every Vietnamese letter, on any machine. */
const FONT = join(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf', 'DejaVuSans.ttf');

/** The document's bytes once pdfkit has written it out. */
export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * A PDF with a text layer of the dispatch, A4, 13 pt: each block of the text (between blank lines)
 * a paragraph, wrapped at the margin as a word processor wraps it, with space between paragraphs.
 * Markdown's bold markers are dropped. With `columns`, the header is laid out as Nghị định 30/2020
 * has it: the first four blocks (the issuing body, the motto, the reference, the place and date) in
 * two columns, the body and the reference on the left, the motto and the date on the right.
 */
export async function dispatchPdf(text: string, options: { columns?: boolean; title?: string } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 70, right: 56 }, info: { Title: options.title ?? 'Công văn' } });
  doc.registerFont('body', FONT).font('body').fontSize(13);
  const blocks = text
    .replace(/\*\*/g, '')
    .split(/\n[ \t]*\n/)
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (options.columns) {
    const [issuer = '', motto = '', reference = '', date = ''] = blocks.splice(0, 4);
    for (const [left, right] of [
      [issuer, motto],
      [reference, date],
    ] as const) {
      const top = doc.y;
      doc.text(left, 70, top, { width: 190, lineGap: 2 });
      const below = doc.y;
      doc.text(right, 280, top, { width: 259, lineGap: 2 });
      doc.x = 70;
      doc.y = Math.max(below, doc.y);
      doc.moveDown(0.7);
    }
  }
  for (const block of blocks) {
    for (const line of block.split('\n')) doc.text(line.trim(), { lineGap: 2 });
    doc.moveDown(0.7);
  }
  return collect(doc);
}

