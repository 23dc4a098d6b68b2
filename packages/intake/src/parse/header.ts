/** The header of a dispatch: number and reference, issuer, place and date, subject, urgency. */
import { findDates } from '../dates';
import { documentKindOfReference, type DocumentKind } from '@chidao/domain';
import type { Span, Urgency } from '../types';
import { flat, isUpperCase, trimSpan, type Line } from '../view';
import { isSpace, sentenceCase, titleCase, type Doc, type Located } from './shared';

const MOTTO_RE = /C[ỘộOo]NG\s+H[ÒOÀoòà]+(?:\s*[AaÀà])?\s+X[ÃA]\s+H[ỘO]I|Độc\s+lập\s*[-–—]\s*Tự\s+do/iu;
const SEPARATOR_RE = /^[\s\-_=*─—–.]{3,}$/u;
const URGENCY_RE = /^\s*(h[ỏo][aả]\s+tốc|thượng\s+khẩn|khẩn)\s*(?:\.\s*)?$/iu;
const SO_RE = /^\s*Số\s*(?::\s*)?(\d+)\s*\/\s*([\p{L}\d][\p{L}\d\-.&/]*[\p{L}\d])/iu;
const SUBJECT_RE = /^\s*(?:V\/v|Về\s+việc)(?![\p{L}])/u;
/** Longer than the name of any body that issues a dispatch. */
const MAX_NAME_LENGTH = 200;

/**
 * The name of a document kind in its header, on a line of its own ("CHỈ THỊ", "CÔNG ĐIỆN HỎA TỐC"),
 * with the trích yếu on the lines below it (Nghị định 30/2020, Phụ lục I). Upper case only: the
 * operative "QUYẾT ĐỊNH:" of a decision's body has its colon, and prose never stands alone in capitals.
 */
const TITLE_RE = /^\s*(CHỈ\s+THỊ|KẾ\s+HOẠCH|THÔNG\s+BÁO|QUYẾT\s+ĐỊNH|CÔNG\s+ĐIỆN|CÔNG\s+VĂN)\s*(?:(HỎA\s+TỐC|HOẢ\s+TỐC|THƯỢNG\s+KHẨN|KHẨN)\s*)?$/u;
const TITLE_KINDS: Readonly<Record<string, DocumentKind>> = {
  'CHỈ THỊ': 'chi_thi',
  'KẾ HOẠCH': 'ke_hoach',
  'THÔNG BÁO': 'thong_bao',
  'QUYẾT ĐỊNH': 'quyet_dinh',
  'CÔNG ĐIỆN': 'cong_dien',
  'CÔNG VĂN': 'cong_van',
};
/** The authority that decides, under a decision's trích yếu: "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …". */
const AUTHORITY_RE = /^\s*(?:CHỦ\s+TỊCH\s+)?(?:[UỦ][YỶ]\s+BAN\s+NHÂN\s+DÂN|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG)(?![\p{L}])/u;
/** A numbered item ("1. Sở Y tế …", "Điều 1. …"): never part of a header. */
const NUMBERED_RE = /^\s*(?:\d{1,2}[.)]\s|Điều\s+\d)/u;
/** "Số:" alone at the end of a line, its number on the next (tried on the line flattened and trimmed). */
const SO_CUT_RE = /^Số ?:?$/u;
/**
 * What may end a line when a place and date are cut across two ("Kiên Giang," / "Kiên Giang, ngày" /
 * "Kiên Giang, ngày 09 tháng"): tried on what follows the line's last comma, flattened and trimmed.
 */
const DATE_TAIL_RE = /^(?:ngày(?: \d{1,2}(?: tháng(?: \d{1,2}(?: năm)?)?)?)?)?$/u;

function isDateCut(rest: string): boolean {
  const comma = rest.lastIndexOf(',');
  return comma !== -1 && /\p{Lu}/u.test(rest.slice(0, comma)) && DATE_TAIL_RE.test(flat(rest.slice(comma + 1)));
}

/**
 * A piece of a header line: the whole line, or one cell of a line copied from a table with "|"
 * between its cells ("| Số: 18/CT-UBND | Kiên Giang, ngày 09 tháng 12 năm 2024 |").
 */
interface Cell {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function cellsOf(view: string, line: Line): Cell[] {
  if (!line.text.includes('|')) return [{ line: line.index, start: line.start, end: line.end, text: line.text }];
  const out: Cell[] = [];
  let from = line.start;
  for (;;) {
    const bar = view.indexOf('|', from);
    const to = bar === -1 || bar > line.end ? line.end : bar;
    const span = trimSpan(view, from, to);
    if (span.end > span.start) out.push({ line: line.index, start: span.start, end: span.end, text: view.slice(span.start, span.end) });
    if (to === line.end) break;
    from = to + 1;
  }
  return out;
}

export function readHeader(doc: Doc, kinhGui: number | null) {
  const { view, lines } = doc;
  let reference: Located<string> | null = null;
  let place: Located<string> | null = null;
  let date: Located<string> | null = null;
  let urgency: Located<Urgency> | null = null;
  let title: Located<DocumentKind> | null = null;
  let subjectLines: Cell[] = [];
  const issuerLines: { start: number; end: number; text: string }[] = [];
  let issuerClosed = false;
  let inSubject = false;
  let blankInSubject = false;
  let seen = false;
  const limit = kinhGui ?? lines.length;
  let i = 0;
  /** A cell already read with the one before it (the date of "…, ngày" on the line after). */
  let taken: Cell | null = null;
  let nextCells: Cell[] = [];
  outer: for (; i < limit; i++) {
    const line = lines[i]!;
    if (line.text.trim().length === 0) {
      if (inSubject) blankInSubject = true;
      continue;
    }
    const cells = nextCells.length > 0 && nextCells[0]!.line === i ? nextCells : cellsOf(view, line);
    nextCells = [];
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      if (taken && taken.start === cell.start) continue;
      const t = cell.text.trim();
      // A subject wrapped across a blank line goes on in lower case ("… ứng" / "dụng, cài đặt …").
      if (inSubject && blankInSubject && !/^\p{Ll}/u.test(t)) inSubject = false;
      // What closes the issuer's name: anything of the header but the motto, which may stand on the
      // lines between its parts when two columns were copied one line each ("ỦY BAN NHÂN DÂN" /
      // "CỘNG HÒA …" / "TỈNH KIÊN GIANG" / "Độc lập …").
      const known = (): void => {
        seen = true;
        inSubject = false;
        if (issuerLines.length > 0) issuerClosed = true;
      };
      const motto = MOTTO_RE.exec(cell.text);
      if (motto || SEPARATOR_RE.test(t)) {
        // Two columns pasted side by side: "ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI …".
        const before = motto ? trimSpan(view, cell.start, cell.start + motto.index) : null;
        if (before && before.end > before.start && isUpperCase(view.slice(before.start, before.end)) && !issuerClosed) {
          issuerLines.push({ ...before, text: view.slice(before.start, before.end) });
        }
        seen = true;
        inSubject = false;
        continue;
      }
      const urg = URGENCY_RE.exec(cell.text);
      if (urg) {
        known();
        urgency = { value: urgencyOf(urg[1]!), span: trimSpan(view, cell.start + urg.index, cell.start + urg[0].length) };
        continue;
      }
      const named: RegExpExecArray | null = title === null ? TITLE_RE.exec(cell.text) : null;
      if (named) {
        known();
        const span = trimSpan(view, cell.start, cell.end);
        title = { value: TITLE_KINDS[flat(named[1]!)]!, span };
        if (named[2] !== undefined && !urgency) urgency = { value: urgencyOf(named[2]), span: trimSpan(view, cell.start + named[0].indexOf(named[2]), cell.end) };
        // The trích yếu is on the lines below the name.
        subjectLines = [];
        inSubject = true;
        blankInSubject = false;
        continue;
      }
      const so = SO_RE.exec(cell.text);
      let matched = false;
      if (so) {
        const numberAt = cell.start + so.index + so[0].search(/\d/);
        reference = { value: `${so[1]}/${so[2]}`, span: { start: numberAt, end: cell.start + so.index + so[0].length } };
        matched = true;
      } else if (!reference && SO_CUT_RE.test(flat(t))) {
        // "Số:" / "18/CT-UBND": the number on the next line.
        const next = nextCell(doc, i, c, cells, limit);
        const nextText = next?.cell.text.trimStart() ?? '';
        const cut = next ? SO_RE.exec(`Số: ${nextText}`) : null;
        if (next && cut) {
          const nextAt = next.cell.end - nextText.length;
          reference = { value: `${cut[1]}/${cut[2]}`, span: { start: nextAt, end: nextAt + cut[0].length - 'Số: '.length } };
          taken = next.cell;
          if (next.cells) nextCells = next.cells;
          known();
          continue;
        }
      }
      // The place and date may share the line with the number ("Số: 12/UBND-VP    Kiên Giang, ngày …").
      const dateFrom = so ? so.index + so[0].length : 0;
      const rest = cell.text.slice(dateFrom);
      // Offsets into `text` (the rest of the cell, perhaps with the next cell joined) → offsets into the view.
      let text = rest;
      let toView = (offset: number): number => cell.start + dateFrom + offset;
      let pd = placeAndDate(text);
      let found = pd ? findDates(text.slice(pd.dateAt), null)[0] : undefined;
      let next: { cell: Cell; cells: Cell[] | null } | null = null;
      if (!found && !date && isDateCut(rest)) {
        // "Kiên Giang, ngày" / "09 tháng 12 năm 2024", "Kiên Giang," / "ngày …": the date goes on in the next cell, on the next line.
        next = nextCell(doc, i, c, cells, limit);
        const nextText = next?.cell.text.trimStart() ?? '';
        if (next && /^(?:\d|ngày\s|tháng\s|năm\s)/u.test(nextText)) {
          const head = rest.trimEnd();
          const nextAt = next.cell.end - nextText.length;
          text = `${head} ${nextText}`;
          toView = (offset) => (offset <= head.length ? cell.start + dateFrom + offset : nextAt + offset - head.length - 1);
          pd = placeAndDate(text);
          found = pd ? findDates(text.slice(pd.dateAt), null)[0] : undefined;
        }
      }
      if (pd && found && !date) {
        place = { value: flat(text.slice(pd.place.start, pd.place.end)), span: trimSpan(view, toView(pd.place.start), toView(pd.place.end)) };
        date = { value: found.iso, span: { start: toView(pd.dateAt + found.start), end: toView(pd.dateAt + found.end) } };
        matched = true;
        if (next && toView(pd.dateAt + found.end) > cell.end) {
          taken = next.cell;
          if (next.cells) nextCells = next.cells;
        }
      }
      if (matched) {
        known();
        continue;
      }
      if (SUBJECT_RE.test(cell.text) && !(title && inSubject)) {
        known();
        subjectLines = [cell];
        inSubject = true;
        blankInSubject = false;
        continue;
      }
      if (inSubject) {
        subjectLines.push(cell);
        continue;
      }
      if (title && isUpperCase(t) && AUTHORITY_RE.test(t)) {
        // "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG" under a decision's name: who decides, already the issuer.
        known();
        continue;
      }
      if (isUpperCase(t) && !issuerClosed) {
        issuerLines.push(cell);
        continue;
      }
      // Without "Kính gửi" the body starts at the first line the header has no use for, or at its first numbered item (a text cut off above it).
      if (kinhGui === null && (seen || t.length > 100 || (issuerLines.length > 0 && !isUpperCase(t)) || NUMBERED_RE.test(cell.text))) break outer;
      doc.skip(cell.start, cell.end);
    }
  }
  const subject: Located<string> | null =
    subjectLines.length === 0
      ? null
      : (() => {
          const span = trimSpan(view, subjectLines[0]!.start, subjectLines.at(-1)!.end);
          return { value: flat(view.slice(span.start, span.end)), span };
        })();
  const issuer: Located<string> | null =
    issuerLines.length === 0
      ? null
      : {
          value: issuerName(doc, issuerLines.map((l) => flat(l.text))),
          span: trimSpan(view, issuerLines[0]!.start, issuerLines.at(-1)!.end),
        };
  // Without its name, the kind is in the reference's abbreviation ("18/CT-UBND"); else a công văn.
  const fromReference = reference ? documentKindOfReference(reference.value) : null;
  const kind: Located<DocumentKind> | null =
    title ?? (reference && fromReference ? { value: fromReference, span: referenceCodeSpan(view, reference.span) } : null);
  return { kind, reference, issuer, place, date, subject, urgency, end: kinhGui ?? i };
}

/** The span of the abbreviation after the number of a reference ("CT" of "18/CT-UBND"). */
function referenceCodeSpan(view: string, span: Span): Span {
  const text = view.slice(span.start, span.end);
  const slash = text.indexOf('/');
  let start = span.start + slash + 1;
  while (start < span.end && isSpace(view[start]!)) start++;
  let end = start;
  while (end < span.end && view[end] !== '-') end++;
  return trimSpan(view, start, end);
}

/** The cell after `cells[c]` on line `i`: the next one of the line, else the first of the next line that has any. */
function nextCell(doc: Doc, i: number, c: number, cells: readonly Cell[], limit: number): { cell: Cell; cells: Cell[] | null } | null {
  if (c + 1 < cells.length) return { cell: cells[c + 1]!, cells: null };
  const line = doc.lines[i + 1];
  if (!line || i + 1 >= limit) return null;
  const next = cellsOf(doc.view, line);
  return next.length > 0 ? { cell: next[0]!, cells: next } : null;
}

/** "ỦY BAN NHÂN DÂN / TỈNH KIÊN GIANG" → "UBND tỉnh Kiên Giang"; "BỘ Y TẾ" → "Bộ Y tế" as the text writes it. */
export function issuerName(doc: Doc, parts: string[]): string {
  // `(?!\s)`: the spaces go to `\s+` alone, not shared back and forth with what follows.
  const committee = /^(?:[UỦ][YỶ]\s+BAN\s+NHÂN\s+DÂN|UBND)(?:\s+(?!\s)(.*))?$/u;
  const locality = /^(TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN|ĐẶC\s+KHU)\s+(?!\s)(.+)$/u;
  const asLocality = (text: string): string | null => {
    const m = locality.exec(text);
    return m ? `${m[1]!.toLowerCase()} ${titleCase(m[2]!)}` : null;
  };
  // "ỦY BAN NHÂN" / "DÂN TỈNH KIÊN GIANG": a name broken across lines is read whole.
  if (!committee.test(parts[0]!) && committee.test(parts.join(' '))) parts = [parts.join(' ')];
  const last = parts.at(-1)!;
  const first = committee.exec(parts[0]!);
  if (first) {
    const place = first[1] !== undefined ? asLocality(first[1]) : parts.length > 1 ? asLocality(parts[1]!) : null;
    // "UBND TỈNH KIÊN GIANG / SỞ Y TẾ": the issuer is the body on the last line.
    const own = parts.length > (first[1] !== undefined ? 1 : 2);
    if (place && !own) return `UBND ${place}`;
    // "UBND TỈNH KIÊN GIANG / VĂN PHÒNG": the committee's office, which has no name of its own.
    if (place && /^VĂN\s+PHÒNG$/u.test(last)) return `Văn phòng UBND ${place}`;
  }
  return asWritten(doc, committee.test(last) ? parts.join(' ') : last);
}

/** The mixed-case form of an upper-case name, taken from elsewhere in the text when it appears there. */
export function asWritten(doc: Doc, upper: string): string {
  // Looked for only when it can be a name: a pattern as long as the text takes quadratic time to search (or is too big to compile).
  if (upper.length > MAX_NAME_LENGTH) return sentenceCase(upper);
  const words = upper.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}])${words.join('\\s+')}(?![\\p{L}])`, 'giu');
  for (const m of doc.view.matchAll(re)) {
    if (!isUpperCase(m[0])) return flat(m[0]);
  }
  return sentenceCase(upper);
}

export function urgencyOf(word: string): Urgency {
  const w = flat(word).toLowerCase();
  if (w.startsWith('h')) return 'Hỏa tốc';
  if (w.startsWith('th')) return 'Thượng khẩn';
  return 'Khẩn';
}

/**
 * The place and date of "Kiên Giang, ngày 19 tháng 8 năm 2020" in a line: the place runs from a
 * capital letter to a comma, the date part from "ngày" to the end of the line. Offsets into `line`.
 * A scan from comma to comma: the regex it replaces tried every capital against the rest of the line.
 */
export function placeAndDate(line: string): { place: Span; dateAt: number } | null {
  const capitals = /\p{Lu}/gu;
  let capital = -1;
  // The date part runs to the end of the line: no line break may follow it.
  const lastBreak = Math.max(...['\n', '\r', '\u2028', '\u2029'].map((c) => line.lastIndexOf(c)));
  for (let from = 0, comma = line.indexOf(','); comma !== -1; from = comma + 1, comma = line.indexOf(',', from)) {
    if (capital < from) {
      capitals.lastIndex = from;
      capital = capitals.exec(line)?.index ?? line.length;
    }
    if (capital >= comma) continue;
    let dateAt = comma + 1;
    while (dateAt < line.length && isSpace(line[dateAt]!)) dateAt++;
    if (!line.startsWith('ngày', dateAt) || !isSpace(line[dateAt + 4] ?? '') || lastBreak >= dateAt + 5) continue;
    let end = comma;
    while (end > capital + 1 && isSpace(line[end - 1]!)) end--;
    return { place: { start: capital, end }, dateAt };
  }
  return null;
}

export function firstYear(text: string): number | null {
  const m = /(?<!\d)(19\d{2}|20\d{2})(?!\d)/.exec(text);
  return m ? Number(m[1]) : null;
}
