// An edXML package (QCVN 102:2016/BTTTT, the format in which document-management systems exchange
// documents) read into the text of its document and the envelope around it. Runs in the intake pool.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { checkXml } from '../docx';
import { IntakeError } from '../errors';
import { boundedText, readDispatchBytes } from '../read';
import type { EdxmlAttachment, EdxmlExchange, EdxmlParty, Urgency } from '../types';

/** The bounds of one package. A real one is the header (a few KiB) and the document's files. */
export interface EdxmlLimits {
  /** The whole package, as uploaded. */
  readonly bytes: number;
  readonly depth: number;
  readonly elements: number;
  readonly attachments: number;
  /** One attachment, decoded. */
  readonly attachmentBytes: number;
}

export const EDXML_LIMITS: EdxmlLimits = { bytes: 2 * 1024 * 1024, depth: 32, elements: 5_000, attachments: 20, attachmentBytes: 1024 * 1024 };

export const EDXML_EXTENSIONS = ['.edxml', '.xml'] as const;
export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

/** What the reader takes from a package: the document's text, and the envelope (warnings are the draft's, see crosscheck.ts). */
export type EdxmlEnvelope = Omit<EdxmlExchange, 'filled' | 'warnings'>;

type Node = { readonly [key: string]: unknown };

// Elements that may repeat come as arrays; list() below takes one or many alike (Place is both PromulgationInfo's one and ToPlaces' many).
const REPEATED = new Set(['To', 'Reference', 'Attachment', 'AttachmentEncoded', 'TraceHeader']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  // The five XML entities and character references; a DTD never gets this far (checkXml).
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => REPEATED.has(name),
});

/**
 * The text of the document a package carries and its envelope: the text from its first .txt or .docx
 * attachment (AttachmentEncoded, base64), else from the header's Content. Bounded before anything is
 * parsed: the package's size, one linear pass for its nesting, its element count and any DTD (no
 * entity is ever expanded, no external file read), then the attachments' count and sizes.
 * UNSUPPORTED_FILE: not well-formed, not edXML, or no text of the document in it.
 */
export async function readEdxml(name: string, bytes: Uint8Array, limits: EdxmlLimits = EDXML_LIMITS): Promise<{ text: string; envelope: EdxmlEnvelope }> {
  if (bytes.byteLength > limits.bytes) throw new IntakeError('DOCUMENT_TOO_LARGE', `${name} is larger than ${limits.bytes / 1024 / 1024} MiB.`);
  checkXml(name, bytes, limits.depth, limits.elements);
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IntakeError('UNSUPPORTED_FILE', `${name} is not UTF-8: an edXML package is.`);
  }
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(xml)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) throw new IntakeError('UNSUPPORTED_FILE', `${name} declares ${declared}; an edXML package is UTF-8.`);
  if (XMLValidator.validate(xml) !== true) throw new IntakeError('UNSUPPORTED_FILE', `${name} is not well-formed XML.`);
  const root = parser.parse(xml) as Node;
  // The envelope is the root, or the first child of an edXML element that also holds the attachments.
  const wrapper = node(root['edXML']);
  const envelope = node(root['edXMLEnvelope']) ?? node(wrapper?.['edXMLEnvelope']);
  const message = node(node(envelope?.['edXMLHeader'])?.['MessageHeader']);
  if (!envelope || !message) throw new IntakeError('UNSUPPORTED_FILE', `${name} is not an edXML package: it has no edXMLEnvelope with a MessageHeader.`);
  const header = node(envelope['edXMLHeader'])!;

  const encoded = [...list(envelope['AttachmentEncoded']), ...list(wrapper?.['AttachmentEncoded']), ...list(node(envelope['edXMLBody'])?.['AttachmentEncoded'])].flatMap((a) =>
    list(node(a)?.['Attachment']),
  );
  if (encoded.length > limits.attachments) throw new IntakeError('DOCUMENT_TOO_COMPLEX', `${name} has ${encoded.length} attachments; a package has at most ${limits.attachments}.`);
  const manifest = list(node(node(envelope['edXMLBody'])?.['edXMLManifest'])?.['Reference']).map((r) => node(r));
  const attachments = encoded.map((a) => attachmentOf(name, node(a) ?? {}, manifest, limits));

  let text: string | null = null;
  let bodyIndex = -1;
  for (const [index, attachment] of attachments.entries()) {
    const as = textFileName(attachment);
    if (!as) continue;
    text = await readDispatchBytes(as, attachment.data);
    bodyIndex = index;
    break;
  }
  // Content keeps its lines: the parser reads the text by them.
  const content = message['Content'];
  if (text === null && typeof content === 'string' && content.trim() !== '') text = boundedText(name, content);
  if (text === null) {
    throw new IntakeError('UNSUPPORTED_FILE', `${name} carries no text of its document: neither a .txt or .docx attachment nor the header's Content.`);
  }

  const code = node(message['Code']);
  const number = str(code?.['CodeNumber']);
  const notation = str(code?.['CodeNotation']);
  const promulgation = node(message['PromulgationInfo']);
  const type = node(message['DocumentType']);
  const signer = node(message['SignerInfo']);
  const other = node(message['OtherInfo']);
  return {
    text,
    envelope: {
      standard: 'QCVN 102:2016/BTTTT',
      documentId: str(message['DocumentId']),
      from: message['From'] === undefined ? null : partyOf(message['From']),
      to: list(message['To']).map(partyOf),
      reference: number || notation ? [number, notation].filter(Boolean).join('/') : null,
      place: str(promulgation?.['Place']),
      date: dateOf(str(promulgation?.['PromulgationDate'])),
      documentType: str(type?.['TypeName']) ?? str(type?.['Type']),
      subject: str(message['Subject']),
      signer: signer ? { competence: str(signer['Competence']), position: str(signer['Position']), fullName: str(signer['FullName']) } : null,
      dueDate: dateOf(str(message['DueDate'])),
      urgency: urgencyOf(str(other?.['Priority'])),
      steeringType: str(message['SteeringType']),
      toPlaces: list(node(message['ToPlaces'])?.['Place']).flatMap((p) => str(p) ?? []),
      traces: list(node(header['TraceHeaderList'])?.['TraceHeader']).map((t) => ({ organId: str(node(t)?.['OrganId']), timestamp: str(node(t)?.['Timestamp']) })),
      signed: header['Signature'] !== undefined || envelope['Signature'] !== undefined,
      body: bodyIndex >= 0 ? 'attachment' : 'content',
      attachments: attachments.map(({ data, ...described }, index): EdxmlAttachment => ({ ...described, bytes: data.byteLength, body: index === bodyIndex })),
    },
  };
}

type ReadAttachment = Omit<EdxmlAttachment, 'bytes' | 'body'> & { readonly data: Uint8Array };

function attachmentOf(name: string, a: Node, manifest: readonly (Node | null)[], limits: EdxmlLimits): ReadAttachment {
  const contentId = str(a['ContentId']);
  // What the attachment leaves out, the manifest's entry of the same ContentId may say.
  const listed = contentId === null ? null : (manifest.find((r) => str(r?.['ContentId']) === contentId) ?? null);
  const field = (key: string) => str(a[key]) ?? str(listed?.[key]);
  const base64 = (str(a['ContentTransferEncoded']) ?? '').replace(/\s+/g, '');
  if (base64.length > Math.ceil(limits.attachmentBytes / 3) * 4) {
    throw new IntakeError('DOCUMENT_TOO_LARGE', `${name}: an attachment is larger than ${Math.round(limits.attachmentBytes / 1024)} KiB.`);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) {
    throw new IntakeError('UNSUPPORTED_FILE', `${name}: the attachment ${contentId ?? ''} is not base64.`.replace(' .', '.'));
  }
  return { contentId, name: field('AttachmentName'), contentType: field('ContentType'), description: field('Description'), data: new Uint8Array(Buffer.from(base64, 'base64')) };
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The name to read an attachment's text under (by its type, else its name), or null when intake reads no text from it. */
function textFileName(a: ReadAttachment): string | null {
  const type = a.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const ext = /\.[a-z0-9]+$/i.exec(a.name ?? '')?.[0]?.toLowerCase() ?? '';
  if (type === 'text/plain' || (type === '' && ext === '.txt')) return 'attachment.txt';
  if (type === 'text/markdown' || (type === '' && ext === '.md')) return 'attachment.md';
  if (type === DOCX_TYPE || (type === '' && ext === '.docx')) return 'attachment.docx';
  return null;
}

function partyOf(value: unknown): EdxmlParty {
  const p = node(value);
  return { organId: str(p?.['OrganId']), organName: str(p?.['OrganName']) };
}

/** PromulgationDate as the standard writes it (yyyy/MM/dd), and as systems also write it (yyyy-MM-dd, dd/MM/yyyy). */
export function dateOf(value: string | null): string | null {
  if (!value) return null;
  const ymd = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:$|[T ])/.exec(value);
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const [y, m, d] = ymd ? [ymd[1]!, ymd[2]!, ymd[3]!] : dmy ? [dmy[3]!, dmy[2]!, dmy[1]!] : [];
  if (!y || !m || !d) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** OtherInfo's Priority: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
export const PRIORITY_URGENCY: Readonly<Record<string, Urgency>> = { '1': 'Khẩn', '2': 'Thượng khẩn', '3': 'Hỏa tốc', '4': 'Hỏa tốc' };

function urgencyOf(priority: string | null): Urgency | null {
  return priority === null ? null : (PRIORITY_URGENCY[priority] ?? null);
}

function node(value: unknown): Node | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : null;
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** An element's text, whitespace collapsed; null when absent, empty or not text. */
function str(value: unknown): string | null {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
  const collapsed = text?.replace(/\s+/g, ' ').trim();
  return collapsed ? collapsed : null;
}
