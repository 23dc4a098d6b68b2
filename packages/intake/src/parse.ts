import { LEAD_WORDS, groupKey, readActor, readActors, type Actor } from './actors';
import { findDates } from './dates';
import { IntakeError } from './errors';
import type {
  DispatchDraft,
  DraftDeadline,
  DraftRecipient,
  DraftSpans,
  DraftTarget,
  DraftTask,
  IntakeGroup,
  Span,
  Unrecognized,
  Urgency,
} from './types';
import { blankMarkup, flat, flatWithin, isBlank, isUpperCase, sourceText, splitLines, trimSpan, type Line } from './view';

/**
 * Reads the text of a công văn (Nghị định 30/2020/NĐ-CP form) into a directive draft. Pure: no I/O,
 * no clock. Spans are offsets into `input.normalize('NFC')`. Throws `IntakeError('NOT_A_DISPATCH')`
 * when the text has neither a "Số: …" reference nor a "Kính gửi" line.
 */
export function parseDispatch(input: string): DispatchDraft {
  const source = sourceText(input);
  const view = blankMarkup(source);
  const lines = splitLines(view);
  const doc = new Reader(view, lines);
  return doc.read();
}

interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

interface Assignee {
  readonly group: IntakeGroup;
  readonly span: Span;
}

type BulletKind = 'dash' | 'plus' | 'dot' | 'star' | 'numnum' | 'num' | 'alpha' | 'roman';

interface Paragraph {
  readonly start: number;
  readonly end: number;
  readonly bullet: { readonly kind: BulletKind; readonly indent: number } | null;
  /** Where the text starts after the bullet marker. */
  readonly contentStart: number;
}

interface TaskBlock {
  readonly parent: Paragraph;
  readonly subs: Paragraph[];
  readonly leadIn: Paragraph | null;
}

const BULLET_RE =
  /^( *)(?:([-–—])(?![-–—])\s*(?=\S)|([+•·∙▪])\s*(?=\S)|(\*)\s+|(\d{1,2}(?:\.\d{1,2})+)\.?\s+|(\d{1,2})[.)]\s+|([a-zđ])\)\s+|([a-zđ])\.\s+(?=\p{Lu})|([IVXL]{1,5})[.)]\s+(?=\p{Lu}))/u;
const KINH_GUI_RE = /^\s*Kính\s+gửi\s*:?/iu;
const NOI_NHAN_RE = /^\s*Nơi\s+nhận\s*:?/iu;
const MOTTO_RE = /C[ỘộOo]NG\s+H[ÒOÀoòà]+(?:\s*[AaÀà])?\s+X[ÃA]\s+H[ỘO]I|Độc\s+lập\s*[-–—]\s*Tự\s+do/iu;
const SEPARATOR_RE = /^[\s\-_=*─—–.]{3,}$/u;
const URGENCY_RE = /^\s*(h[ỏo][aả]\s+tốc|thượng\s+khẩn|khẩn)\s*(?:\.\s*)?$/iu;
const SO_RE = /^\s*Số\s*(?::\s*)?(\d+)\s*\/\s*([\p{L}\d][\p{L}\d\-.&/]*[\p{L}\d])/iu;
const SUBJECT_RE = /^\s*(?:V\/v|Về\s+việc)(?![\p{L}])/u;
const CAPACITY_PREFIX_RE = /^(KT|TM|TL|TUQ|Q)\s*\.\s*/u;
const CAPACITY_TITLES =
  /^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+BAN|TRƯỞNG\s+PHÒNG|CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|BÍ\s+THƯ|[UỦ][YỶ]\s+BAN\s+NHÂN\s+DÂN)$/u;
const PERSON_NAME_RE = /^\p{Lu}[\p{Ll}]*(?:\s+\p{Lu}[\p{Ll}]*){1,5}$|^\p{Lu}+(?:\s+\p{Lu}+){1,5}$/u;
const SIGNATURE_MARK_RE = /^\(?\s*(?:đã\s+ký|ký(?:\s+tên)?)(?:[^)]*)\)?\.?$/iu;
const LEAD_IN_VERB_RE = /(?<![\p{L}])(?:yêu\s+cầu|đề\s+nghị|giao(?:\s+cho)?)\s+/giu;
const MONITOR_RE = /theo\s+dõi|tổng\s+hợp/iu;

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
/** Longer than the name of any body that issues a dispatch. */
const MAX_NAME_LENGTH = 200;
const DURATION_RE = /^\s*(?:giờ|ngày|tháng|năm|tuần|phút|h)(?![\p{L}])/iu;

interface Due {
  readonly start: number;
  readonly end: number;
  readonly iso: string;
  readonly deadline: boolean;
}

class Reader {
  private readonly unrecognized: Unrecognized[] = [];
  private year: number | null = null;
  private issuer: string | null = null;
  private readonly actorsInRange = new Map<string, Assignee[]>();

  constructor(
    private readonly view: string,
    private readonly lines: readonly Line[],
  ) {}

  read(): DispatchDraft {
    const { view, lines } = this;
    const kinhGui = lines.findIndex((l) => KINH_GUI_RE.test(l.text));
    const header = this.readHeader(kinhGui === -1 ? null : kinhGui);
    this.issuer = header.issuer?.value ?? null;
    this.year = header.date ? Number(header.date.value.slice(0, 4)) : firstYear(view);

    let bodyStart = header.end;
    let recipients: { text: Located<string>; group: Located<IntakeGroup> | null }[] = [];
    if (kinhGui !== -1) {
      const read = this.readRecipients(kinhGui);
      recipients = read.recipients;
      bodyStart = read.end;
    }
    if (!header.reference && kinhGui === -1) {
      throw new IntakeError(
        'NOT_A_DISPATCH',
        'This does not read as an official dispatch (công văn): it has neither a "Số: …/…" reference nor a "Kính gửi" line.',
      );
    }

    const noiNhan = this.findLine(bodyStart, (l) => NOI_NHAN_RE.test(l.text));
    const signature = this.findLine(bodyStart, (l) => isCapacityLine(l.text));
    const bodyEnd = Math.min(noiNhan ?? lines.length, signature ?? lines.length);
    const copies = noiNhan === null ? [] : this.readCopies(noiNhan, signature !== null && signature > noiNhan ? signature : lines.length);
    const signer =
      signature === null ? null : this.readSigner(signature, noiNhan !== null && noiNhan > signature ? noiNhan : lines.length);

    const addressees: Assignee[] = dedupe(recipients.flatMap((r) => (r.group ? [{ group: r.group.value, span: r.group.span }] : [])));
    const body = this.readBody(bodyStart, bodyEnd, addressees);

    const unrecognized = [...this.unrecognized].sort((a, b) => a.span.start - b.span.start);
    const spans: DraftSpans = {
      reference: header.reference?.span ?? null,
      issuer: header.issuer?.span ?? null,
      place: header.place?.span ?? null,
      date: header.date?.span ?? null,
      subject: header.subject?.span ?? null,
      urgency: header.urgency?.span ?? null,
      recipients: recipients.map((r) => ({ text: r.text.span, group: r.group?.span ?? null })),
      tasks: body.tasks.map((t) => t.spans),
      targets: body.targets.map((t) => t.spans),
      deadlines: body.deadlines.map((d) => d.spans),
      coordinator: body.coordinator?.span ?? null,
      signer: signer ? { capacity: signer.capacity?.span ?? null, name: signer.name?.span ?? null } : null,
      copiesTo: copies.map((c) => c.span),
    };
    return {
      reference: header.reference?.value ?? null,
      issuer: header.issuer?.value ?? null,
      place: header.place?.value ?? null,
      date: header.date?.value ?? null,
      subject: header.subject?.value ?? null,
      urgency: header.urgency?.value ?? null,
      recipients: recipients.map((r): DraftRecipient => ({ text: r.text.value, group: r.group?.value ?? null })),
      tasks: body.tasks.map((t) => t.task),
      targets: body.targets.map((t) => t.target),
      deadlines: body.deadlines.map((d) => d.deadline),
      coordinator: body.coordinator?.value ?? null,
      signer: signer ? { capacity: signer.capacity?.value ?? null, name: signer.name?.value ?? null } : null,
      copiesTo: copies.map((c) => c.value),
      unrecognized,
      spans,
    };
  }

  // ── header ────────────────────────────────────────────────────────────────────────────────

  private readHeader(kinhGui: number | null) {
    const { view, lines } = this;
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
      this.skip(line.start, line.end);
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
            value: this.issuerName(issuerLines.map((l) => flat(l.text))),
            span: trimSpan(view, issuerLines[0]!.start, issuerLines.at(-1)!.end),
          };
    return { reference, issuer, place, date, subject, urgency, end: kinhGui ?? i };
  }

  /** "ỦY BAN NHÂN DÂN / TỈNH KIÊN GIANG" → "UBND tỉnh Kiên Giang"; "BỘ Y TẾ" → "Bộ Y tế" as the text writes it. */
  private issuerName(parts: string[]): string {
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
    return this.asWritten(committee.test(last) ? parts.join(' ') : last);
  }

  /** The mixed-case form of an upper-case name, taken from elsewhere in the text when it appears there. */
  private asWritten(upper: string): string {
    // Looked for only when it can be a name: a pattern as long as the text takes quadratic time to search (or is too big to compile).
    if (upper.length > MAX_NAME_LENGTH) return sentenceCase(upper);
    const words = upper.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const re = new RegExp(`(?<![\\p{L}])${words.join('\\s+')}(?![\\p{L}])`, 'giu');
    for (const m of this.view.matchAll(re)) {
      if (!isUpperCase(m[0])) return flat(m[0]);
    }
    return sentenceCase(upper);
  }

  // ── recipients ────────────────────────────────────────────────────────────────────────────

  private readRecipients(kinhGui: number) {
    const { view, lines } = this;
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
      const actors = readActors(text);
      if (actors.length <= 1) {
        const actor = actors[0];
        recipients.push({
          text: { value: flat(text), span: item },
          group: actor ? { value: actor.group, span: trimSpan(view, item.start + actor.start, item.start + actor.end) } : null,
        });
        if (!actor) this.skip(item.start, item.end);
      } else {
        for (const actor of actors) {
          const span = trimSpan(view, item.start + actor.start, item.start + actor.end);
          recipients.push({ text: { value: flat(view.slice(span.start, span.end)), span }, group: { value: actor.group, span } });
        }
      }
    }
    return { recipients, end: i };
  }

  // ── tail: Nơi nhận and the signature ──────────────────────────────────────────────────────

  private findLine(from: number, test: (line: Line) => boolean): number | null {
    for (let i = from; i < this.lines.length; i++) if (test(this.lines[i]!)) return i;
    return null;
  }

  private readCopies(start: number, end: number): Located<string>[] {
    const { view, lines } = this;
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

  private readSigner(start: number, end: number) {
    const { view, lines } = this;
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
      if (!mark) this.skip(line.start, line.end);
    });
    return { capacity, name };
  }

  // ── body ──────────────────────────────────────────────────────────────────────────────────

  private paragraphs(start: number, end: number): Paragraph[] {
    const { view, lines } = this;
    const out: Paragraph[] = [];
    let previous: Line | null = null;
    for (let i = start; i < end; i++) {
      const line = lines[i]!;
      if (isBlank(line)) {
        previous = null;
        continue;
      }
      const bullet = BULLET_RE.exec(line.text);
      const last = out.at(-1);
      // A hard-wrapped line continues the paragraph above it.
      if (!bullet && previous && last && !/[.:;!?]\s*$/.test(previous.text)) {
        out[out.length - 1] = { ...last, end: line.end };
        previous = line;
        continue;
      }
      if (bullet) {
        const kind = bulletKind(bullet);
        out.push({ start: line.start, end: line.end, bullet: { kind, indent: bullet[1]!.length }, contentStart: line.start + bullet[0].length });
      } else {
        const content = trimSpan(view, line.start, line.end);
        out.push({ start: content.start, end: line.end, bullet: null, contentStart: content.start });
      }
      previous = line;
    }
    return out;
  }

  private readBody(start: number, end: number, addressees: readonly Assignee[]) {
    const { view } = this;
    const paragraphs = this.paragraphs(start, end);
    const blocks: TaskBlock[] = [];
    const prose: Paragraph[] = [];
    let stack: { kind: BulletKind; indent: number }[] = [];
    let current: TaskBlock | null = null;
    let leadIn: Paragraph | null = null;
    for (const p of paragraphs) {
      if (!p.bullet) {
        prose.push(p);
        stack = [];
        current = null;
        leadIn = p;
        continue;
      }
      const level = nestLevel(stack, p.bullet);
      if (level === 1 || !current) {
        current = { parent: p, subs: [], leadIn };
        blocks.push(current);
      } else {
        current.subs.push(p);
      }
    }

    // General addressees of a list: the actors its lead-in asks to act, else every recipient.
    const leadInActors = new Map<Paragraph, Assignee[]>();
    const usedLeadIns = new Set<Paragraph>();
    for (const block of blocks) {
      if (!block.leadIn || leadInActors.has(block.leadIn)) continue;
      const p = block.leadIn;
      const actors = this.actorsAfterLeadVerb(p.contentStart, p.end);
      leadInActors.set(p, actors);
      if (actors.length > 0 || /(?:sau|dưới\s+đây)\s*:\s*$/iu.test(view.slice(p.start, p.end))) usedLeadIns.add(p);
    }

    const leadInStarts = new Set([...usedLeadIns].map((p) => p.contentStart));

    const tasks: { task: DraftTask; spans: DraftSpans['tasks'][number]; assignees: Assignee[] }[] = [];
    const segments: { start: number; end: number; owers: Assignee[]; prose: boolean }[] = [];
    for (const block of blocks) {
      const last = block.subs.at(-1) ?? block.parent;
      const textSpan = trimSpan(view, block.parent.contentStart, last.end);
      const own = this.actorsAt(block.parent.contentStart, block.parent.end);
      const subActors = block.subs.map((s) => this.actorsAt(s.contentStart, s.end));
      let assignees = own;
      if (assignees.length === 0) assignees = dedupe(subActors.flat());
      if (assignees.length === 0) {
        const fromLeadIn = block.leadIn ? leadInActors.get(block.leadIn) ?? [] : [];
        assignees = fromLeadIn.length > 0 ? fromLeadIn : [...addressees];
      }
      const subSpans = block.subs.map((s) => trimSpan(view, s.contentStart, s.end));
      tasks.push({
        task: {
          text: flat(view.slice(textSpan.start, textSpan.end)),
          assignees: assignees.map((a) => a.group),
          subItems: subSpans.map((s) => flat(view.slice(s.start, s.end))),
        },
        spans: { text: textSpan, assignees: assignees.map((a) => a.span), subItems: subSpans },
        assignees,
      });
      segments.push({ start: block.parent.contentStart, end: block.parent.end, owers: assignees, prose: false });
      block.subs.forEach((s, k) => {
        const mine = subActors[k]!;
        segments.push({ start: s.contentStart, end: s.end, owers: mine.length > 0 ? mine : assignees, prose: false });
      });
    }
    for (const p of prose) segments.push({ start: p.contentStart, end: p.end, owers: [], prose: true });
    segments.sort((a, b) => a.start - b.start);

    const targets: { target: DraftTarget; spans: DraftSpans['targets'][number] }[] = [];
    const deadlines: { deadline: DraftDeadline; spans: DraftSpans['deadlines'][number] }[] = [];
    let coordinator: { located: Located<string>; strong: boolean } | null = null;

    for (const segment of segments) {
      let segEnd = segment.end;
      const endMark = endMarkAt(view.slice(segment.start, segment.end));
      if (endMark !== null) segEnd = segment.start + endMark;
      const isLeadIn = leadInStarts.has(segment.start);
      const unused: Span[] = [];
      for (const sentence of sentences(view, segment.start, segEnd)) {
        let used = isLeadIn || !segment.prose;
        const read = { deadlines: deadlines.length, targets: targets.length };
        /** Starts of the dues a target took. */
        const consumed = new Set<number>();
        for (const clause of clauses(view, sentence)) {
          const dues = this.dues(clause);
          for (const found of this.targetsIn(clause, dues)) {
            targets.push(found);
            if (found.due) consumed.add(found.due.start);
            used = true;
          }
          // Every deadline of a clause has the clause's text and owers: found once, not once per date.
          let clauseRead: { text: Span; value: string; owers: Assignee[] } | null = null;
          for (const due of dues) {
            if (!due.deadline || consumed.has(due.start)) continue;
            if (!clauseRead) {
              const text = trimSpan(view, clause.start, clause.end);
              clauseRead = { text, value: flat(view.slice(text.start, text.end)), owers: this.owersOf(clause, sentence, segment) };
            }
            const { text, value, owers } = clauseRead;
            deadlines.push({
              deadline: { text: value, due: due.iso, owers: owers.map((o) => o.group) },
              spans: { text, due: { start: due.start, end: due.end }, owers: owers.map((o) => o.span) },
            });
            used = true;
          }
        }
        // A dispatch without bullets gives its instructions in sentences: "Giao Sở Y tế …", "Đề nghị UBND các huyện …".
        if (blocks.length === 0 && segment.prose && !isLeadIn) {
          const actors = this.actorsAt(sentence.start, sentence.end);
          const assignees = actors.length > 0 ? actors : this.actorsAfterLeadVerb(sentence.start, sentence.end);
          if (assignees.length > 0) {
            tasks.push({
              task: { text: flat(view.slice(sentence.start, sentence.end)), assignees: assignees.map((a) => a.group), subItems: [] },
              spans: { text: sentence, assignees: assignees.map((a) => a.span), subItems: [] },
              assignees,
            });
            used = true;
          }
        }
        if (MONITOR_RE.test(view.slice(sentence.start, sentence.end)) && !coordinator?.strong) {
          const found = this.coordinatorIn(sentence, segment);
          if (found && (!coordinator || found.strong)) coordinator = found;
          if (found) used = true;
        }
        if (!used) unused.push(sentence);
        else {
          // Only what this sentence read can overlap it: earlier sentences lie before it.
          const readDues = [...deadlines.slice(read.deadlines).map((d) => d.spans.due), ...targets.slice(read.targets).flatMap((t) => (t.spans.due ? [t.spans.due] : []))];
          for (const phrase of this.unreadDueDates(sentence, readDues)) this.skip(phrase.start, phrase.end);
        }
      }
      // Sentences nothing was read from, merged when they follow each other.
      let run: Span | null = null;
      for (const s of unused) {
        if (run && /^\s*$/.test(view.slice(run.end, s.start))) run = { start: run.start, end: s.end };
        else {
          if (run) this.skip(run.start, run.end);
          run = s;
        }
      }
      if (run) this.skip(run.start, run.end);
    }

    return {
      tasks,
      targets,
      deadlines,
      coordinator: coordinator?.located ?? null,
    };
  }

  /** Actors at the start of a range, after "Giao"/"Đề nghị"/"Yêu cầu". */
  private actorsAt(start: number, end: number): Assignee[] {
    const text = this.view.slice(start, end);
    const skipped = text.length - text.trimStart().length;
    const lead = LEAD_WORDS.exec(text.slice(skipped));
    const from = start + skipped + (lead ? lead[0].length : 0);
    const actors = readActors(this.view.slice(from, end));
    // "Ủy ban nhân dân tỉnh giao Sở Y tế …": the one who speaks is not the one who acts.
    const after = actors.length > 0 ? from + actors.at(-1)!.end : from;
    const speaks = /^\s*(?:giao(?:\s+cho)?|yêu\s+cầu|đề\s+nghị)\s+/iu.exec(this.view.slice(after, end));
    if (actors.length === 1 && speaks && this.isIssuer(actors[0]!.group)) {
      const next = after + speaks[0].length;
      return this.located(readActors(this.view.slice(next, end)), next);
    }
    return this.located(actors, from);
  }

  /** The issuing body itself ("UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh", "Bộ Y tế" issuing): it gives tasks, it does not take them. */
  private isIssuer(group: IntakeGroup): boolean {
    if (group.type !== 'named') return false;
    const name = flat(group.name).toLowerCase();
    if (/^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(?:tỉnh|huyện|quận|thị xã|thành phố|xã|phường|thị trấn|đặc khu)$/u.test(name)) return true;
    const issuer = this.issuer?.toLowerCase().replace(/^ubnd /u, 'ủy ban nhân dân ');
    return issuer !== undefined && (issuer === name || issuer === name.replace(/^ubnd /u, 'ủy ban nhân dân '));
  }

  /** Actors after the first "yêu cầu"/"đề nghị"/"giao" in a range that is followed by any. */
  private actorsAfterLeadVerb(start: number, end: number): Assignee[] {
    const text = this.view.slice(start, end);
    for (const m of text.matchAll(LEAD_IN_VERB_RE)) {
      const from = start + m.index + m[0].length;
      const actors = this.located(readActors(this.view.slice(from, end)), from);
      if (actors.length > 0) return actors;
    }
    return [];
  }

  private located(actors: Actor[], offset: number): Assignee[] {
    return dedupe(actors.map((a) => ({ group: a.group, span: trimSpan(this.view, offset + a.start, offset + a.end) })));
  }

  private owersOf(clause: Span, sentence: Span, segment: { start: number; owers: Assignee[]; prose: boolean }): Assignee[] {
    for (const range of [clause, sentence]) {
      const found = this.actorsIn(range);
      if (found.length > 0) return found;
    }
    return segment.owers;
  }

  /** Actors at the start of a range, else after its first lead verb. Kept: every clause with a deadline asks about its sentence. */
  private actorsIn(range: Span): Assignee[] {
    const key = `${range.start}:${range.end}`;
    let found = this.actorsInRange.get(key);
    if (!found) {
      found = this.actorsAt(range.start, range.end);
      if (found.length === 0) found = this.actorsAfterLeadVerb(range.start, range.end);
      this.actorsInRange.set(key, found);
    }
    return found;
  }

  private coordinatorIn(sentence: Span, segment: { start: number; owers: Assignee[] }) {
    const { view } = this;
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
    const atStart = sentence.start === segment.start ? segment.owers : this.actorsAt(sentence.start, sentence.end);
    const own = atStart.length === 1 ? atStart[0]! : null;
    if (own && own.group.type === 'named') return { located: { value: own.group.name, span: own.span }, strong: false };
    return null;
  }

  // ── dates, deadlines and targets ──────────────────────────────────────────────────────────

  private dues(clause: Span): Due[] {
    const { view } = this;
    const text = view.slice(clause.start, clause.end);
    const out: Due[] = [];
    let verbEnds: number[] | null = null;
    for (const d of findDates(text, this.year)) {
      const before = text.slice(Math.max(0, d.start - 40), d.start);
      const kw = DUE_KEYWORD_RE.exec(before);
      if (!kw) continue;
      const keyword = flat(kw[1]!);
      const keywordAt = d.start - (before.length - kw.index);
      verbEnds ??= [...text.matchAll(SUBMIT_VERB_RE)].map((m) => m.index + m[0].length);
      const deadline = DEADLINE_KEYWORD_RE.test(keyword) || submitsBefore(text, verbEnds, keywordAt);
      out.push({ start: clause.start + keywordAt, end: clause.start + d.end, iso: d.iso, deadline });
    }
    return out;
  }

  /** "trước ngày 05 hằng tháng" and other due phrases no date was read from (`read`: the dues that were): listed, not dropped. */
  private unreadDueDates(sentence: Span, read: readonly Span[]): Span[] {
    const text = this.view.slice(sentence.start, sentence.end);
    // Dues do not overlap one another, so in order of position one pass over them serves every phrase.
    const dues = [...read].sort((a, b) => a.start - b.start);
    let next = 0;
    const out: Span[] = [];
    for (const m of text.matchAll(UNREAD_DUE_RE)) {
      const start = sentence.start + m.index;
      const end = start + m[0].length;
      while (next < dues.length && dues[next]!.end <= start) next++;
      if (!(next < dues.length && dues[next]!.start < end)) out.push(trimSpan(this.view, start, end));
    }
    return out;
  }

  private targetsIn(clause: Span, dues: readonly Due[]) {
    const { view } = this;
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
        target: { text: (textOf ??= flatWithin(view, clause.start, clause.end))(span), value, unit: percent ? 'percent' : 'count', due: due?.iso ?? null },
        spans: { text: span, value: trimSpan(view, numberAt, valueEnd), due: due ? { start: due.start, end: due.end } : null },
        due: due ? { start: due.start, end: due.end } : null,
      });
    }
    return out;
  }

  private skip(start: number, end: number): void {
    const span = trimSpan(this.view, start, end);
    if (span.end <= span.start) return;
    this.unrecognized.push({ text: flat(this.view.slice(span.start, span.end)), span });
  }
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

function urgencyOf(word: string): Urgency {
  const w = flat(word).toLowerCase();
  if (w.startsWith('h')) return 'Hỏa tốc';
  if (w.startsWith('th')) return 'Thượng khẩn';
  return 'Khẩn';
}

function isCapacityLine(text: string): boolean {
  const t = flat(text);
  if (!isUpperCase(t) || t.length > 60) return false;
  return CAPACITY_PREFIX_RE.test(t) ? /\p{Lu}{2}/u.test(t.replace(CAPACITY_PREFIX_RE, '')) : CAPACITY_TITLES.test(t);
}

function sentenceCase(text: string): string {
  const lower = text.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

function titleCase(text: string): string {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * The place and date of "Kiên Giang, ngày 19 tháng 8 năm 2020" in a line: the place runs from a
 * capital letter to a comma, the date part from "ngày" to the end of the line. Offsets into `line`.
 * A scan from comma to comma: the regex it replaces tried every capital against the rest of the line.
 */
function placeAndDate(line: string): { place: Span; dateAt: number } | null {
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

const isSpace = (c: string) => /\s/.test(c);

/**
 * Where the end mark of a paragraph ("/.", "./.", "/. VP") starts, spaces before it included;
 * null when the paragraph does not end with one. Read back from the last "/": a regex for it
 * tried every run of spaces against the rest of the paragraph.
 */
function endMarkAt(text: string): number | null {
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

function firstYear(text: string): number | null {
  const m = /(?<!\d)(19\d{2}|20\d{2})(?!\d)/.exec(text);
  return m ? Number(m[1]) : null;
}

function dedupe(list: readonly Assignee[]): Assignee[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = groupKey(a.group);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function bulletKind(m: RegExpExecArray): BulletKind {
  if (m[2] !== undefined) return 'dash';
  if (m[3] !== undefined) return m[3] === '+' ? 'plus' : 'dot';
  if (m[4] !== undefined) return 'star';
  if (m[5] !== undefined) return 'numnum';
  if (m[6] !== undefined) return 'num';
  if (m[7] !== undefined || m[8] !== undefined) return 'alpha';
  return 'roman';
}

/**
 * Nesting of a bullet from the kinds of marker seen so far in the list: a new kind of marker goes
 * one level down, a kind seen before goes back to its level; deeper indentation also goes down.
 */
function nestLevel(stack: { kind: BulletKind; indent: number }[], bullet: { kind: BulletKind; indent: number }): number {
  const at = stack.findIndex((s) => s.kind === bullet.kind && Math.abs(s.indent - bullet.indent) <= 1);
  if (at !== -1) {
    stack.length = at + 1;
    return at + 1;
  }
  while (stack.length > 0 && stack.at(-1)!.indent > bullet.indent + 1) stack.pop();
  stack.push(bullet);
  return stack.length;
}

const ABBREVIATION_RE = /(?:^|[\s(])(?:\p{Lu}[\p{L}]{0,2}|Tp|TP|TT|KT|TM|ThS|TS|PGS|GS|v\.v)$/u;
/**
 * How far back from a stop to look for an abbreviation: one with the space before it takes at most
 * 7 code units (three letters of up to two units each), and with 8 the `^` above cannot match at the cut.
 */
const ABBREVIATION_REACH = 8;

/** Sentences of a range: split after ".", "!", "?" before a capital, "/" or the end. */
function sentences(view: string, start: number, end: number): Span[] {
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
function clauses(view: string, sentence: Span): Span[] {
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
