import type { DocumentKind } from '@chidao/domain';
import { findDates } from '../dates';
import type { DraftBasis, Span } from '../types';
import { flat, trimSpan } from '../view';
import { clauses, sentences, type Doc, type Located } from './shared';

/**
 * The documents this one carries out or rests on, as its preamble cites them: "Thực hiện Công văn số
 * 2841/BTTTT-THH ngày 01/8/2020 của Bộ Thông tin và Truyền thông", "Căn cứ Nghị định số
 * 30/2020/NĐ-CP", "Triển khai Kế hoạch số 86/KH-UBND". Only a citation with a number is read (it can
 * be found again); its date and issuer when they follow it. A clause is read only when a word of
 * carrying out ("thực hiện", "triển khai", "căn cứ", "thi hành", "theo") comes before the citation,
 * so a task that mentions a document ("báo cáo theo mẫu tại Công văn số …") is read too, but a
 * bare mention in a list of copies is not.
 */
export function readBasis(doc: Doc, from: number, to: number): Located<DraftBasis>[] {
  const out: Located<DraftBasis>[] = [];
  const seen = new Set<string>();
  for (const sentence of sentences(doc.view, from, to)) {
    for (const clause of clauses(doc.view, sentence)) {
      const text = doc.view.slice(clause.start, clause.end);
      const lead = LEAD_RE.exec(text);
      if (lead === null) continue;
      CITATION_RE.lastIndex = lead.index + lead[0].length;
      for (let m = CITATION_RE.exec(text); m !== null; m = CITATION_RE.exec(text)) {
        const [whole, name, reference] = m as unknown as [string, string, string];
        const start = clause.start + m.index;
        const after = readAfter(doc, text, m.index + whole.length, clause.start);
        const key = reference.toUpperCase();
        if (seen.has(key)) continue;
        seen.add(key);
        const span = trimSpan(doc.view, start, clause.start + after.end);
        out.push({
          value: { name: sentenceName(name), kind: KINDS[flat(name).toLowerCase()] ?? null, reference, date: after.date, issuer: after.issuer },
          span,
        });
      }
    }
  }
  return out;
}

const LEAD_RE = /(?:^|[^\p{L}])(?:thực\s+hiện|triển\s+khai|căn\s+cứ|thi\s+hành|theo)(?![\p{L}])/iu;
// The name, "số", then a number with its code: "2841/BTTTT-THH", "30/2020/NĐ-CP", "1685/NQ-UBTVQH15".
const CITATION_RE =
  /(?<![\p{L}])(công\s+văn|chỉ\s+thị|kế\s+hoạch|thông\s+báo(?:\s+kết\s+luận)?|quyết\s+định|công\s+điện|nghị\s+quyết|nghị\s+định|thông\s+tư|luật|hướng\s+dẫn|văn\s+bản)\s+(?:số\s+)?(\d{1,6}(?:\/\d{4})?\/[\p{Lu}\d][\p{Lu}\p{N}-]{0,40})(?![\p{L}\p{N}/-])/giu;

const KINDS: Readonly<Record<string, DocumentKind>> = {
  'công văn': 'cong_van',
  'chỉ thị': 'chi_thi',
  'kế hoạch': 'ke_hoach',
  'thông báo': 'thong_bao',
  'thông báo kết luận': 'thong_bao',
  'quyết định': 'quyet_dinh',
  'công điện': 'cong_dien',
};

/** "công văn" → "Công văn", "NGHỊ ĐỊNH" → "Nghị định". */
function sentenceName(name: string): string {
  const lower = flat(name).toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** An issuer is named in a few words: a longer run is the sentence going on. */
const ISSUER_MAX = 120;
/** How far after the number its date may start: ", ngày " and the day. */
const DATE_REACH = 12;

/**
 * The date and issuer after a citation's number, each where it is written: "ngày 01/8/2020" first,
 * then "của Bộ Thông tin và Truyền thông" up to a comma, a stop, a bracket or "về"/"V/v".
 * `end` is where what was read ends, in `text`.
 */
function readAfter(doc: Doc, text: string, at: number, offset: number): { date: string | null; issuer: string | null; end: number } {
  let end = at;
  let date: string | null = null;
  const near = text.slice(at, at + DATE_REACH + 30);
  const found = findDates(near, doc.year).find((d) => d.start <= DATE_REACH && !d.hasTime);
  if (found !== undefined) {
    date = found.iso;
    end = at + found.end;
  }
  let issuer: string | null = null;
  const of = /^[\s,]{0,4}của\s+/u.exec(text.slice(end, end + 12));
  if (of !== null) {
    const from = end + of[0].length;
    const rest = text.slice(from, from + ISSUER_MAX);
    const stop = /[,.;:()“"]|\s(?:về|v\/v|V\/v|ngày|đến|và\s+(?:công\s+văn|kế\s+hoạch|chỉ\s+thị|quyết\s+định))(?![\p{L}])/iu.exec(rest);
    const cut = stop === null ? (rest.length < ISSUER_MAX ? rest.length : -1) : stop.index;
    if (cut > 0) {
      const span: Span = trimSpan(doc.view, offset + from, offset + from + cut);
      const name = flat(doc.view.slice(span.start, span.end));
      if (name !== '') {
        issuer = name;
        end = span.end - offset;
      }
    }
  }
  return { date, issuer, end };
}
