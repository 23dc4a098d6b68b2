import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IntakeError } from '../errors';
import type { LayoutBox } from '../types';
import { columnsFirst, type PageLine } from './layout';

/** What a PDF may be before it is read: a dispatch is a few pages, a scan of it a few pictures. */
export interface PdfLimits {
  /** Pages in the file; more is DOCUMENT_TOO_COMPLEX before any page is read. */
  readonly pages: number;
  /** Pages without a text layer, read by OCR: each takes seconds. */
  readonly ocrPages: number;
  /** Text runs on one page; a page of a dispatch has some hundreds. */
  readonly runsPerPage: number;
}

export const PDF_LIMITS: PdfLimits = { pages: 30, ocrPages: 10, runsPerPage: 20_000 };

/** A page with fewer letters and digits than this in its text layer is a picture to read by OCR. */
const TEXT_PAGE_MIN_CHARS = 20;

export interface PdfText {
  readonly pageCount: number;
  /** Lines of the pages that have a text layer, in reading order. */
  readonly lines: readonly PageLine[];
  /** 1-based numbers of the pages without one. */
  readonly scannedPages: readonly number[];
}

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * The text layer of a PDF with Mozilla's PDF.js, line by line with each line's place on its page.
 * PDF.js runs here, in the intake pool's worker thread (its own "worker" is a module in the same
 * thread), with nothing it could run from the file: no eval of fonts' code, no system fonts, no
 * scripts. A file that is no PDF, or is damaged, is UNSUPPORTED_FILE; one of too many pages or runs
 * is DOCUMENT_TOO_COMPLEX.
 */
export async function readPdfText(name: string, bytes: Uint8Array, limits: PdfLimits = PDF_LIMITS): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // PDF.js takes the buffer over (it transfers it); a copy leaves the caller's bytes whole.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    enableXfa: false,
    stopAtErrors: true,
    verbosity: 0,
    cMapUrl: `${join(pdfjsDir, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(pdfjsDir, 'standard_fonts')}/`,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy();
    const reason = (error as { name?: string }).name === 'PasswordException' ? 'is protected by a password' : 'is not a readable PDF file';
    throw new IntakeError('UNSUPPORTED_FILE', `${name} ${reason}.`);
  }
  try {
    if (doc.numPages > limits.pages) {
      throw new IntakeError('DOCUMENT_TOO_COMPLEX', `${name} has ${doc.numPages} pages; a dispatch has at most ${limits.pages}.`);
    }
    const lines: PageLine[] = [];
    const scannedPages: number[] = [];
    for (let number = 1; number <= doc.numPages; number++) {
      let pageLines: PageLine[];
      try {
        const page = await doc.getPage(number);
        const viewport = page.getViewport({ scale: 1 });
        const content = await page.getTextContent({ disableNormalization: false });
        if (content.items.length > limits.runsPerPage) {
          throw new IntakeError('DOCUMENT_TOO_COMPLEX', `Page ${number} of ${name} holds more pieces of text than a page of a dispatch.`);
        }
        const runs: TextRun[] = content.items.flatMap((item) => ('str' in item ? [item] : []));
        pageLines = linesOfRuns(runs, number, viewport);
        page.cleanup();
      } catch (error) {
        if (error instanceof IntakeError) throw error;
        throw new IntakeError('UNSUPPORTED_FILE', `Page ${number} of ${name} cannot be read.`);
      }
      const chars = pageLines.reduce((n, l) => n + (l.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);
      if (chars < TEXT_PAGE_MIN_CHARS) scannedPages.push(number);
      else lines.push(...pageLines);
    }
    if (scannedPages.length > limits.ocrPages) {
      throw new IntakeError('DOCUMENT_TOO_COMPLEX', `${name} has ${scannedPages.length} scanned pages; OCR reads at most ${limits.ocrPages}.`);
    }
    return { pageCount: doc.numPages, lines, scannedPages };
  } finally {
    await doc.destroy();
  }
}

interface Viewport {
  readonly width: number;
  readonly height: number;
  convertToViewportPoint(x: number, y: number): number[];
}

interface TextRun {
  readonly str: string;
  /** [a, b, c, d, e, f]: e, f the run's origin in the page's PDF space. */
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
  readonly hasEOL: boolean;
}

/**
 * Runs grouped into lines: a run whose baseline is within half its height of the line's, and that
 * starts after the line's end but less than three characters' height past it, joins the line (with
 * a space where there is a gap); any other starts a new one. So the two columns of a dispatch's
 * header (the issuing body on the left, the national motto on the right) stay apart, as alternate
 * lines. Lines are then ordered top to bottom, left to right, as a page is read.
 */
function linesOfRuns(runs: readonly TextRun[], page: number, viewport: Viewport): PageLine[] {
  const { width, height } = viewport;
  interface Open {
    text: string;
    left: number;
    right: number;
    baseline: number;
    size: number;
  }
  const open: Open[] = [];
  let current: Open | null = null;
  for (const run of runs) {
    const size = Math.hypot(run.transform[2] ?? 0, run.transform[3] ?? 0) || run.height || 1;
    // Into the page as it is shown (from its top left, its crop box and rotation applied).
    const [x, y] = viewport.convertToViewportPoint(run.transform[4] ?? 0, run.transform[5] ?? 0) as [number, number];
    if (run.str.trim() === '') {
      if (current && run.str !== '') current.text += ' ';
    } else if (current && Math.abs(current.baseline - y) <= size / 2 && x >= current.right - size / 2 && x - current.right < size * 3) {
      const gap = x - current.right > size * 0.2 && !current.text.endsWith(' ') ? ' ' : '';
      current.text += gap + run.str;
      current.right = x + run.width;
    } else {
      current = { text: run.str, left: x, right: x + run.width, baseline: y, size };
      open.push(current);
    }
    if (run.hasEOL) current = null;
  }
  const box = (l: Open): LayoutBox => ({
    x: clamp(l.left / width),
    // A line's box runs from its ascent (about its size above the baseline) to a fifth below it.
    y: clamp((l.baseline - l.size) / height),
    width: clamp((l.right - l.left) / width),
    height: clamp((l.size * 1.2) / height),
  });
  const sorted = open
    .filter((l) => l.text.trim() !== '')
    .sort((a, b) => (Math.abs(a.baseline - b.baseline) > Math.min(a.size, b.size) / 2 ? a.baseline - b.baseline : a.left - b.left));
  return columnsFirst(sorted.map((l) => ({ text: l.text, page, box: box(l), confidence: null })));
}

const clamp = (v: number) => Math.min(1, Math.max(0, Number.isFinite(v) ? Math.round(v * 10_000) / 10_000 : 0));
