import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { IntakeError } from '../errors';
import { parseDispatch } from '../parse';
import { withEnvelope } from '../edxml/crosscheck';
import { EDXML_EXTENSIONS, readEdxml, type EdxmlEnvelope } from '../edxml/read';
import { boundedText, readDispatchBytes } from '../read';
import type { DispatchDraft, DocumentLayout, LayoutPage, ParseOptions } from '../types';
import { linesToText, type PageLine } from './layout';
import { checkPicture, ocrPicture, OCR_LIMITS, renderPage, type OcrLimits } from './ocr';
import { PDF_LIMITS, readPdfText, type PdfLimits } from './pdf';

/** An uploaded PDF or picture: a scan of a few pages at 150–200 dpi, or a PDF with its fonts. */
export const SCAN_FILE_MAX_BYTES = 2 * 1024 * 1024;
/** Pages shown beside the form as pictures; past them the form names the page only. */
export const PREVIEW_PAGES = 10;
/** An uploaded picture is shown as it is when it is no larger than this. */
const PREVIEW_MAX_BYTES = 1024 * 1024;

/** Extensions read as PDF or as a picture through OCR. */
export const SCAN_EXTENSIONS = ['.pdf', '.png', '.jpg', '.jpeg'] as const;

/** A picture of one page of the file, to show beside the fields read from it. */
export interface PagePreview {
  readonly number: number;
  /** A data: URL (JPEG or PNG). */
  readonly image: string;
}

export interface ReadDocument {
  readonly text: string;
  /** Where each line of the text sits in the file; null for a text or .docx file. */
  readonly layout: DocumentLayout | null;
  readonly previews: readonly PagePreview[];
  /** The envelope of an edXML package (.edxml, .xml); absent for any other file. */
  readonly exchange?: EdxmlEnvelope;
}

export interface ReadOptions {
  /** Epoch ms by which reading must be done; OCR's programs are killed at it. */
  readonly deadline: number;
  /**
   * An empty folder for the file and its pages' pictures, which the caller removes; without it one is
   * made and removed here. The pool gives one, so that a job whose thread is stopped leaves nothing.
   */
  readonly workDir?: string;
  readonly pdf?: PdfLimits;
  readonly ocr?: OcrLimits;
}

/** An edXML package (QCVN 102:2016/BTTTT): its document's text is read out of it (edxml/read.ts). */
export function isEdxmlFile(name: string): boolean {
  return (EDXML_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

export function isScanFile(name: string): boolean {
  return (SCAN_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

/**
 * The text of any file intake reads, and for a PDF or a picture where each line of it sits: a PDF's
 * text layer as it is, its pages without one and a picture (.png, .jpg) through OCR. Runs in the
 * intake pool (pool.ts), never on the API's event loop; OCR's programs run as child processes of
 * that thread under the limits of ocr.ts and the deadline.
 */
export async function readDocumentBytes(name: string, bytes: Uint8Array, options: ReadOptions): Promise<ReadDocument> {
  if (isEdxmlFile(name)) {
    const { text, envelope } = await readEdxml(name, bytes);
    return { text, layout: null, previews: [], exchange: envelope };
  }
  if (!isScanFile(name)) return { text: await readDispatchBytes(name, bytes), layout: null, previews: [] };
  if (bytes.byteLength > SCAN_FILE_MAX_BYTES) {
    throw new IntakeError('DOCUMENT_TOO_LARGE', `${name} is larger than ${SCAN_FILE_MAX_BYTES / 1024 / 1024} MiB.`);
  }
  const ocrLimits = options.ocr ?? OCR_LIMITS;
  const dir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'chidao-intake-')));
  try {
    if (extname(name).toLowerCase() === '.pdf') return await readPdf(name, bytes, dir, options.deadline, options.pdf ?? PDF_LIMITS, ocrLimits);
    const picture = checkPicture(name, bytes, ocrLimits);
    const path = join(dir, `page.${picture.type === 'png' ? 'png' : 'jpg'}`);
    await writeFile(path, bytes);
    const read = await ocrPicture(path, 1, options.deadline, ocrLimits);
    const { text, layout } = linesToText(read.lines, [{ number: 1, origin: 'ocr', confidence: read.confidence }], 'image');
    const mime = picture.type === 'png' ? 'image/png' : 'image/jpeg';
    const previews = bytes.byteLength <= PREVIEW_MAX_BYTES ? [{ number: 1, image: `data:${mime};base64,${Buffer.from(bytes).toString('base64')}` }] : [];
    return { text: boundedText(name, text), layout, previews };
  } finally {
    if (options.workDir === undefined) await rm(dir, { recursive: true, force: true });
  }
}

async function readPdf(name: string, bytes: Uint8Array, dir: string, deadline: number, pdfLimits: PdfLimits, ocrLimits: OcrLimits): Promise<ReadDocument> {
  const found = await readPdfText(name, bytes, pdfLimits);
  const path = join(dir, 'document.pdf');
  await writeFile(path, bytes);
  const scanned = new Set(found.scannedPages);
  const lines: PageLine[] = [];
  const pages: LayoutPage[] = [];
  for (let number = 1; number <= found.pageCount; number++) {
    if (!scanned.has(number)) {
      lines.push(...found.lines.filter((l) => l.page === number));
      pages.push({ number, origin: 'text', confidence: null });
      continue;
    }
    const picture = join(dir, `page-${number}.png`);
    await writeFile(picture, await renderPage(path, number, 'ocr', deadline, ocrLimits));
    const read = await ocrPicture(picture, number, deadline, ocrLimits);
    lines.push(...read.lines);
    pages.push({ number, origin: 'ocr', confidence: read.confidence });
    await rm(picture, { force: true });
  }
  const { text, layout } = linesToText(lines, pages, 'pdf');
  const bounded = boundedText(name, text);
  const previews: PagePreview[] = [];
  for (let number = 1; number <= Math.min(found.pageCount, PREVIEW_PAGES); number++) {
    const jpeg = await renderPage(path, number, 'preview', deadline, ocrLimits);
    previews.push({ number, image: `data:image/jpeg;base64,${jpeg.toString('base64')}` });
  }
  return { text: bounded, layout, previews };
}

/**
 * The draft of what was read: the parser's, with the layout of the file when it had one, and an edXML
 * package's envelope checked against the text (edxml/crosscheck.ts).
 */
export function draftOf(read: Pick<ReadDocument, 'text' | 'layout' | 'exchange'>, options: ParseOptions = {}): DispatchDraft {
  const draft = parseDispatch(read.text, options);
  if (read.exchange) return withEnvelope(draft, read.exchange);
  return read.layout === null ? draft : { ...draft, layout: read.layout };
}
