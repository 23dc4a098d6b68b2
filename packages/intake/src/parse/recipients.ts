/** The recipients of a dispatch: the "Kính gửi" line and the list under it. */
import { readActor, readActors } from '../actors';
import type { IntakeGroup, Span } from '../types';
import { flat, isBlank, trimSpan } from '../view';
import { BULLET_RE, KINH_GUI_RE, NOI_NHAN_RE, type Doc, type Located } from './shared';
import { isCapacityLine } from './signature';

export function readRecipients(doc: Doc, kinhGui: number) {
  const { view, lines } = doc;
  const recipients: { text: Located<string>; group: Located<IntakeGroup> | null }[] = [];
  const items: Span[] = [];
  const first = lines[kinhGui]!;
  const lead = KINH_GUI_RE.exec(first.text)!;
  const inline = trimSpan(view, first.start + lead[0].length, first.end);
  if (inline.end > inline.start) items.push(inline);
  let i = kinhGui + 1;
  let blankSinceItem = false;
  let usedBullets = false;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) {
      blankSinceItem = true;
      continue;
    }
    if (NOI_NHAN_RE.test(line.text) || isCapacityLine(line.text)) break;
    const bullet = BULLET_RE.exec(line.text);
    if (bullet && (usedBullets || items.length === 0)) {
      usedBullets = true;
      items.push(trimSpan(view, line.start + bullet[0].length, line.end));
      blankSinceItem = false;
      continue;
    }
    if (!bullet && !usedBullets && (items.length === 0 || !blankSinceItem) && readActor(line.text.trimStart())) {
      items.push(trimSpan(view, line.start, line.end));
      blankSinceItem = false;
      continue;
    }
    break;
  }
  for (const item of items) {
    const text = view.slice(item.start, item.end);
    const departments = DEPARTMENTS_RE.exec(text);
    if (departments) {
      // "Giám đốc các Sở: Nông nghiệp và Phát triển nông thôn, Y tế": each name is a "Sở …".
      for (const name of namesAfter(view, item.start + departments[0].length, item.end)) {
        recipients.push({ text: { value: flat(view.slice(name.start, name.end)), span: name }, group: { value: { type: 'named', name: `Sở ${flat(view.slice(name.start, name.end))}` }, span: name } });
      }
      continue;
    }
    const actors = readActors(text);
    if (actors.length <= 1) {
      const actor = actors[0];
      recipients.push({
        text: { value: flat(text), span: item },
        group: actor ? { value: actor.group, span: trimSpan(view, item.start + actor.start, item.start + actor.end) } : null,
      });
      if (!actor) doc.skip(item.start, item.end);
    } else {
      for (const actor of actors) {
        const span = trimSpan(view, item.start + actor.start, item.start + actor.end);
        recipients.push({ text: { value: flat(view.slice(span.start, span.end)), span }, group: { value: actor.group, span } });
      }
    }
  }
  return { recipients, end: i };
}

/** "Giám đốc các Sở:", "các Sở:": departments named by what follows "Sở", as a công điện lists them. */
const DEPARTMENTS_RE = /^(?:Giám\s+đốc\s+)?(?:các\s+)?Sở\s*:/iu;

/**
 * The names of a list "A, B, C;" between `start` and `end`, each trimmed, the closing punctuation
 * left out. Split at commas only: "và" belongs to names ("Giáo dục và Đào tạo").
 */
function namesAfter(view: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  const text = view.slice(start, end);
  let from = 0;
  for (const m of text.matchAll(/[,;]|\.$/gu)) {
    const span = trimSpan(view, start + from, start + m.index);
    if (span.end > span.start) out.push(span);
    from = m.index + m[0].length;
  }
  const tail = trimSpan(view, start + from, end);
  if (tail.end > tail.start) out.push(tail);
  return out;
}
