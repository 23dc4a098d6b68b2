/** Periodic reports a dispatch asks for by the calendar (báo cáo định kỳ, Nghị định 09/2019). */
import { ND09_CUT_OFF_DAY, type CalendarPeriodType, type ProgressSchedule } from '@chidao/domain';
import type { Span } from '../types';
import { sentences, type Doc } from './shared';
import { readParagraphs } from './tasks';

/**
 * The regime a sentence names, the longest wording first: "6 tháng" before "tháng". "hằng" and
 * "hàng" are both written; "định kỳ quý" and "theo quý" too.
 */
const REGIMES: readonly (readonly [CalendarPeriodType, RegExp])[] = [
  ['sixMonthly', /(?:(?:0?6|sáu)\s+tháng\s+(?:một\s+lần|\/\s*lần)|định\s+kỳ\s+(?:0?6|sáu)\s+tháng|(?:hằng|hàng)\s+(?:0?6|sáu)\s+tháng)/iu],
  ['quarterly', /(?:(?:hằng|hàng|theo|mỗi)\s+quý|định\s+kỳ\s+quý)/iu],
  ['yearly', /(?:(?:hằng|hàng|mỗi)\s+năm|định\s+kỳ\s+năm)/iu],
  ['monthly', /(?:(?:hằng|hàng|mỗi)\s+tháng|định\s+kỳ\s+tháng)/iu],
];

/** "trước ngày 05", "chậm nhất ngày 20", "không quá ngày 5": a day of the month, not a full date ("trước ngày 20/8/2020"). */
const DUE_RE = /(?:trước|chậm\s+nhất(?:\s+là|\s+vào)?|không\s+quá)\s+ngày\s+(\d{1,2})(?!\d)(?!\s*[/.-]\s*\d)(?!\s+tháng\s+\d)/iu;
/** "số liệu tính từ ngày 15 tháng trước đến ngày 14 tháng báo cáo", "số liệu đến hết ngày 14": the cut-off, in the clause after "số liệu". */
const FIGURES_RE = /số\s+liệu/iu;
const CUT_OFF_RE = /đến\s+(?:hết\s+)?ngày\s+(\d{1,2})(?!\d)(?!\s*[/.-]\s*\d)/iu;

/** The cut-off day the figures' clause names, if any. */
function cutOffIn(text: string): string | undefined {
  const figures = FIGURES_RE.exec(text);
  if (!figures) return undefined;
  const clause = text.slice(figures.index).split(/[.;]/)[0]!;
  return CUT_OFF_RE.exec(clause)?.[1];
}
/** "… cho đến khi có chỉ đạo khác", "đến khi có văn bản chỉ đạo khác", "… có ý kiến chỉ đạo khác". */
const UNTIL_ENDED_RE = /đến\s+khi\s+có\s+(?:văn\s+bản\s+|ý\s+kiến\s+)?chỉ\s+đạo\s+khác/iu;
const REPORT_RE = /báo\s+cáo/iu;

/** A day of the month the domain takes (1–28), else null. */
const dayOfMonth = (text: string | undefined): number | null => {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 28 ? n : null;
};

/**
 * The first sentence of the body (lines `startLine` to `endLine`) that asks for reports on a calendar regime ("báo cáo … trước ngày
 * 05 hằng tháng", "định kỳ hằng quý"), read into a schedule: the due day it names (20 when none or
 * one no month has), the cut-off its "số liệu … đến ngày N" names (else Nghị định 09/2019's 14th),
 * and `untilEnded` when it goes on "cho đến khi có chỉ đạo khác". Null when no sentence does.
 */
export function readProgressSchedule(doc: Doc, startLine: number, endLine: number): { value: ProgressSchedule; span: Span } | null {
  const { view } = doc;
  const all = readParagraphs(doc, startLine, endLine).flatMap((p) => sentences(view, p.contentStart, p.end));
  for (const sentence of all) {
    const text = view.slice(sentence.start, sentence.end);
    if (!REPORT_RE.test(text)) continue;
    const regime = REGIMES.find(([, re]) => re.test(text))?.[0];
    if (!regime) continue;
    const dueDay = dayOfMonth(DUE_RE.exec(text)?.[1]) ?? 20;
    const cutOffDay = dayOfMonth(cutOffIn(text)) ?? ND09_CUT_OFF_DAY;
    const untilEnded = UNTIL_ENDED_RE.test(text);
    return { value: { type: regime, cutOffDay, dueDay, ...(untilEnded ? { untilEnded: true } : {}) }, span: sentence };
  }
  return null;
}
