// An issued directive written as an edXML package (QCVN 102:2016/BTTTT): the header from the
// directive, its text as a text/plain attachment; checked by reading it back (read.ts).
import { XMLBuilder } from 'fast-xml-parser';
import { DOCUMENT_KIND_NAMES, type DocumentKind } from '@chidao/domain';
import type { Urgency } from '../types';
import { EDXML_NAMESPACE, PRIORITY_URGENCY, readEdxml } from './read';

export interface EdxmlDocument {
  /** The directive's id in this system: the package's DocumentId. */
  readonly documentId: string;
  readonly from: { readonly organId: string; readonly organName: string };
  readonly to: readonly { readonly organId: string; readonly organName: string }[];
  /** The recipients as the directive writes them ("Chủ tịch UBND các huyện, thành phố"): ToPlaces. */
  readonly toPlaces: readonly string[];
  /** "1119/UBND-KGVX": CodeNumber before the first "/", CodeNotation after it. */
  readonly reference: string;
  readonly place: string;
  /** ISO date. */
  readonly date: string;
  readonly kind: DocumentKind;
  readonly subject: string;
  readonly urgency: Urgency | null;
  /** "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": the last part is the position, those before it the competence. */
  readonly signer: { readonly capacity: string; readonly name: string } | null;
  /** The directive's report deadline, ISO, when it has one. */
  readonly dueDate?: string | null;
  /** The document's text, sent as the attachment `textName`. */
  readonly text: string;
  readonly textName: string;
  /** When the package leaves this system (its TraceHeader), ISO date-time. */
  readonly sentAt: string;
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true, ignoreAttributes: false, attributeNamePrefix: '@' });

/** yyyy/MM/dd, as the standard writes PromulgationDate. */
const slashDate = (iso: string) => iso.slice(0, 10).replace(/-/g, '/');

/** The package as XML text (UTF-8 when saved), without a signature. */
export function writeEdxml(doc: EdxmlDocument): string {
  const cut = doc.reference.indexOf('/');
  const [number, notation] = cut < 0 ? [doc.reference, ''] : [doc.reference.slice(0, cut), doc.reference.slice(cut + 1)];
  const capacity = doc.signer?.capacity.split('/').map((p) => p.trim()).filter(Boolean) ?? [];
  const priority = Object.entries(PRIORITY_URGENCY).find(([, u]) => u === doc.urgency)?.[0] ?? '0';
  const party = (p: { organId: string; organName: string }) => ({ 'edXML:OrganId': p.organId, 'edXML:OrganName': p.organName });
  const contentId = 'cid:van-ban';
  const tree = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    'edXML:edXML': {
      '@xmlns:edXML': EDXML_NAMESPACE,
      'edXML:edXMLEnvelope': {
        'edXML:edXMLHeader': {
          'edXML:MessageHeader': {
            'edXML:From': party(doc.from),
            'edXML:To': doc.to.map(party),
            'edXML:DocumentId': doc.documentId,
            'edXML:Code': { 'edXML:CodeNumber': number, 'edXML:CodeNotation': notation },
            'edXML:PromulgationInfo': { 'edXML:Place': doc.place, 'edXML:PromulgationDate': slashDate(doc.date) },
            'edXML:DocumentType': { 'edXML:TypeName': DOCUMENT_KIND_NAMES[doc.kind] },
            'edXML:Subject': doc.subject,
            'edXML:SignerInfo': doc.signer
              ? { 'edXML:Competence': capacity.slice(0, -1).join(' / '), 'edXML:Position': capacity.at(-1) ?? '', 'edXML:FullName': doc.signer.name }
              : '',
            'edXML:DueDate': doc.dueDate ? slashDate(doc.dueDate) : '',
            'edXML:ToPlaces': { 'edXML:Place': [...doc.toPlaces] },
            'edXML:OtherInfo': { 'edXML:Priority': priority },
          },
          'edXML:TraceHeaderList': { 'edXML:TraceHeader': [{ 'edXML:OrganId': doc.from.organId, 'edXML:Timestamp': doc.sentAt }] },
        },
        'edXML:edXMLBody': {
          'edXML:edXMLManifest': {
            'edXML:Reference': [{ 'edXML:ContentId': contentId, 'edXML:ContentType': 'text/plain; charset=utf-8', 'edXML:AttachmentName': doc.textName, 'edXML:Description': 'Toàn văn' }],
          },
        },
      },
      'edXML:AttachmentEncoded': {
        'edXML:Attachment': [
          {
            'edXML:ContentId': contentId,
            'edXML:AttachmentName': doc.textName,
            'edXML:ContentType': 'text/plain; charset=utf-8',
            'edXML:Description': 'Toàn văn',
            // Lines of 76 characters, as MIME's base64.
            'edXML:ContentTransferEncoded': Buffer.from(doc.text, 'utf8').toString('base64').replace(/.{76}/g, '$&\n'),
          },
        ],
      },
    },
  };
  return builder.build(tree) as string;
}

/**
 * The package of `doc`, read back with the reader before it is handed out: its text and the header
 * fields the reader takes must be what was written. Throws when they are not (a bug, not the user's).
 */
export async function exportEdxml(doc: EdxmlDocument): Promise<string> {
  const xml = writeEdxml(doc);
  const { text, envelope } = await readEdxml(doc.textName.replace(/\.[^.]*$/, '.edxml'), Buffer.from(xml, 'utf8'));
  const expected = { text: doc.text, reference: doc.reference, date: doc.date.slice(0, 10), subject: doc.subject.replace(/\s+/g, ' ').trim() || null, issuer: doc.from.organName };
  const got = { text, reference: envelope.reference, date: envelope.date, subject: envelope.subject, issuer: envelope.from?.organName ?? null };
  for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
    if (expected[key] !== got[key]) throw new Error(`The edXML package of ${doc.documentId} reads back with another ${key}`);
  }
  return xml;
}

/** What a directive entered on the blank form gives to write its text from. */
export interface ComposedDispatch {
  readonly issuerName: string;
  readonly reference: string;
  readonly place: string;
  /** ISO date. */
  readonly date: string;
  readonly subject: string;
  readonly recipients: readonly string[];
  readonly tasks: readonly string[];
  readonly signer: { readonly capacity: string; readonly name: string } | null;
}

/**
 * The text of a directive that came from the blank form (it has no text of its own), laid out as a
 * công văn of Nghị định 30/2020 is, so that the receiving system, and this one's intake, read its
 * number, date, subject, recipients and tasks from it.
 */
export function composedText(d: ComposedDispatch): string {
  const [y, m, day] = d.date.slice(0, 10).split('-');
  const lines = [
    d.issuerName.toUpperCase(),
    '',
    `Số: ${d.reference}`,
    '',
    `${d.place}, ngày ${day} tháng ${Number(m)} năm ${y}`,
    '',
    d.subject,
    '',
    'Kính gửi:',
    '',
    ...d.recipients.map((r, i) => `- ${r.replace(/[;.]\s*$/, '')}${i === d.recipients.length - 1 ? '.' : ';'}`),
    '',
    // A công văn's tasks follow the sentence that asks for them; without it they read as background.
    ...(d.tasks.length > 0 ? [`${d.issuerName} yêu cầu các đơn vị thực hiện các nội dung sau:`, ''] : []),
    ...d.tasks.flatMap((t, i) => [`${i + 1}. ${t}`, '']),
    ...(d.signer ? [...d.signer.capacity.split('/').map((p) => p.trim()), '', d.signer.name] : []),
  ];
  return `${lines.join('\n')}\n`;
}
