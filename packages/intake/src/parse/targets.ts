/** Targets ("đạt tối thiểu 95%") and due dates and deadlines in the clauses of the body. */
import { dayBefore, findDates } from '../dates';
import type { DraftSpans, DraftTarget, Span } from '../types';
import { flat, flatWithin, trimSpan } from '../view';
import type { Doc } from './shared';

/** Keyword before a date that makes it a due date; "deadline" when it sets a deadline by itself. */
const DUE_KEYWORD_RE =
  /(?<![\p{L}])(trước|chậm\s+nhất(?:\s+là)?|muộn\s+nhất(?:\s+là)?|hạn\s+(?:chót|cuối)(?:\s+là)?|không\s+quá|không\s+muộn\s+hơn|xong\s+trước|đến\s+hết|đến|hết|trong|vào)\s*(?:lúc\s+)?(?:ngày\s+)?$/iu;
const DEADLINE_KEYWORD_RE = /^(?:trước|chậm|muộn|hạn|không|xong)/iu;
/** A verb of handing in: a due date up to 60 characters after it, with no stop between, is a deadline. */
const SUBMIT_VERB_RE = /hoàn\s+thành|báo\s+cáo|gửi|nộp/giu;
const SUBMIT_REACH = 60;

const TARGET_KEYWORD = String.raw`(?<![\p{L}])(tối\s+thiểu|ít\s+nhất|phấn\s+đấu|không\s+(?:thấp|ít)\s+hơn|đạt)`;
/** Words between the keyword and the figure: "đạt tỷ lệ tối thiểu 95%". */
const TARGET_FILLERS = String.raw`(?:\s+(?:có|là|đạt|được|tỷ\s+lệ|tỉ\s+lệ|từ|trên|tối\s+thiểu|ít\s+nhất))*`;
const TARGET_FILLERS_RE = new RegExp(TARGET_FILLERS, 'iuy');
/** A target phrase at a keyword (sticky): keyword, fillers, figure, "%". */
const TARGET_RE = new RegExp(
  String.raw`${TARGET_KEYWORD}(${TARGET_FILLERS})\s+(\d{1,3}(?:[.,]\d{3})+(?!\s*%)|\d+(?:[.,]\d+)?)(\s*(?:%|phần\s+trăm))?(?![\p{N}/])`,
  'iuy',
);
/** Where the object of a target ends: a full stop, or a comma before a new clause ("…, Chủ tịch UBND …"). */
const TARGET_END_RE = /[;:.](?!\d)|,(?=\s*(?:\p{Lu}|(?:đồng\s+thời|trong\s+đó|nhằm|để|góp\s+phần|bảo\s+đảm|đảm\s+bảo|và)(?![\p{L}])))/gu;
const UNREAD_DUE_RE = /(?<![\p{L}])(?:trước|chậm\s+nhất|muộn\s+nhất|hạn\s+chót)\s+(?:(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{2}\s*)?)?ngày\s+)?\d[^,;.()]*/giu;
const DURATION_RE = /^\s*(?:giờ|ngày|tháng|năm|tuần|phút|h)(?![\p{L}])/iu;

export interface Due {
  readonly start: number;
  readonly end: number;
  readonly iso: string;
  readonly deadline: boolean;
  /** Written "trước (ngày) X" with no time of day: `iso` is read by the document's `beforeDate`. */
  readonly before: boolean;
}

/** "trước", "xong trước": the words that make a date a "before X", read by the setting (ParseOptions.beforeDate). */
const BEFORE_KEYWORD_RE = /^(?:xong\s+)?trước$/iu;

export function duesIn(doc: Doc, clause: Span): Due[] {
  const { view } = doc;
  const text = view.slice(clause.start, clause.end);
  const out: Due[] = [];
  let verbEnds: number[] | null = null;
  for (const d of findDates(text, doc.year)) {
    const before = text.slice(Math.max(0, d.start - 40), d.start);
    const kw = DUE_KEYWORD_RE.exec(before);
    if (!kw) continue;
    const keyword = flat(kw[1]!);
    const keywordAt = d.start - (before.length - kw.index);
    verbEnds ??= [...text.matchAll(SUBMIT_VERB_RE)].map((m) => m.index + m[0].length);
    const deadline = DEADLINE_KEYWORD_RE.test(keyword) || submitsBefore(text, verbEnds, keywordAt);
    const isBefore = !d.hasTime && BEFORE_KEYWORD_RE.test(keyword);
    const iso = isBefore && doc.beforeDate === 'exclusive' ? dayBefore(d.iso) : d.iso;
    out.push({ start: clause.start + keywordAt, end: clause.start + d.end, iso, deadline, before: isBefore });
  }
  return out;
}

/** "trước ngày 05 hằng tháng" and other due phrases no date was read from (`read`: the dues that were): listed, not dropped. */
export function unreadDueDates(doc: Doc, sentence: Span, read: readonly Span[]): Span[] {
  const text = doc.view.slice(sentence.start, sentence.end);
  // Dues do not overlap one another, so in order of position one pass over them serves every phrase.
  const dues = [...read].sort((a, b) => a.start - b.start);
  let next = 0;
  const out: Span[] = [];
  for (const m of text.matchAll(UNREAD_DUE_RE)) {
    const start = sentence.start + m.index;
    const end = start + m[0].length;
    while (next < dues.length && dues[next]!.end <= start) next++;
    if (!(next < dues.length && dues[next]!.start < end)) out.push(trimSpan(doc.view, start, end));
  }
  return out;
}

export function targetsIn(doc: Doc, clause: Span, dues: readonly Due[]) {
  const { view } = doc;
  const text = view.slice(clause.start, clause.end);
  const out: { target: DraftTarget; spans: DraftSpans['targets'][number]; due: Span | null }[] = [];
  let stops: number[] | null = null;
  // Targets with no stop between them each run to the end of the clause: their texts share one flattening.
  let textOf: ((span: Span) => string) | null = null;
  let nextStop = 0;
  let nextDue = 0;
  for (const m of targetMatches(text)) {
    const percent = m[4] !== undefined;
    const numberAt = clause.start + m.index + m[0].length - (m[4]?.length ?? 0) - m[3]!.length;
    const after = text.slice(m.index + m[0].length);
    if (!percent && (DURATION_RE.test(after) || !/^\s+\p{L}/u.test(after))) continue;

    const value = percent ? Number(m[3]!.replace(',', '.')) : Number(m[3]!.replace(/[.,]/g, ''));
    const keywordAt = clause.start + m.index;
    const valueEnd = clause.start + m.index + m[0].length;
    // The object of the target runs to the next comma or full stop. Where those are is found once
    // for the clause, and dues (in order of position) are walked once: each target searching the
    // rest of the clause again was quadratic in a clause of many targets.
    stops ??= [...text.matchAll(TARGET_END_RE)].map((s) => clause.start + s.index);
    while (nextStop < stops.length && stops[nextStop]! < valueEnd) nextStop++;
    let end = stops[nextStop] ?? clause.end;
    while (nextDue < dues.length && dues[nextDue]!.end <= keywordAt) nextDue++;
    const preceding = dues[nextDue - 1];
    let following = nextDue;
    while (following < dues.length && dues[following]!.start < valueEnd) following++;
    const due = preceding ?? dues[following] ?? null;
    // A count with no date is a standing rule ("tổ có ít nhất 03 thành viên"), not a target to track.
    if (!percent && !due) continue;
    let start = keywordAt;
    if (due && due.start < start) start = due.start;
    if (due && due.end > end) end = due.end;
    const span = trimSpan(view, start, end);
    out.push({
      target: {
        text: (textOf ??= flatWithin(view, clause.start, clause.end))(span),
        value,
        unit: percent ? 'percent' : 'count',
        due: due?.iso ?? null,
        ...(due?.before ? { before: true as const } : {}),
      },
      spans: { text: span, value: trimSpan(view, numberAt, valueEnd), due: due ? { start: due.start, end: due.end } : null },
      due: due ? { start: due.start, end: due.end } : null,
    });
  }
  return out;
}

/**
 * Whether a verb of handing in ends at most SUBMIT_REACH characters (code points) before `at` with no
 * "." or ";" between. `verbEnds`: where each verb of `text` ends, in order; the nearest before `at` decides.
 */
function submitsBefore(text: string, verbEnds: readonly number[], at: number): boolean {
  let lo = 0;
  let hi = verbEnds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (verbEnds[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return false;
  const gap = text.slice(verbEnds[lo - 1]!, at);
  return gap.length <= 2 * SUBMIT_REACH && [...gap].length <= SUBMIT_REACH && !/[.;]/.test(gap);
}

/**
 * The target phrases of a text, in order (what `text.matchAll` of a global TARGET_RE would give).
 * When no figure follows a keyword, the keywords among the words after it ("đạt đạt đạt …") cannot
 * find one either: the search goes on after those words instead of trying each of them again.
 */
function* targetMatches(text: string): Generator<RegExpExecArray> {
  const keywords = new RegExp(TARGET_KEYWORD, 'giu');
  for (let k = keywords.exec(text); k; k = keywords.exec(text)) {
    TARGET_RE.lastIndex = k.index;
    const m = TARGET_RE.exec(text);
    if (m) {
      keywords.lastIndex = m.index + m[0].length;
      yield m;
      continue;
    }
    TARGET_FILLERS_RE.lastIndex = k.index + k[0].length;
    TARGET_FILLERS_RE.exec(text);
    keywords.lastIndex = TARGET_FILLERS_RE.lastIndex;
  }
}
