/** The tail of a dispatch: the signature block (capacity, signer) and "Nơi nhận" (copies to). */
import type { Span } from '../types';
import { flat, isBlank, isUpperCase, trimSpan, type Line } from '../view';
import { BULLET_RE, NOI_NHAN_RE, titleCase, type Doc, type Located } from './shared';

const CAPACITY_PREFIX_RE = /^(KT|TM|TL|TUQ|Q)\s*\.\s*/u;
const CAPACITY_TITLES =
  /^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+BAN|TRƯỞNG\s+PHÒNG|CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|BÍ\s+THƯ|[UỦ][YỶ]\s+BAN\s+NHÂN\s+DÂN)$/u;
const PERSON_NAME_RE = /^\p{Lu}[\p{Ll}]*(?:\s+\p{Lu}[\p{Ll}]*){1,5}$|^\p{Lu}+(?:\s+\p{Lu}+){1,5}$/u;
const SIGNATURE_MARK_RE = /^\(?\s*(?:đã\s+ký|ký(?:\s+tên)?)(?:[^)]*)\)?\.?$/iu;

export function isCapacityLine(text: string): boolean {
  const t = flat(text);
  if (!isUpperCase(t) || t.length > 60) return false;
  return CAPACITY_PREFIX_RE.test(t) ? /\p{Lu}{2}/u.test(t.replace(CAPACITY_PREFIX_RE, '')) : CAPACITY_TITLES.test(t);
}

export function readCopies(doc: Doc, start: number, end: number): Located<string>[] {
  const { view, lines } = doc;
  const out: Located<string>[] = [];
  const head = lines[start]!;
  const lead = NOI_NHAN_RE.exec(head.text)!;
  const ranges: Span[] = [{ start: head.start + lead[0].length, end: head.end }];
  for (let i = start + 1; i < end; i++) ranges.push({ start: lines[i]!.start, end: lines[i]!.end });
  for (const range of ranges) {
    const text = view.slice(range.start, range.end);
    const bullet = BULLET_RE.exec(text);
    const from = range.start + (bullet ? bullet[0].length : 0);
    let span = trimSpan(view, from, range.end);
    if (span.end <= span.start) continue;
    if (/[;.,]$/.test(view.slice(span.start, span.end))) span = trimSpan(view, span.start, span.end - 1);
    out.push({ value: flat(view.slice(span.start, span.end)), span });
  }
  return out;
}

export function readSigner(doc: Doc, start: number, end: number) {
  const { view, lines } = doc;
  let i = start;
  const capacityLines: Line[] = [];
  for (;;) {
    while (i < end && !isBlank(lines[i]!) && isUpperCase(lines[i]!.text)) capacityLines.push(lines[i++]!);
    // "KT. CHỦ TỊCH", a blank line, "PHÓ CHỦ TỊCH": the capacity goes on after a blank line only
    // with another title, so a name in capitals below it stays the name.
    let next = i;
    while (next < end && isBlank(lines[next]!)) next++;
    if (next === i || next >= end || !isCapacityLine(lines[next]!.text)) break;
    i = next;
  }
  if (capacityLines.length === 0) capacityLines.push(lines[i++]!);
  const capacity: Located<string> = {
    value: capacityLines.map((l) => flat(l.text).replace(CAPACITY_PREFIX_RE, '$1. ')).join(' / '),
    span: trimSpan(view, capacityLines[0]!.start, capacityLines.at(-1)!.end),
  };
  const rest = lines.slice(i, end).filter((l) => !isBlank(l));
  const nameAt = rest.findLastIndex((l) => PERSON_NAME_RE.test(l.text.trim()));
  const nameLine = nameAt === -1 ? null : rest[nameAt]!;
  let name: Located<string> | null = null;
  if (nameLine) {
    const span = trimSpan(view, nameLine.start, nameLine.end);
    const written = flat(nameLine.text);
    name = { value: isUpperCase(written) ? titleCase(written) : written, span };
  }
  const nameWords = new Set((name?.value ?? '').toLowerCase().split(' '));
  rest.forEach((line, k) => {
    if (k === nameAt) return;
    const t = flat(line.text);
    // A scanned signature often reads as the signer's given name; "(Đã ký)" marks one too.
    const mark = SIGNATURE_MARK_RE.test(t) || (k < nameAt && t.toLowerCase().split(' ').every((w) => nameWords.has(w)));
    if (!mark) doc.skip(line.start, line.end);
  });
  return { capacity, name };
}
