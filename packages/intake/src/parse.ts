import { IntakeError } from './errors';
import { readHeader, firstYear } from './parse/header';
import { readRecipients } from './parse/recipients';
import { Doc, KINH_GUI_RE, NOI_NHAN_RE, dedupe, type Assignee, type Located } from './parse/shared';
import { isCapacityLine, readCopies, readSigner } from './parse/signature';
import { readProgressSchedule } from './parse/periodic';
import { readBody } from './parse/tasks';
import type { DispatchDraft, DraftRecipient, DraftSpans, IntakeGroup, Span } from './types';
import { blankMarkup, sourceText, splitLines } from './view';

/**
 * Reads the text of a công văn (Nghị định 30/2020/NĐ-CP form) into a directive draft. Pure: no I/O,
 * no clock. Spans are offsets into `input.normalize('NFC')`. Throws `IntakeError('NOT_A_DISPATCH')`
 * when the text has neither a "Số: …" reference nor a "Kính gửi" line.
 */
export function parseDispatch(input: string): DispatchDraft {
  const source = sourceText(input);
  const view = blankMarkup(source);
  const lines = splitLines(view);
  const doc = new Doc(view, lines);
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
  if (!header.reference && kinhGui === -1) {
    throw new IntakeError(
      'NOT_A_DISPATCH',
      'This does not read as an official dispatch (công văn): it has neither a "Số: …/…" reference nor a "Kính gửi" line.',
    );
  }

  const noiNhan = doc.findLine(bodyStart, (l) => NOI_NHAN_RE.test(l.text));
  const signature = doc.findLine(bodyStart, (l) => isCapacityLine(l.text));
  const bodyEnd = Math.min(noiNhan ?? lines.length, signature ?? lines.length);
  const copies = noiNhan === null ? [] : readCopies(doc, noiNhan, signature !== null && signature > noiNhan ? signature : lines.length);
  const signer =
    signature === null ? null : readSigner(doc, signature, noiNhan !== null && noiNhan > signature ? noiNhan : lines.length);

  const addressees: Assignee[] = dedupe(recipients.flatMap((r) => (r.group ? [{ group: r.group.value, span: r.group.span }] : [])));
  const body = readBody(doc, bodyStart, bodyEnd, addressees);

  const progress = readProgressSchedule(doc, bodyStart, bodyEnd);
  // The sentence the schedule came from was read, even where nothing else was taken from it.
  const read = (u: { span: Span }) => progress !== null && u.span.start >= progress.span.start && u.span.end <= progress.span.end;
  const unrecognized = doc.unrecognized.filter((u) => !read(u)).sort((a, b) => a.span.start - b.span.start);
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
    progressReports: progress?.span ?? null,
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
    progressReports: progress?.value ?? null,
    unrecognized,
    spans,
  };
}
