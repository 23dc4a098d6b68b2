/** The header of a dispatch: number and reference, issuer, place and date, subject, urgency. */
import { findDates } from '../dates';
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

export function readHeader(doc: Doc, kinhGui: number | null) {
  const { view, lines } = doc;
  let reference: Located<string> | null = null;
  let place: Located<string> | null = null;
  let date: Located<string> | null = null;
  let urgency: Located<Urgency> | null = null;
  let subjectLines: Line[] = [];
  const issuerLines: { start: number; end: number; text: string }[] = [];
  let issuerClosed = false;
  let inSubject = false;
  let blankInSubject = false;
  let seen = false;
  const limit = kinhGui ?? lines.length;
  let i = 0;
  for (; i < limit; i++) {
    const line = lines[i]!;
    const t = line.text.trim();
    if (t.length === 0) {
      if (inSubject) blankInSubject = true;
      continue;
    }
    // A subject wrapped across a blank line goes on in lower case ("… ứng" / "dụng, cài đặt …").
    if (inSubject && blankInSubject && !/^\p{Ll}/u.test(t)) inSubject = false;
    const known = (): void => {
      seen = true;
      inSubject = false;
      if (issuerLines.length > 0) issuerClosed = true;
    };
    const motto = MOTTO_RE.exec(line.text);
    if (motto || SEPARATOR_RE.test(t)) {
      // Two columns pasted side by side: "ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI …".
      const before = motto ? trimSpan(view, line.start, line.start + motto.index) : null;
      if (before && before.end > before.start && isUpperCase(view.slice(before.start, before.end)) && !issuerClosed) {
        issuerLines.push({ ...before, text: view.slice(before.start, before.end) });
        seen = true;
        continue;
      }
      known();
      continue;
    }
    const urg = URGENCY_RE.exec(line.text);
    if (urg) {
      known();
      urgency = { value: urgencyOf(urg[1]!), span: trimSpan(view, line.start + urg.index, line.start + urg[0].length) };
      continue;
    }
    const so = SO_RE.exec(line.text);
    let matched = false;
    if (so) {
      const numberAt = line.start + so.index + so[0].search(/\d/);
      reference = { value: `${so[1]}/${so[2]}`, span: { start: numberAt, end: line.start + so.index + so[0].length } };
      matched = true;
    }
    // The place and date may share the line with the number ("Số: 12/UBND-VP    Kiên Giang, ngày …").
    const dateFrom = so ? so.index + so[0].length : 0;
    const pd = placeAndDate(line.text.slice(dateFrom));
    if (pd && !date) {
      const at = line.start + dateFrom;
      const found = findDates(line.text.slice(dateFrom + pd.dateAt), null)[0];
      if (found) {
        const placeText = line.text.slice(dateFrom + pd.place.start, dateFrom + pd.place.end);
        place = { value: flat(placeText), span: trimSpan(view, at + pd.place.start, at + pd.place.end) };
        date = { value: found.iso, span: { start: at + pd.dateAt + found.start, end: at + pd.dateAt + found.end } };
        matched = true;
      }
    }
    if (matched) {
      known();
      continue;
    }
    if (SUBJECT_RE.test(line.text)) {
      known();
      subjectLines = [line];
      inSubject = true;
      blankInSubject = false;
      continue;
    }
    if (inSubject) {
      subjectLines.push(line);
      continue;
    }
    if (isUpperCase(t) && !issuerClosed) {
      issuerLines.push(line);
      continue;
    }
    if (kinhGui === null && (seen || t.length > 100 || issuerLines.length > 0 && !isUpperCase(t))) break;
    doc.skip(line.start, line.end);
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
  return { reference, issuer, place, date, subject, urgency, end: kinhGui ?? i };
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
  const last = parts.at(-1)!;
  const first = committee.exec(parts[0]!);
  if (first) {
    const place = first[1] !== undefined ? asLocality(first[1]) : parts.length > 1 ? asLocality(parts[1]!) : null;
    // "UBND TỈNH KIÊN GIANG / SỞ Y TẾ": the issuer is the body on the last line.
    const own = parts.length > (first[1] !== undefined ? 1 : 2);
    if (place && !own) return `UBND ${place}`;
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
