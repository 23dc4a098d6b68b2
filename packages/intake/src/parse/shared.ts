/** The reading state and the paragraph, sentence and clause utilities every part of the dispatch parser uses. */
import { groupKey } from '../actors';
import type { BeforeDateReading, IntakeGroup, Span, Unrecognized } from '../types';
import { flat, trimSpan, type Line } from '../view';

export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

export interface Assignee {
  readonly group: IntakeGroup;
  readonly span: Span;
}

export type BulletKind = 'dash' | 'plus' | 'dot' | 'star' | 'numnum' | 'num' | 'alpha' | 'roman' | 'article';

export interface Paragraph {
  readonly start: number;
  readonly end: number;
  readonly bullet: { readonly kind: BulletKind; readonly indent: number } | null;
  /** Where the text starts after the bullet marker. */
  readonly contentStart: number;
}

export const BULLET_RE =
  /^( *)(?:([-–—])(?![-–—])\s*(?=\S)|([+•·∙▪])\s*(?=\S)|(\*)\s+|(\d{1,2}(?:\.\d{1,2})+)\.?\s+|(\d{1,2})[.)]\s+|([a-zđ])\)\s+|([a-zđ])\.\s+(?=\p{Lu})|([IVXL]{1,5})[.)]\s+(?=\p{Lu})|(Điều\s+\d{1,3})[.:]\s+(?=\p{Lu}))/u;
/**
 * The line the recipients follow: "Kính gửi:", or in a công điện the sender's "… điện:" ("THỦ TƯỚNG
 * CHÍNH PHỦ điện:", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:"). Anchored and bounded: one try per line.
 */
export const KINH_GUI_RE = /^\s*(?:Kính\s+gửi\s*:?|(?:Thủ\s+tướng|Bộ\s+trưởng|Chủ\s+tịch)[\p{L}\s]{0,80}\sđiện\s*:)/iu;
export const NOI_NHAN_RE = /^\s*Nơi\s+nhận\s*:?/iu;

/** What the parts of one dispatch share while it is read: the text, its lines, what the header told, what was left unread. */
export class Doc {
  readonly unrecognized: Unrecognized[] = [];
  year: number | null = null;
  issuer: string | null = null;
  /** How "trước ngày X" is read (ParseOptions). */
  beforeDate: BeforeDateReading = 'inclusive';
  readonly actorsInRange = new Map<string, Assignee[]>();

  /** Lines a table took (tables.ts): the body reads them as blank. */
  tableLines: ReadonlySet<number> = new Set();

  constructor(
    readonly view: string,
    readonly lines: readonly Line[],
    /** The NFC text itself, for what the view blanks (tabs between a table's cells). */
    readonly source: string,
  ) {}

  findLine(from: number, test: (line: Line) => boolean): number | null {
    for (let i = from; i < this.lines.length; i++) if (test(this.lines[i]!)) return i;
    return null;
  }

  skip(start: number, end: number): void {
    const span = trimSpan(this.view, start, end);
    if (span.end <= span.start) return;
    this.unrecognized.push({ text: flat(this.view.slice(span.start, span.end)), span });
  }
}

export const isSpace = (c: string) => /\s/.test(c);

export function sentenceCase(text: string): string {
  const lower = text.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

export function dedupe(list: readonly Assignee[]): Assignee[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = groupKey(a.group);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function bulletKind(m: RegExpExecArray): BulletKind {
  if (m[2] !== undefined) return 'dash';
  if (m[3] !== undefined) return m[3] === '+' ? 'plus' : 'dot';
  if (m[4] !== undefined) return 'star';
  if (m[5] !== undefined) return 'numnum';
  if (m[6] !== undefined) return 'num';
  if (m[7] !== undefined || m[8] !== undefined) return 'alpha';
  if (m[9] !== undefined) return 'roman';
  return 'article';
}

/**
 * Where the end mark of a paragraph ("/.", "./.", "/. VP") starts, spaces before it included;
 * null when the paragraph does not end with one. Read back from the last "/": a regex for it
 * tried every run of spaces against the rest of the paragraph.
 */
export function endMarkAt(text: string): number | null {
  const slash = text.lastIndexOf('/');
  if (slash === -1) return null;
  let after = text.slice(slash + 1).trim();
  if (after.startsWith('.')) after = after.slice(1).trimStart();
  // Up to four capitals: the typist's initials.
  if (after !== '' && !/^\p{Lu}{1,4}$/u.test(after)) return null;
  let start = slash;
  while (start > 0 && isSpace(text[start - 1]!)) start--;
  return start;
}

const ABBREVIATION_RE = /(?:^|[\s(])(?:\p{Lu}[\p{L}]{0,2}|Tp|TP|TT|KT|TM|ThS|TS|PGS|GS|v\.v)$/u;
/**
 * How far back from a stop to look for an abbreviation: one with the space before it takes at most
 * 7 code units (three letters of up to two units each), and with 8 the `^` above cannot match at the cut.
 */
const ABBREVIATION_REACH = 8;

/** Sentences of a range: split after ".", "!", "?" before a capital, "/" or the end. */
export function sentences(view: string, start: number, end: number): Span[] {
  const text = view.slice(start, end);
  const out: Span[] = [];
  let from = 0;
  // A run of stops is tried from its first one only: tried from each, a long run was read quadratically.
  for (const m of text.matchAll(/(?<![.!?…])[.!?…]+(?=\s+[\p{Lu}/(“"]|\s*$)/gu)) {
    const stop = m.index + m[0].length;
    // Only the few characters before the stop can be an abbreviation: testing the whole text before it was quadratic.
    if (m[0] === '.' && ABBREVIATION_RE.test(text.slice(Math.max(0, m.index - ABBREVIATION_REACH), m.index))) continue;
    const span = trimSpan(view, start + from, start + stop);
    if (span.end > span.start) out.push(span);
    from = stop;
  }
  const tail = trimSpan(view, start + from, end);
  if (tail.end > tail.start) out.push(tail);
  return out;
}

/** Clauses of a sentence, split at semicolons. */
export function clauses(view: string, sentence: Span): Span[] {
  const text = view.slice(sentence.start, sentence.end);
  const out: Span[] = [];
  let from = 0;
  for (const m of text.matchAll(/;/g)) {
    const span = trimSpan(view, sentence.start + from, sentence.start + m.index);
    if (span.end > span.start) out.push(span);
    from = m.index + 1;
  }
  const tail = trimSpan(view, sentence.start + from, sentence.end);
  if (tail.end > tail.start) out.push(tail);
  return out;
}
