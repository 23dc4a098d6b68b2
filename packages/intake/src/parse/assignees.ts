/** Who a task, deadline or sentence of the body is for, and who coordinates ("theo dõi, tổng hợp"). */
import { LEAD_WORDS, readActor, readActors, type Actor } from '../actors';
import type { IntakeGroup, Span } from '../types';
import { flat, trimSpan } from '../view';
import { dedupe, type Assignee, type Doc, type Located } from './shared';

export const LEAD_IN_VERB_RE = /(?<![\p{L}])(?:yêu\s+cầu|đề\s+nghị|giao(?:\s+cho)?)\s+/giu;
export const MONITOR_RE = /theo\s+dõi|tổng\s+hợp/iu;

/** Actors at the start of a range, after "Giao"/"Đề nghị"/"Yêu cầu". */
export function actorsAt(doc: Doc, start: number, end: number): Assignee[] {
  const text = doc.view.slice(start, end);
  const skipped = text.length - text.trimStart().length;
  const lead = LEAD_WORDS.exec(text.slice(skipped));
  const from = start + skipped + (lead ? lead[0].length : 0);
  const actors = readActors(doc.view.slice(from, end));
  // "Ủy ban nhân dân tỉnh giao Sở Y tế …": the one who speaks is not the one who acts.
  const after = actors.length > 0 ? from + actors.at(-1)!.end : from;
  const speaks = /^\s*(?:giao(?:\s+cho)?|yêu\s+cầu|đề\s+nghị)\s+/iu.exec(doc.view.slice(after, end));
  if (actors.length === 1 && speaks && isIssuer(doc, actors[0]!.group)) {
    const next = after + speaks[0].length;
    return located(doc, readActors(doc.view.slice(next, end)), next);
  }
  return located(doc, actors, from);
}

/** The issuing body itself ("UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh", "Bộ Y tế" issuing): it gives tasks, it does not take them. */
export function isIssuer(doc: Doc, group: IntakeGroup): boolean {
  if (group.type !== 'named') return false;
  const name = flat(group.name).toLowerCase();
  if (/^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(?:tỉnh|huyện|quận|thị xã|thành phố|xã|phường|thị trấn|đặc khu)$/u.test(name)) return true;
  const issuer = doc.issuer?.toLowerCase().replace(/^ubnd /u, 'ủy ban nhân dân ');
  return issuer !== undefined && (issuer === name || issuer === name.replace(/^ubnd /u, 'ủy ban nhân dân '));
}

/** Actors after the first "yêu cầu"/"đề nghị"/"giao" in a range that is followed by any. */
export function actorsAfterLeadVerb(doc: Doc, start: number, end: number): Assignee[] {
  const text = doc.view.slice(start, end);
  for (const m of text.matchAll(LEAD_IN_VERB_RE)) {
    const from = start + m.index + m[0].length;
    const actors = located(doc, readActors(doc.view.slice(from, end)), from);
    if (actors.length > 0) return actors;
  }
  return [];
}

/**
 * "Giao chỉ tiêu … cho UBND các huyện, thành phố": in a range that opens with "Giao", the actors
 * after its first "cho" that is followed by any.
 */
export function actorsAfterGiaoCho(doc: Doc, start: number, end: number): Assignee[] {
  const text = doc.view.slice(start, end);
  if (!/^\s*giao(?![\p{L}])/iu.test(text)) return [];
  for (const m of text.matchAll(/(?<![\p{L}])cho\s+/giu)) {
    const from = start + m.index + m[0].length;
    const actors = located(doc, readActors(doc.view.slice(from, end)), from);
    if (actors.length > 0) return actors;
  }
  return [];
}

export function located(doc: Doc, actors: Actor[], offset: number): Assignee[] {
  return dedupe(actors.map((a) => ({ group: a.group, span: trimSpan(doc.view, offset + a.start, offset + a.end) })));
}

export function owersOf(doc: Doc, clause: Span, sentence: Span, segment: { start: number; owers: Assignee[]; prose: boolean }): Assignee[] {
  for (const range of [clause, sentence]) {
    const found = actorsIn(doc, range);
    if (found.length > 0) return found;
  }
  return segment.owers;
}

/** Actors at the start of a range, else after its first lead verb. Kept: every clause with a deadline asks about its sentence. */
export function actorsIn(doc: Doc, range: Span): Assignee[] {
  const key = `${range.start}:${range.end}`;
  let found = doc.actorsInRange.get(key);
  if (!found) {
    found = actorsAt(doc, range.start, range.end);
    if (found.length === 0) found = actorsAfterLeadVerb(doc, range.start, range.end);
    doc.actorsInRange.set(key, found);
  }
  return found;
}

export function coordinatorIn(doc: Doc, sentence: Span, segment: { start: number; owers: Assignee[] }) {
  const { view } = doc;
  const text = view.slice(sentence.start, sentence.end);
  // Whether "theo dõi"/"tổng hợp" follows an offset: whether the last one starts after it.
  const lastMonitor = sentence.start + ([...text.matchAll(new RegExp(MONITOR_RE, 'giu'))].at(-1)?.index ?? -Infinity);
  for (const m of text.matchAll(/(?<![\p{L}])giao(?:\s+cho)?\s+/giu)) {
    const from = sentence.start + m.index + m[0].length;
    const actor = readActor(view.slice(from, sentence.end));
    if (actor?.group.type === 'named' && lastMonitor >= from + actor.end) {
      return { located: { value: actor.group.name, span: trimSpan(view, from + actor.start, from + actor.end) }, strong: true };
    }
  }
  const atStart = sentence.start === segment.start ? segment.owers : actorsAt(doc, sentence.start, sentence.end);
  const own = atStart.length === 1 ? atStart[0]! : null;
  if (own && own.group.type === 'named') return { located: { value: own.group.name, span: own.span }, strong: false };
  return null;
}
