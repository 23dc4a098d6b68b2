import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntakeError } from '../errors';
import { pagePictures, pdfOfPages, pngClaiming, scannedPdf, textPdf } from '../file-fixtures';
import { FIXTURES_DIR } from '../fixtures';
import { parseDispatch } from '../parse';
import { createIntakePool, type IntakeReader } from '../pool';
import type { DispatchDraft } from '../types';
import { readDocumentBytes, SCAN_FILE_MAX_BYTES } from './document';
import { lineAt } from './layout';
import { OCR_LIMITS } from './ocr';
import { PDF_LIMITS } from './pdf';

// Real programs throughout: PDF.js in the pool's worker thread, Debian's pdftoppm and tesseract as its
// children. The PDFs are made here from the text of the seed dispatch: a PDF with a text layer, and
// a scan (its pages as pictures at 200 dpi, in a PDF with no text) of one with the header in columns.

const seedText = readFileSync(join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.txt'), 'utf8');
const fromText = parseDispatch(seedText);
let pdf: Buffer;
let pictures: Buffer[];
let scan: Buffer;
let reader: IntakeReader;

// A guard against a hang, not a measure: drawing three pages at 200 dpi takes seconds on a busy machine.
beforeAll(async () => {
  pdf = await textPdf(seedText);
  pictures = await pagePictures(pdf);
  // The scan is of the header as Nghị định 30 lays it out, in two columns, as a scanned dispatch has it.
  scan = await scannedPdf(await pagePictures(await textPdf(seedText, { columns: true })));
  reader = createIntakePool();
}, 120_000);
afterAll(() => reader?.close());

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'read',
    (e: unknown) => (e instanceof IntakeError ? e.code : `untyped: ${String(e)}`),
  );
const read = (name: string, bytes: Uint8Array) => reader.read({ file: { name, bytes } });
/** What the OCR draft must share with the text's: the brief's test of a scan. */
const essentials = (d: DispatchDraft) => ({ reference: d.reference, date: d.date, issuer: d.issuer, tasks: d.tasks.length });
const slice = (text: string, span: { start: number; end: number } | null) => (span ? text.slice(span.start, span.end) : null);

// OCR reads a page in seconds, more while other tests share the two cores.
describe('a PDF or a picture becomes a draft, with the page of every line', { timeout: 240_000 }, () => {
  it('reads a PDF with a text layer into the draft of its text, each field traced to its page', async () => {
    expect(pictures.length).toBeGreaterThan(1);
    const { text, draft, pages } = await read('1119.pdf', pdf);
    const { layout, spans, unrecognized, ...fields } = draft;
    const { spans: _s, unrecognized: expectedUnrecognized, ...expected } = fromText;
    expect(fields).toEqual(expected);
    expect(unrecognized.map((u) => u.text)).toEqual(expectedUnrecognized.map((u) => u.text));
    expect(layout?.kind).toBe('pdf');
    expect(layout?.pages).toEqual(pictures.map((_p, i) => ({ number: i + 1, origin: 'text', confidence: null })));
    // The reference is on the first page, near its top; the signer's name on the last.
    expect(slice(text, spans.reference)).toContain('1119');
    const reference = lineAt(layout!, spans.reference!)!;
    expect(reference).toMatchObject({ page: 1, confidence: null });
    expect(reference.box.y).toBeLessThan(0.3);
    expect(lineAt(layout!, spans.signer!.name!)?.page).toBe(pictures.length);
    // A picture of each page, to show beside the form.
    expect(pages.map((p) => p.number)).toEqual(pictures.map((_p, i) => i + 1));
    for (const page of pages) expect(page.image).toMatch(/^data:image\/jpeg;base64,\/9j\//);
  });

  it('reads a header laid out in two columns (issuing body and reference left, motto and date right) as the same draft', async () => {
    const { draft } = await read('1119-columns.pdf', await textPdf(seedText, { columns: true }));
    const fields = (d: DispatchDraft) => ({ ...essentials(d), place: d.place, subject: d.subject, recipients: d.recipients.length, signer: d.signer });
    expect(fields(draft)).toEqual(fields(fromText));
  });

  it('reads a scan through OCR into the same reference, date, issuer and tasks, header columns and all, saying how sure it is', async () => {
    const { draft, pages } = await read('1119-scan.pdf', scan);
    expect(essentials(draft)).toEqual(essentials(fromText));
    expect(draft.layout?.pages.map((p) => p.origin)).toEqual(pictures.map(() => 'ocr'));
    for (const page of draft.layout!.pages) expect(page.confidence).toBeGreaterThan(50);
    const reference = lineAt(draft.layout!, draft.spans.reference!)!;
    expect(reference.page).toBe(1);
    expect(reference.confidence).toBeGreaterThan(50);
    expect(reference.confidence).toBeLessThanOrEqual(100);
    expect(pages).toHaveLength(pictures.length);
  });

  it('reads a picture of the first page (.png) through OCR: its reference, date and issuer', async () => {
    const { draft, pages } = await read('trang-1.png', pictures[0]!);
    const { tasks: _t, ...expected } = essentials(fromText);
    expect(essentials(draft)).toMatchObject(expected);
    expect(draft.layout).toMatchObject({ kind: 'image', pages: [{ number: 1, origin: 'ocr' }] });
    expect(pages).toEqual([{ number: 1, image: `data:image/png;base64,${pictures[0]!.toString('base64')}` }]);
  });

  it('reads a .txt or .docx as before, with no layout and no pictures', async () => {
    const { draft, pages } = await read('1119.txt', Buffer.from(seedText));
    expect(draft).toEqual(fromText);
    expect(pages).toEqual([]);
  });
});

describe('a hostile PDF or picture gets a typed error, not the server', { timeout: 120_000 }, () => {
  const soon = () => ({ deadline: Date.now() + 60_000 });

  it('refuses a PDF of more pages than a dispatch, before reading any', async () => {
    const many = await pdfOfPages(PDF_LIMITS.pages + 1);
    expect(await codeOf(readDocumentBytes('many.pdf', many, soon()))).toBe('DOCUMENT_TOO_COMPLEX');
  });

  it('refuses a file larger than an upload, a damaged PDF and bytes that are no picture', async () => {
    expect(await codeOf(readDocumentBytes('big.pdf', Buffer.alloc(SCAN_FILE_MAX_BYTES + 1, 0x20), soon()))).toBe('DOCUMENT_TOO_LARGE');
    expect(await codeOf(readDocumentBytes('broken.pdf', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF'), soon()))).toBe(
      'UNSUPPORTED_FILE',
    );
    expect(await codeOf(readDocumentBytes('half.pdf', pdf.subarray(0, pdf.length / 3), soon()))).toBe('UNSUPPORTED_FILE');
    expect(await codeOf(readDocumentBytes('text.png', Buffer.from('Số: 1119/UBND-KGVX'), soon()))).toBe('UNSUPPORTED_FILE');
  });

  it('refuses a picture that claims more pixels than a scanned page, before decoding it (a decompression bomb)', async () => {
    expect(await codeOf(readDocumentBytes('bomb.png', pngClaiming(100_000, 100_000), soon()))).toBe('DOCUMENT_TOO_LARGE');
  });

  it("stops OCR past the job's time budget: DOCUMENT_TOO_COMPLEX, and the pool reads the next file", async () => {
    const hurried = createIntakePool({ scanTimeoutMs: 1_500 });
    try {
      expect(await codeOf(hurried.read({ file: { name: 'scan.pdf', bytes: scan } }))).toBe('DOCUMENT_TOO_COMPLEX');
      expect((await hurried.read({ text: seedText })).draft.reference).toBe('1119/UBND-KGVX');
    } finally {
      await hurried.close();
    }
  });

  it('stops OCR past its memory cap: DOCUMENT_TOO_COMPLEX', async () => {
    // Too little for tesseract even to map its libraries: the cap is on, whatever the page.
    const cramped = { deadline: Date.now() + 60_000, ocr: { ...OCR_LIMITS, memoryMb: 64 } };
    expect(await codeOf(readDocumentBytes('trang-1.png', pictures[0]!, cramped))).toBe('DOCUMENT_TOO_COMPLEX');
  });
});
