import type { DocumentLayout, LayoutBox, LayoutLine, LayoutPage, Span } from '../types';

/** A line as a page shows it, before the lines become one text: from a PDF's text layer or from OCR. */
export interface PageLine {
  readonly text: string;
  /** 1-based. */
  readonly page: number;
  readonly box: LayoutBox;
  /** OCR's confidence in the line, 0–100; null for a text layer. */
  readonly confidence: number | null;
}

/** Markers that start a new item even where the line before ran to the margin. */
const ITEM_START = /^(?:[-+•–*]\s|[a-zđ][).]\s|\d{1,2}[).]\s|[IVX]{1,5}\.\s|Điều\s\d)/u;

/**
 * The text of a document from its lines, and where each line went in it. A page wraps a paragraph
 * into lines; the parser reads a paragraph (a task, a recipient) as one line, as a pasted text has
 * it. So a line joins the one before, with a space, when the one before ran to the right margin (this line's first word would not have fitted
 * after it), it
 * starts at the left margin with no more than a line's gap above it, and it starts no new item
 * ("- ", "a)", "2."). Otherwise it starts a line of its own; a gap of more than a line, or a new
 * page, leaves a blank line. The text is in NFC, so the spans of the draft are spans of it.
 */
export function linesToText(lines: readonly PageLine[], pages: readonly LayoutPage[], kind: DocumentLayout['kind']): { text: string; layout: DocumentLayout } {
  const margins = new Map<number, { left: number; right: number }>();
  for (const line of lines) {
    const m = margins.get(line.page) ?? { left: Infinity, right: -Infinity };
    margins.set(line.page, { left: Math.min(m.left, line.box.x), right: Math.max(m.right, line.box.x + line.box.width) });
  }
  let text = '';
  const placed: LayoutLine[] = [];
  let previous: PageLine | null = null;
  for (const line of lines) {
    const own = line.text.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (own === '') continue;
    if (previous !== null) text += separator(previous, line, own, margins.get(previous.page)!, margins.get(line.page)!);
    const span: Span = { start: text.length, end: text.length + own.length };
    text += own;
    placed.push({ span, page: line.page, box: line.box, confidence: line.confidence });
    previous = line;
  }
  return { text, layout: { kind, pages, lines: placed } };
}

type Margin = { left: number; right: number };

function separator(previous: PageLine, line: PageLine, own: string, before: Margin, margin: Margin): string {
  // A paragraph goes on over a page break when the last line ran to the margin and the next page
  // starts in lower case, at the margin: a sentence that was cut, not a new item.
  if (previous.page !== line.page) return wrapped(previous, line, own, before, margin) && /^\p{Ll}/u.test(own) ? ' ' : '\n\n';
  const height = Math.max(previous.box.height, line.box.height);
  const gap = line.box.y - (previous.box.y + previous.box.height);
  const paragraphGap = gap > height * 0.5;
  if (!paragraphGap && wrapped(previous, line, own, before, margin)) return ' ';
  return paragraphGap ? '\n\n' : '\n';
}

/**
 * The line before was wrapped into this one: it started on the left and ran so near its right margin
 * that this line's first word would not have fitted after it, and this line starts at the left
 * margin and no new item.
 */
function wrapped(previous: PageLine, line: PageLine, own: string, before: Margin, margin: Margin): boolean {
  const charWidth = line.box.width / Math.max(1, own.length);
  const firstWord = own.length - own.replace(/^\S+/, '').length;
  const ranToMargin = previous.box.x + previous.box.width + (firstWord + 1) * charWidth >= before.right - (before.right - before.left) * 0.02;
  const atLeftMargin = line.box.x <= margin.left + (margin.right - margin.left) * 0.03;
  // A line of the right-hand column of a header (the motto, the place and date) runs to the margin
  // too, but wraps into nothing: a paragraph's lines start at the left margin, or a first-line
  // indent from it.
  const startsLeft = previous.box.x <= before.left + (before.right - before.left) * 0.2;
  return ranToMargin && atLeftMargin && startsLeft && !ITEM_START.test(own);
}

/** The line of the layout a span starts in: its page, where on it, and how sure OCR was. */
export function lineAt(layout: DocumentLayout, span: Span): LayoutLine | null {
  // Lines are in text order; the last that starts at or before the span holds its start.
  let lo = 0;
  let hi = layout.lines.length - 1;
  let found: LayoutLine | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const line = layout.lines[mid]!;
    if (line.span.start <= span.start) {
      found = line;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found !== null && span.start < found.span.end ? found : null;
}

/**
 * A dispatch's header and signature are two columns side by side: the issuing body, the reference
 * and the subject on the left; the motto, the place and date on the right (and "Nơi nhận" beside
 * the signer below). Read row by row they would interleave; a reader reads each column down. So a
 * stretch of rows with a line in the right half and none across the middle is read left column
 * first, then right; rows of body text, which run across the middle, end the stretch, and so does
 * the last row with a line on the right. `lines` are one page's, in any order.
 */
export function columnsFirst(lines: readonly PageLine[]): PageLine[] {
  const middle = 0.45;
  const bottom = (l: PageLine) => l.box.y + l.box.height;
  const sameRow = (a: PageLine, b: PageLine) => Math.abs(bottom(a) - bottom(b)) <= Math.min(a.box.height, b.box.height) / 2;
  const sorted = [...lines].sort((a, b) => (sameRow(a, b) ? a.box.x - b.box.x : bottom(a) - bottom(b)));
  const rows: PageLine[][] = [];
  for (const line of sorted) {
    const row = rows.at(-1);
    if (row && sameRow(row[0]!, line)) row.push(line);
    else rows.push([line]);
  }
  const out: PageLine[] = [];
  let stretch: PageLine[][] = [];
  const right = (l: PageLine) => l.box.x >= middle;
  const flush = () => {
    // Left-hand lines after the last row with a line on the right ("Kính gửi:") come after both columns.
    const last = stretch.findLastIndex((row) => row.some(right));
    const columns = stretch.slice(0, last + 1).flat();
    out.push(...columns.filter((l) => !right(l)), ...columns.filter(right), ...stretch.slice(last + 1).flat());
    stretch = [];
  };
  for (const row of rows) {
    if (row.some((l) => l.box.x < middle && l.box.x + l.box.width > middle)) {
      flush();
      out.push(...row);
    } else stretch.push(row);
  }
  flush();
  return out;
}
