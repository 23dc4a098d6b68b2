import type { DocumentKind, ProgressSchedule, RecipientGroup, TaskDue } from '@chidao/domain';

/**
 * Half-open range [start, end) of UTF-16 code units in the NFC form of the input
 * (`text.normalize('NFC')`, see `sourceText`): `source.slice(start, end)` is the text a field came from.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Who a recipient line or a task addresses. The domain's `RecipientGroup` where the dispatch means a
 * group of the hierarchy, plus two variants that only intake needs:
 * - `named`: one unit by the name the dispatch gives it ("Sở Thông tin và Truyền thông"), to resolve
 *   against the unit tree later. `each` is set when the dispatch means that unit in every unit of a
 *   level ("Sở Thông tin và Truyền thông các tỉnh, thành phố trực thuộc Trung ương" → each: 'province').
 * - `businesses`: the businesses and production/trading establishments in the issuer's area. They are
 *   not units of the tree; the seed stands them in by the provincial business association.
 */
export type IntakeGroup =
  | RecipientGroup
  | { readonly type: 'named'; readonly name: string; readonly each?: string }
  | { readonly type: 'businesses' };

export type Urgency = 'Khẩn' | 'Thượng khẩn' | 'Hỏa tốc';

export interface DraftRecipient {
  /** The line as written, Markdown markers removed and whitespace collapsed. */
  readonly text: string;
  /** null when the line names nobody the parser knows; the line is then also in `unrecognized`. */
  readonly group: IntakeGroup | null;
}

export interface DraftTask {
  /** The bullet without its marker, sub-items included, whitespace collapsed to single spaces. */
  readonly text: string;
  readonly assignees: readonly IntakeGroup[];
  /** Nested items ("a)", "+", …) of this bullet, each without its marker. */
  readonly subItems: readonly string[];
  /**
   * The task's own deadline when the bullet gives one ("hoàn thành trước ngày 25/8/2020", "trong 05 ngày
   * làm việc", "Thời gian thực hiện: thường xuyên"); absent: due with the report.
   */
  readonly due?: TaskDue;
}

export interface DraftTarget {
  readonly text: string;
  /** 60 for "60%". */
  readonly value: number;
  readonly unit: 'percent' | 'count';
  /** ISO date, or date-time with +07:00 when a time of day is given; null when the text gives none. */
  readonly due: string | null;
  /** Written "trước ngày X": see DraftDeadline's `before`. */
  readonly before?: true;
}

export interface DraftDeadline {
  /** The clause that states what is due. */
  readonly text: string;
  readonly due: string;
  /**
   * Set when the text wrote "trước ngày X": `due` is then X itself (inclusive, the default) or the
   * day before X (exclusive), as the draft's `beforeDate` says. Absent for every other wording.
   */
  readonly before?: true;
  /** Who owes it when the text says so; empty means every recipient. */
  readonly owers: readonly IntakeGroup[];
}

/**
 * One cell of a table of targets per unit (a phụ lục "Chỉ tiêu giao cho các huyện, thành phố"): the
 * unit of its row, the indicator of its column, the figure.
 */
export interface DraftUnitTarget {
  /** The unit as the row names it ("Huyện Châu Thành"). */
  readonly unitName: string;
  /** The unit to resolve against the unit tree: always a name. */
  readonly group: IntakeGroup;
  /** The column's heading, without its "(%)" ("Tỷ lệ hồ sơ xử lý trực tuyến"). */
  readonly indicator: string;
  readonly value: number;
  readonly unit: 'percent' | 'count';
  /** The date the text sets for the targets ("Các chỉ tiêu phải hoàn thành trước ngày …"); null when none. */
  readonly due: string | null;
}

/**
 * How "trước ngày X" ("before X") is read: `inclusive`, by the end of X (the default: provinces'
 * rules on task deadlines count the named day in, as the domain does for every date), or
 * `exclusive`, by the end of the day before X, the literal reading some provinces prescribe.
 */
export type BeforeDateReading = 'inclusive' | 'exclusive';

export interface ParseOptions {
  readonly beforeDate?: BeforeDateReading;
}

export interface DraftSigner {
  /** "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": the capacity lines joined by " / ". */
  readonly capacity: string | null;
  readonly name: string | null;
}

export interface Unrecognized {
  readonly text: string;
  readonly span: Span;
}

/** Where each proposed field came from, parallel to the draft's own keys. */
export interface DraftSpans {
  /** The document's name ("CHỈ THỊ") or, without one, the abbreviation in its reference; null for a công văn that names itself nowhere. */
  readonly kind: Span | null;
  readonly reference: Span | null;
  readonly issuer: Span | null;
  readonly place: Span | null;
  readonly date: Span | null;
  readonly subject: Span | null;
  readonly urgency: Span | null;
  readonly recipients: readonly { readonly text: Span; readonly group: Span | null }[];
  readonly tasks: readonly { readonly text: Span; readonly assignees: readonly Span[]; readonly subItems: readonly Span[] }[];
  readonly targets: readonly { readonly text: Span; readonly value: Span; readonly due: Span | null }[];
  readonly deadlines: readonly { readonly text: Span; readonly due: Span; readonly owers: readonly Span[] }[];
  readonly coordinator: Span | null;
  readonly signer: { readonly capacity: Span | null; readonly name: Span | null } | null;
  readonly copiesTo: readonly Span[];
  /** The sentence the periodic reports were read from. */
  readonly progressReports: Span | null;
  /** Each cell: the row's unit and the figure. */
  readonly unitTargets: readonly { readonly unitName: Span; readonly value: Span }[];
  /** Each cited document, from its name to its issuer. */
  readonly basis: readonly Span[];
}

/** A document cited as the one carried out or rested on. */
export interface DraftBasis {
  /** Its name as written, in sentence case: "Công văn", "Nghị định". */
  readonly name: string;
  /** Its kind when it is a kind of document that carries tasks; null for a law, decree, resolution or circular. */
  readonly kind: DocumentKind | null;
  /** "2841/BTTTT-THH", as written. */
  readonly reference: string;
  /** ISO date, when written after the number. */
  readonly date: string | null;
  /** "Bộ Thông tin và Truyền thông", when written after "của". */
  readonly issuer: string | null;
}

export interface DispatchDraft {
  /** The kind of document: its name in the header ("CHỈ THỊ"), else its reference's abbreviation, else a công văn. */
  readonly kind: DocumentKind;
  /** "1119/UBND-KGVX". */
  readonly reference: string | null;
  /** "UBND tỉnh Kiên Giang". */
  readonly issuer: string | null;
  readonly place: string | null;
  /** ISO date of issue. */
  readonly date: string | null;
  /** The "V/v" line(s), joined. */
  readonly subject: string | null;
  readonly urgency: Urgency | null;
  readonly recipients: readonly DraftRecipient[];
  readonly tasks: readonly DraftTask[];
  readonly targets: readonly DraftTarget[];
  /** Targets per unit from tables ("Phụ lục: chỉ tiêu giao cho các huyện"), one per cell. */
  readonly unitTargets: readonly DraftUnitTarget[];
  readonly deadlines: readonly DraftDeadline[];
  /** How this draft read "trước ngày X" (see BeforeDateReading). */
  readonly beforeDate: BeforeDateReading;
  /** Name of the unit told to monitor and compile results, as written. */
  readonly coordinator: string | null;
  /** null when the text has no signature block. */
  readonly signer: DraftSigner | null;
  readonly copiesTo: readonly string[];
  /**
   * Periodic reports by the calendar the body asks for ("báo cáo … trước ngày 05 hằng tháng",
   * "… cho đến khi có chỉ đạo khác"); null when it asks for none.
   */
  readonly progressReports: ProgressSchedule | null;
  /**
   * The documents it carries out or rests on, as its preamble cites them ("Thực hiện Công văn số
   * 2841/BTTTT-THH ngày 01/8/2020 của Bộ Thông tin và Truyền thông"), in reading order.
   */
  readonly basis: readonly DraftBasis[];
  /** Lines and sentences from which nothing was proposed, in reading order. */
  readonly unrecognized: readonly Unrecognized[];
  readonly spans: DraftSpans;
  /**
   * Where the text came from when it was read out of a PDF or an image: each line's page and place,
   * and whether OCR read it (with its confidence). Absent for a pasted text, a .txt or a .docx.
   */
  readonly layout?: DocumentLayout;
  /**
   * The envelope of the edXML package (QCVN 102:2016/BTTTT) the text came in, with where its header
   * and the text disagree. Absent for anything else.
   */
  readonly exchange?: EdxmlExchange;
}

/** An organisation in an edXML header: its identifier (mã định danh) and name. */
export interface EdxmlParty {
  readonly organId: string | null;
  readonly organName: string | null;
}

/** One attachment of a package, described (its bytes are not kept). */
export interface EdxmlAttachment {
  readonly contentId: string | null;
  readonly name: string | null;
  readonly contentType: string | null;
  readonly description: string | null;
  /** Decoded size. */
  readonly bytes: number;
  /** The attachment the text was read from. */
  readonly body: boolean;
}

/** A header field the draft takes part in, as the header gives it. */
export type EdxmlField = 'reference' | 'date' | 'issuer' | 'place' | 'subject' | 'kind' | 'urgency' | 'signer';

/** A header field that says otherwise than the text: the draft keeps the text's, and says so. */
export interface EdxmlWarning {
  readonly field: EdxmlField;
  readonly header: string;
  readonly text: string;
}

export interface EdxmlExchange {
  readonly standard: 'QCVN 102:2016/BTTTT';
  readonly documentId: string | null;
  readonly from: EdxmlParty | null;
  readonly to: readonly EdxmlParty[];
  /** CodeNumber/CodeNotation: "1119/UBND-KGVX". */
  readonly reference: string | null;
  readonly place: string | null;
  /** PromulgationDate, ISO. */
  readonly date: string | null;
  /** DocumentType's TypeName ("Công văn"), else its Type code. */
  readonly documentType: string | null;
  readonly subject: string | null;
  readonly signer: { readonly competence: string | null; readonly position: string | null; readonly fullName: string | null } | null;
  /** DueDate, ISO. */
  readonly dueDate: string | null;
  /** OtherInfo's Priority read as the urgency it codes (0 none … 3–4 Hỏa tốc); null when absent or 0. */
  readonly urgency: Urgency | null;
  readonly steeringType: string | null;
  readonly toPlaces: readonly string[];
  /** TraceHeaderList: the systems the package went through, with their time stamps as written. */
  readonly traces: readonly { readonly organId: string | null; readonly timestamp: string | null }[];
  /** A Signature element is present. It is not verified. */
  readonly signed: boolean;
  /** Where the text came from: an attachment (.txt or .docx) or the header's Content. */
  readonly body: 'attachment' | 'content';
  readonly attachments: readonly EdxmlAttachment[];
  /** Fields the text did not give, taken from the header (their spans are null). */
  readonly filled: readonly EdxmlField[];
  readonly warnings: readonly EdxmlWarning[];
}

/** A rectangle on a page, in fractions of the page's width and height from its top left corner. */
export interface LayoutBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutPage {
  /** 1-based. */
  readonly number: number;
  /** 'text': the PDF's own text layer; 'ocr': read from the picture of the page. */
  readonly origin: 'text' | 'ocr';
  /** OCR's mean confidence over the page's words, 0–100; null for a text layer. */
  readonly confidence: number | null;
}

/** One line of the page as it became part of the text: `span` is where, in the text the draft's spans refer to. */
export interface LayoutLine {
  readonly span: Span;
  readonly page: number;
  readonly box: LayoutBox;
  /** OCR's mean confidence over the line's words, 0–100; null for a text layer. */
  readonly confidence: number | null;
}

export interface DocumentLayout {
  readonly kind: 'pdf' | 'image';
  readonly pages: readonly LayoutPage[];
  readonly lines: readonly LayoutLine[];
}
