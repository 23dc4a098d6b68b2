// Documents built to hurt a reader, for the tests of intake and of the server that hosts it.
// A .docx is a ZIP of XML parts; these are written byte by byte so that they can lie where an
// attacker's would (declared sizes, nesting, DTDs), which a ZIP library would never let them.
import { crc32, deflateRawSync } from 'node:zlib';

interface Part {
  readonly name: string;
  /** The bytes stored in the archive. */
  readonly data: Buffer;
  /** 0 stored, 8 deflated. */
  readonly method: 0 | 8;
  readonly crc: number;
  /** The uncompressed size the archive declares (an attacker may declare less than the truth). */
  readonly size: number;
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

const deflated = (name: string, text: string | Buffer): Part => {
  const raw = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return { name, data: deflateRawSync(raw), method: 8, crc: crc32(raw), size: raw.length };
};

/** A ZIP archive of the parts, as Word writes one: local headers, data, central directory, end record. */
function zip(parts: readonly Part[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6);
    header.writeUInt16LE(p.method, 8);
    header.writeUInt32LE(p.crc >>> 0, 14);
    header.writeUInt32LE(p.data.length, 18);
    header.writeUInt32LE(p.size, 22);
    header.writeUInt16LE(name.length, 26);
    local.push(header, name, p.data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(p.method, 10);
    entry.writeUInt32LE(p.crc >>> 0, 16);
    entry.writeUInt32LE(p.data.length, 20);
    entry.writeUInt32LE(p.size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += header.length + name.length + p.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

/** A .docx whose document body is `body` (WordprocessingML inside <w:body>). */
export function docxOf(body: string, extra: readonly Part[] = []): Buffer {
  return zip([
    deflated('[Content_Types].xml', CONTENT_TYPES),
    deflated('_rels/.rels', RELS),
    deflated('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
    ...extra,
  ]);
}

/** A .docx of paragraphs of plain text, one per line. */
export function docxOfText(text: string): Buffer {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return docxOf(text.split('\n').map((line) => `<w:p><w:r><w:t xml:space="preserve">${escape(line)}</w:t></w:r></w:p>`).join(''));
}

/**
 * A compressed-XML bomb: `word/document.xml` is one paragraph of `mebibytes` MiB of a repeated
 * letter, about a thousandth of that on disk (deflate's best ratio). When `lie` is set the archive
 * declares the part a few hundred bytes long, so only inflating it shows the truth.
 */
export function docxBomb(mebibytes: number, { lie = false } = {}): Buffer {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p><w:r><w:t>`);
  const tail = Buffer.from('</w:t></w:r></w:p></w:body></w:document>');
  const filler = Buffer.alloc(mebibytes * 1024 * 1024, 'A');
  const xml = Buffer.concat([head, filler, tail]);
  const part = deflated('word/document.xml', xml);
  return zip([deflated('[Content_Types].xml', CONTENT_TYPES), deflated('_rels/.rels', RELS), lie ? { ...part, size: 300 } : part]);
}

/** The "billion laughs": entities that expand to each other ten at a time, declared in a DTD. */
export function docxEntityExpansion(levels = 10): Buffer {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i < levels; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  const xml = `<?xml version="1.0"?><!DOCTYPE w:document [${entities.join('')}]><w:document ${W}><w:body><w:p><w:r><w:t>&lol${levels - 1};</w:t></w:r></w:p></w:body></w:document>`;
  return zip([deflated('[Content_Types].xml', CONTENT_TYPES), deflated('_rels/.rels', RELS), deflated('word/document.xml', xml)]);
}

/** Elements nested `depth` deep (a reader that recurses runs out of stack). */
export function docxDeeplyNested(depth: number): Buffer {
  return docxOf(`<w:p>${'<w:r>'.repeat(depth)}<w:t>x</w:t>${'</w:r>'.repeat(depth)}</w:p>`);
}

/** An archive of `count` small parts besides the document. */
export function docxManyParts(count: number): Buffer {
  const extra = Array.from({ length: count }, (_, i) => deflated(`word/media/p${i}.xml`, '<a/>'));
  return docxOf('<w:p><w:r><w:t>x</w:t></w:r></w:p>', extra);
}

/** `count` paragraphs, each a short run: within every size limit, heavy for a DOM reader. */
export function docxManyParagraphs(count: number): Buffer {
  return docxOf('<w:p><w:r><w:t>Kính gửi:</w:t></w:r></w:p>'.repeat(count));
}

const EDXML_OPEN = '<?xml version="1.0" encoding="UTF-8"?><edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader>';
const EDXML_CLOSE = '</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope>';

/** An edXML package whose header holds `inner` (and whose envelope, after it, `rest`). */
export function edxmlOf(inner: string, rest = ''): Buffer {
  return Buffer.from(`${EDXML_OPEN}${inner}</edXML:MessageHeader></edXML:edXMLHeader>${rest}</edXML:edXMLEnvelope>`);
}

/** An edXML package with its OtherInfo nested `depth` deep. */
export function edxmlDeeplyNested(depth: number): Buffer {
  return Buffer.from(`${EDXML_OPEN}${'<edXML:OtherInfo>'.repeat(depth)}${'</edXML:OtherInfo>'.repeat(depth)}${EDXML_CLOSE}`);
}

/** An edXML package of `count` empty To elements. */
export function edxmlManyElements(count: number): Buffer {
  return Buffer.from(`${EDXML_OPEN}${'<edXML:To/>'.repeat(count)}${EDXML_CLOSE}`);
}

/** An edXML package with `count` attachments of `bytes` each (zeros, base64). */
export function edxmlAttachments(count: number, bytes: number): Buffer {
  const one = `<edXML:Attachment><edXML:ContentType>text/plain</edXML:ContentType><edXML:ContentTransferEncoded>${Buffer.alloc(bytes).toString('base64')}</edXML:ContentTransferEncoded></edXML:Attachment>`;
  return edxmlOf('<edXML:Subject>V/v</edXML:Subject>', `<edXML:AttachmentEncoded>${one.repeat(count)}</edXML:AttachmentEncoded>`);
}
