import { IntakeError } from './errors';
import { readHeader, firstYear } from './parse/header';
import { readRecipients } from './parse/recipients';
import { Doc, KINH_GUI_RE, NOI_NHAN_RE, dedupe, type Assignee, type Located } from './parse/shared';
import { isCapacityLine, readCopies, readSigner } from './parse/signature';
import { readProgressSchedule } from './parse/periodic';
import { readBasis } from './parse/basis';
import { readBody } from './parse/tasks';
import { readTables } from './parse/tables';
import { blankFurniture } from './parse/furniture';
import type { DispatchDraft, DraftRecipient, DraftSpans, IntakeGroup, ParseOptions, Span } from './types';
import { blankMarkup, flat, isUpperCase, sourceText, splitLines } from './view';

/**
 * Reads the text of a document that assigns tasks (Nghị định 30/2020/NĐ-CP forms: công văn, chỉ thị,
 * kế hoạch, thông báo kết luận, quyết định, công điện), as written or as copied from a web page, into
 * a directive draft. Pure: no I/O, no clock. Spans are offsets into `input.normalize('NFC')`. Throws
 * `IntakeError('NOT_A_DISPATCH')` when the text has no "Số: …" reference, no "Kính gửi" line, no
 * document name ("CHỈ THỊ") and no numbered task given to a unit: then it is no such document.
 */
export function parseDispatch(input: string, options: ParseOptions = {}): DispatchDraft {
  const source = sourceText(input);
  const view = blankFurniture(blankMarkup(source));
  const lines = splitLines(view);
  const doc = new Doc(view, lines, source);
  doc.beforeDate = options.beforeDate ?? 'inclusive';
  return readDispatch(doc);
}

function readDispatch(doc: Doc): DispatchDraft {
  const { view, lines } = doc;
  const kinhGui = lines.findIndex((l) => KINH_GUI_RE.test(l.text));
  const header = readHeader(doc, kinhGui === -1 ? null : kinhGui);
  doc.issuer = header.issuer?.value ?? null;
  doc.year = header.date ? Number(header.date.value.slice(0, 4)) : firstYear(view);

  let bodyStart = header.end;
  let recipients: { text: Located<string>; group: Located<IntakeGroup> | null }[] = [];
  if (kinhGui !== -1) {
    const read = readRecipients(doc, kinhGui);
    recipients = read.recipients;
    bodyStart = read.end;
  }

  // A phụ lục after the signature is the document's too, but neither its signature nor its copies.
  const annex = doc.findLine(bodyStart, (l) => ANNEX_RE.test(l.text.trim()));
  const end = annex ?? lines.length;
  const tables = readTables(doc, bodyStart, lines.length);
  doc.tableLines = tables.lines;
  const noiNhan = doc.findLine(bodyStart, (l) => NOI_NHAN_RE.test(l.text));
  const signature = doc.findLine(bodyStart, (l) => isCapacityLine(l.text));
  const bodyEnd = Math.min(noiNhan ?? end, signature ?? end, end);
  const copies = noiNhan === null || noiNhan >= end ? [] : readCopies(doc, noiNhan, signature !== null && signature > noiNhan ? signature : end);
  const signer =
    signature === null || signature >= end ? null : readSigner(doc, signature, noiNhan !== null && noiNhan > signature ? noiNhan : end);
  if (annex !== null) readAnnex(doc, annex);

  const addressees: Assignee[] = dedupe(recipients.flatMap((r) => (r.group ? [{ group: r.group.value, span: r.group.span }] : [])));
  const body = readBody(doc, bodyStart, bodyEnd, addressees, kinhGui !== -1);
  // A text with none of a document's marks is read as one only if it gives a unit a numbered task.
  if (!header.reference && kinhGui === -1 && !header.kind && !body.tasks.some((t) => t.assignees.length > 0)) {
    throw new IntakeError(
      'NOT_A_DISPATCH',
      'This does not read as an official document (công văn, chỉ thị, kế hoạch, thông báo, quyết định, công điện): it has no "Số: …/…" reference, no "Kính gửi" line, no document name such as "CHỈ THỊ", and no task given to a unit.',
    );
  }

  if (kinhGui === -1) {
    // A chỉ thị, kế hoạch, thông báo or quyết định has no "Kính gửi": it is sent to the units it gives
    // tasks to, each proposed as a recipient by the words that name it in its first task.
    recipients = dedupe(body.tasks.flatMap((t) => t.assignees)).map((a) => ({
      text: { value: flat(view.slice(a.span.start, a.span.end)), span: a.span },
      group: { value: a.group, span: a.span },
    }));
  }
  const progress = readProgressSchedule(doc, bodyStart, bodyEnd);
  const basis = readBasis(doc, lines[bodyStart]?.start ?? view.length, lines[bodyEnd]?.start ?? view.length);
  // The targets of a table are due when the text says its targets are ("Các chỉ tiêu phải hoàn thành trước ngày …").
  // The deadlines of one clause share its text: each clause is searched once, not once per deadline.
  let tableDue: string | null = null;
  if (tables.targets.length > 0) {
    const searched = new Set<number>();
    for (const d of body.deadlines) {
      if (searched.has(d.spans.text.start)) continue;
      searched.add(d.spans.text.start);
      if (TARGETS_WORD_RE.test(d.deadline.text)) {
        tableDue = d.deadline.due;
        break;
      }
    }
  }
  // The sentence the schedule came from was read, even where nothing else was taken from it.
  const read = (u: { span: Span }) => progress !== null && u.span.start >= progress.span.start && u.span.end <= progress.span.end;
  const unrecognized = doc.unrecognized.filter((u) => !read(u)).sort((a, b) => a.span.start - b.span.start);
  const spans: DraftSpans = {
    kind: header.kind?.span ?? null,
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
    progressReports: progress?.span ?? null,
    unitTargets: tables.targets.map((t) => t.spans),
    basis: basis.map((b) => b.span),
  };
  return {
    kind: header.kind?.value ?? 'cong_van',
    reference: header.reference?.value ?? null,
    issuer: header.issuer?.value ?? null,
    place: header.place?.value ?? null,
    date: header.date?.value ?? null,
    subject: header.subject?.value ?? null,
    urgency: header.urgency?.value ?? null,
    recipients: recipients.map((r): DraftRecipient => ({ text: r.text.value, group: r.group?.value ?? null })),
    tasks: body.tasks.map((t) => t.task),
    targets: body.targets.map((t) => t.target),
    unitTargets: tables.targets.map((t) => ({ ...t.target, due: tableDue === null ? null : tableDue.slice(0, 10) })),
    deadlines: body.deadlines.map((d) => d.deadline),
    beforeDate: doc.beforeDate,
    coordinator: body.coordinator?.value ?? null,
    signer: signer ? { capacity: signer.capacity?.value ?? null, name: signer.name?.value ?? null } : null,
    copiesTo: copies.map((c) => c.value),
    progressReports: progress?.value ?? null,
    basis: basis.map((b) => b.value),
    unrecognized,
    spans,
  };
}

/** "PHỤ LỤC", "PHỤ LỤC I", "Phụ lục số 02": the heading of an annex, alone on its line. */
// Tried on the trimmed line, so that no run of spaces has two patterns to go to.
const ANNEX_RE = /^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:SỐ\s+|số\s+)?[IVX\d]{1,4})?:?$/u;
const TARGETS_WORD_RE = /chỉ\s+tiêu/iu;

/**
 * The annex beside its tables: its title and "(Kèm theo Quyết định số …)" above the first table
 * name it and are passed over; any other line (a note under a table) is listed as unread.
 */
function readAnnex(doc: Doc, annex: number): void {
  let heading = true;
  for (let i = annex + 1; i < doc.lines.length; i++) {
    const line = doc.lines[i]!;
    if (doc.tableLines.has(i)) {
      heading = false;
      continue;
    }
    const text = line.text.trim();
    if (text === '' || (heading && (isUpperCase(text) || /^\(\s*Kèm\s+theo/iu.test(text)))) continue;
    doc.skip(line.start, line.end);
  }
}
