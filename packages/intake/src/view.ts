import type { Span } from './types';

/** The text every span refers to: the input in NFC, nothing else changed. */
export function sourceText(input: string): string {
  return input.normalize('NFC');
}

/**
 * A copy of the source of the same length in which Markdown markers, carriage returns, tabs and
 * odd spaces are blanked to plain spaces. The parser reads the copy, so every offset it finds is
 * an offset into the source too.
 */
export function blankMarkup(source: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return (
    source
      .replace(/[\r\t\f\v\u00a0\u2007\u202f\ufeff\u200b]/g, ' ')
      .replace(/\*\*|__/g, blank)
      .replace(/^ *#{1,6} /gm, blank)
      // Markdown escapes from converters: "\-", "\.", "\*".
      .replace(/\\(?=[-.*_()[\]#+!])/g, ' ')
      // Single-star emphasis ("*VL*"); a star followed by a space at a line start is a bullet.
      .replace(/(?<![\p{L}\p{N}*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\p{L}\p{N}*])/gu, (_m, inner: string) => ` ${inner} `)
  );
}

/** Whitespace collapsed to single spaces, none before closing punctuation, ends trimmed. */
export function flat(text: string): string {
  // A blanked marker before punctuation ("**Phòng Văn hóa**.") leaves no space behind.
  return text.replace(/\s+/g, ' ').replace(/ (?=[.,;:!?)](?:\s|$))/g, '').trim();
}

/** What `flat` drops: a space before closing punctuation that ends a word group. */
const SPACE_BEFORE_CLOSE = /[.,;:!?)]/;

/**
 * `flat` of many spans inside one range of the view (each starting and ending with a non-space, as
 * `trimSpan` leaves them), each in constant time: the range is flattened once and every span's text
 * is a slice of that. Spans that overlap, such as the targets of one clause that each run to its
 * end, would otherwise be flattened over and over.
 */
export function flatWithin(view: string, from: number, to: number): (span: Span) => string {
  // Where each character of the range lands once whitespace is collapsed…
  const collapsedAt = new Int32Array(to - from);
  const collapsed: string[] = [];
  for (let i = from; i < to; i++) {
    const space = /\s/.test(view[i]!);
    if (!space) collapsed.push(view[i]!);
    else if (i === from || !/\s/.test(view[i - 1]!)) collapsed.push(' ');
    collapsedAt[i - from] = collapsed.length - 1;
  }
  // …and where each character of that lands once spaces before closing punctuation are dropped.
  const keptBefore = new Int32Array(collapsed.length + 1);
  const kept: string[] = [];
  collapsed.forEach((c, k) => {
    keptBefore[k] = kept.length;
    const drop = c === ' ' && SPACE_BEFORE_CLOSE.test(collapsed[k + 1] ?? '') && (k + 2 === collapsed.length || collapsed[k + 2] === ' ');
    if (!drop) kept.push(c);
  });
  keptBefore[collapsed.length] = kept.length;
  const text = kept.join('');
  return (span) => {
    if (span.end <= span.start) return '';
    const first = collapsedAt[span.start - from]!;
    const last = collapsedAt[span.end - 1 - from]!;
    const out = text.slice(keptBefore[first], keptBefore[last + 1]);
    // A span that ends in closing punctuation drops the space before it even where the range goes on.
    const spaceKept = last > first && collapsed[last - 1] === ' ' && keptBefore[last]! > keptBefore[last - 1]!;
    return spaceKept && SPACE_BEFORE_CLOSE.test(collapsed[last]!) ? out.slice(0, -2) + out.slice(-1) : out;
  };
}

/** What a span of the source reads as: Markdown markers dropped, whitespace collapsed. */
export function plainText(source: string, span: Span): string {
  return flat(blankMarkup(source).slice(span.start, span.end));
}

export interface Line {
  readonly index: number;
  readonly start: number;
  /** Exclusive; the newline is not part of the line. */
  readonly end: number;
  /** The blanked text of the line. */
  readonly text: string;
}

export function splitLines(view: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = view.indexOf('\n', start);
    const end = nl === -1 ? view.length : nl;
    lines.push({ index: lines.length, start, end, text: view.slice(start, end) });
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}

/** The span shrunk so it neither starts nor ends with whitespace of the view. */
export function trimSpan(view: string, start: number, end: number): Span {
  while (start < end && /\s/.test(view[start]!)) start++;
  while (end > start && /\s/.test(view[end - 1]!)) end--;
  return { start, end };
}

export function isBlank(line: Line): boolean {
  return line.text.trim().length === 0;
}

/** Letters present and none of them lower case. */
export function isUpperCase(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}
