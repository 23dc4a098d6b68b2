import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IntakeError } from '../errors';
import { draftOf, readDocumentBytes } from '../files/document';
import { FIXTURES_DIR } from '../fixtures';
import { parseDispatch } from '../parse';
import { createIntakePool } from '../pool';
import type { DispatchDraft } from '../types';
import { EDXML_LIMITS, EDXML_NAMESPACE, readEdxml } from './read';
import { composedText, exportEdxml, writeEdxml, type EdxmlDocument } from './write';

const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES_DIR, name)));
const seedText = readFileSync(join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.txt'), 'utf8');
const hoaTocText = readFileSync(join(FIXTURES_DIR, 'kien-giang-1205-UBND-KGVX-hoa-toc.txt'), 'utf8');

/** The draft intake makes of a file, as the pool's thread makes it. */
const draftOfFile = async (name: string, bytes: Uint8Array) => draftOf(await readDocumentBytes(name, bytes, { deadline: Date.now() + 10_000 }));
const withoutExchange = ({ exchange: _, ...draft }: DispatchDraft) => draft;
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'read',
    (e: unknown) => (e instanceof IntakeError ? e.code : `untyped: ${String(e)}`),
  );

/** A package around a header of `message` and attachments, written here to break one bound at a time. */
const pkg = (message: string, rest = '') =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NAMESPACE}"><edXML:edXMLHeader><edXML:MessageHeader>${message}</edXML:MessageHeader></edXML:edXMLHeader>${rest}</edXML:edXMLEnvelope>`);
const attachment = (base64: string, type = 'text/plain') =>
  `<edXML:Attachment><edXML:ContentType>${type}</edXML:ContentType><edXML:ContentTransferEncoded>${base64}</edXML:ContentTransferEncoded></edXML:Attachment>`;

describe('an edXML package (QCVN 102:2016/BTTTT) becomes the draft its text makes', () => {
  it('1119 as a package gives the same draft as the pasted seed text, spans included, with its envelope beside it', async () => {
    const draft = await draftOfFile('1119.edxml', fixture('cong-van-1119-UBND-KGVX.edxml'));
    // The text is the attachment's, byte for byte the seed's: the same draft, the same spans into it.
    expect(withoutExchange(draft)).toEqual(parseDispatch(seedText));
    expect(draft.exchange).toMatchObject({
      standard: 'QCVN 102:2016/BTTTT',
      from: { organId: '000.00.00.H33', organName: 'Ủy ban nhân dân tỉnh Kiên Giang' },
      to: [{ organName: 'Sở Thông tin và Truyền thông tỉnh Kiên Giang' }, { organName: 'UBND thành phố Rạch Giá' }],
      reference: '1119/UBND-KGVX',
      date: '2020-08-19',
      documentType: 'Công văn',
      dueDate: '2020-08-20',
      urgency: null,
      signer: { competence: 'KT. CHỦ TỊCH', position: 'PHÓ CHỦ TỊCH', fullName: 'Lâm Minh Thành' },
      traces: [{ organId: '000.00.00.H33' }, { organId: '000.00.00.G22' }],
      signed: true,
      body: 'attachment',
      // Type and name from the manifest; the PDF is listed, not read.
      attachments: [
        { contentId: 'cid:1119-pdf', contentType: 'application/pdf', name: '1119-UBND-KGVX.pdf', body: false },
        { contentId: 'cid:1119-txt', contentType: 'text/plain', name: '1119-UBND-KGVX.txt', body: true },
      ],
      // "Ủy ban nhân dân" and "UBND", a subject without its final stop: the same to the reader.
      filled: [],
      warnings: [],
    });
  });

  it('keeps what the text says where the header disagrees, and says so field by field', async () => {
    const read = await readDocumentBytes('1205.edxml', fixture('kien-giang-1205-UBND-KGVX-hoa-toc-header-mismatch.edxml'), { deadline: Date.now() + 10_000 });
    expect(read.text.trim()).toBe(hoaTocText.trim());
    const draft = draftOf(read);
    // The spans point into the Content as read (CDATA keeps the line break after "<![CDATA[").
    const fromText = parseDispatch(read.text);
    expect(withoutExchange(draft)).toEqual(fromText);
    expect({ ...fromText, spans: null }).toEqual({ ...parseDispatch(hoaTocText), spans: null });
    expect(draft.reference).toBe('1205/UBND-KGVX');
    expect(draft.exchange?.body).toBe('content');
    expect(draft.exchange?.warnings).toEqual([
      { field: 'reference', header: '1250/UBND-KGVX', text: '1205/UBND-KGVX' },
      { field: 'subject', header: 'V/v tăng cường phòng, chống dịch sốt xuất huyết', text: fromText.subject },
    ]);
  });

  it('takes the number and date from the header when the text gives none, their spans empty', async () => {
    const bare = seedText.replace(/Số: 1119 \/UBND-KGVX\n/, '').replace(/Kiên Giang, ngày 19 tháng 8 năm 2020\n/, '');
    expect(parseDispatch(bare).reference).toBeNull();
    const message = `<edXML:From><edXML:OrganName>UBND tỉnh Kiên Giang</edXML:OrganName></edXML:From><edXML:Code><edXML:CodeNumber>1119</edXML:CodeNumber><edXML:CodeNotation>UBND-KGVX</edXML:CodeNotation></edXML:Code><edXML:PromulgationInfo><edXML:Place>Kiên Giang</edXML:Place><edXML:PromulgationDate>2020/08/19</edXML:PromulgationDate></edXML:PromulgationInfo>`;
    const draft = await draftOfFile('bare.edxml', pkg(message, `<edXML:AttachmentEncoded>${attachment(Buffer.from(bare).toString('base64'))}</edXML:AttachmentEncoded>`));
    expect(draft).toMatchObject({ reference: '1119/UBND-KGVX', date: '2020-08-19', place: 'Kiên Giang', spans: { reference: null, date: null } });
    expect(draft.exchange?.filled).toEqual(['reference', 'date', 'place']);
    expect(draft.exchange?.warnings).toEqual([]);
  });

  it('takes the kind from DocumentType when the text names none, and warns when the text names another', async () => {
    const message = (type: string) => `<edXML:DocumentType><edXML:TypeName>${type}</edXML:TypeName></edXML:DocumentType>`;
    const withText = (text: string) => `<edXML:AttachmentEncoded>${attachment(Buffer.from(text).toString('base64'))}</edXML:AttachmentEncoded>`;
    // 1119 names no kind: a công văn by default, so the header's "Chỉ thị" is taken.
    const taken = await draftOfFile('ct.edxml', pkg(message('Chỉ thị'), withText(seedText)));
    expect([taken.kind, taken.exchange?.filled, taken.exchange?.warnings]).toEqual(['chi_thi', ['kind'], []]);
    const chiThi = readFileSync(join(FIXTURES_DIR, 'kien-giang-18-CT-UBND-chi-thi.txt'), 'utf8');
    const kept = await draftOfFile('kh.edxml', pkg(message('Kế hoạch'), withText(chiThi)));
    expect([kept.kind, kept.exchange?.warnings]).toEqual(['chi_thi', [{ field: 'kind', header: 'Kế hoạch', text: 'Chỉ thị' }]]);
  });

  it('reads a package in the pool as an upload, off the caller’s thread', async () => {
    const reader = createIntakePool();
    try {
      const read = await reader.read({ file: { name: '1119.edxml', bytes: fixture('cong-van-1119-UBND-KGVX.edxml') } });
      expect(read.text).toBe(seedText);
      expect(withoutExchange(read.draft)).toEqual(parseDispatch(seedText));
      expect(await codeOf(reader.read({ file: { name: 'laughs.edxml', bytes: fixture('hostile-billion-laughs.edxml') } }))).toBe('DOCUMENT_TOO_COMPLEX');
    } finally {
      await reader.close();
    }
  });
});

describe('a hostile or broken package is refused, typed, before it costs anything', () => {
  it('refuses a DTD: no entity is expanded and no file is read', async () => {
    expect(await codeOf(readEdxml('laughs.edxml', fixture('hostile-billion-laughs.edxml')))).toBe('DOCUMENT_TOO_COMPLEX');
    const xxe = readEdxml('xxe.edxml', fixture('hostile-external-entity.edxml'));
    expect(await codeOf(xxe)).toBe('DOCUMENT_TOO_COMPLEX');
    await xxe.catch((e: Error) => expect(e.message).not.toMatch(/root:/));
  });

  it('refuses what is not well-formed, not edXML, not UTF-8, or carries no text', async () => {
    expect(await codeOf(readEdxml('broken.edxml', fixture('hostile-malformed.edxml')))).toBe('UNSUPPORTED_FILE');
    expect(await codeOf(readEdxml('page.xml', Buffer.from('<html><body>Số: 1/UBND</body></html>')))).toBe('UNSUPPORTED_FILE');
    expect(await codeOf(readEdxml('latin.xml', Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')))).toBe('UNSUPPORTED_FILE');
    expect(await codeOf(readEdxml('empty.edxml', pkg('<edXML:Subject>V/v trống</edXML:Subject>')))).toBe('UNSUPPORTED_FILE');
    const notBase64 = pkg('<edXML:Subject>V/v thử</edXML:Subject>', `<edXML:AttachmentEncoded>${attachment('@@@@')}</edXML:AttachmentEncoded>`);
    expect(await codeOf(readEdxml('bad.edxml', notBase64))).toBe('UNSUPPORTED_FILE');
  });

  it('bounds the size, the nesting, the element count, the attachments and each one’s size', async () => {
    expect(await codeOf(readEdxml('big.edxml', new Uint8Array(EDXML_LIMITS.bytes + 1)))).toBe('DOCUMENT_TOO_LARGE');
    const deep = pkg(`${'<edXML:OtherInfo>'.repeat(EDXML_LIMITS.depth)}${'</edXML:OtherInfo>'.repeat(EDXML_LIMITS.depth)}`);
    expect(await codeOf(readEdxml('deep.edxml', deep))).toBe('DOCUMENT_TOO_COMPLEX');
    const many = pkg('<edXML:To/>'.repeat(EDXML_LIMITS.elements));
    expect(await codeOf(readEdxml('many.edxml', many))).toBe('DOCUMENT_TOO_COMPLEX');
    const text = Buffer.from(seedText).toString('base64');
    const attachments = pkg('<edXML:Subject>V/v thử</edXML:Subject>', `<edXML:AttachmentEncoded>${attachment(text).repeat(EDXML_LIMITS.attachments + 1)}</edXML:AttachmentEncoded>`);
    expect(await codeOf(readEdxml('attachments.edxml', attachments))).toBe('DOCUMENT_TOO_COMPLEX');
    const large = pkg('<edXML:Subject>V/v thử</edXML:Subject>', `<edXML:AttachmentEncoded>${attachment(text)}</edXML:AttachmentEncoded>`);
    expect(await codeOf(readEdxml('large.edxml', large, { ...EDXML_LIMITS, attachmentBytes: 1024 }))).toBe('DOCUMENT_TOO_LARGE');
    expect(await codeOf(readEdxml('large.edxml', large))).toBe('read');
  });
});

describe('an issued directive written as a package', () => {
  const doc: EdxmlDocument = {
    documentId: 'kg.2020.1119-ubnd-kgvx',
    from: { organId: 'kg', organName: 'UBND tỉnh Kiên Giang' },
    to: [{ organId: 'kg.so-tttt', organName: 'Sở Thông tin và Truyền thông' }],
    toPlaces: ['Giám đốc (Thủ trưởng) các Sở, ban, ngành cấp tỉnh', 'Chủ tịch UBND các huyện, thành phố'],
    reference: '1119/UBND-KGVX',
    place: 'Kiên Giang',
    date: '2020-08-19',
    kind: 'cong_van',
    subject: 'V/v đẩy mạnh triển khai ứng dụng, cài đặt ứng dụng Bluezone.',
    urgency: null,
    signer: { capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Lâm Minh Thành' },
    dueDate: '2020-08-20',
    text: seedText,
    textName: '1119-UBND-KGVX.txt',
    sentAt: '2020-08-19T16:05:00+07:00',
  };

  it('reads back into the draft of its text, its header agreeing with it', async () => {
    const xml = await exportEdxml(doc);
    const draft = await draftOfFile('1119.edxml', Buffer.from(xml));
    expect(withoutExchange(draft)).toEqual(parseDispatch(seedText));
    expect(draft.exchange).toMatchObject({
      documentId: doc.documentId,
      from: doc.from,
      to: doc.to,
      toPlaces: doc.toPlaces,
      signer: { competence: 'KT. CHỦ TỊCH', position: 'PHÓ CHỦ TỊCH', fullName: 'Lâm Minh Thành' },
      dueDate: '2020-08-20',
      traces: [{ organId: 'kg', timestamp: doc.sentAt }],
      signed: false,
      warnings: [],
    });
    expect(xml).toContain('<edXML:PromulgationDate>2020/08/19</edXML:PromulgationDate>');
  });

  it('escapes what XML would read otherwise, and codes the urgency as the priority', async () => {
    const xml = await exportEdxml({ ...doc, subject: 'V/v <thử> & "kiểm tra"', urgency: 'Hỏa tốc' });
    const { envelope } = await readEdxml('x.edxml', Buffer.from(xml));
    expect(envelope).toMatchObject({ subject: 'V/v <thử> & "kiểm tra"', urgency: 'Hỏa tốc' });
    expect(writeEdxml(doc)).not.toContain('<!DOCTYPE');
  });

  it('writes a text for a directive entered on the blank form, which reads back to its number, date, subject and tasks', async () => {
    const text = composedText({
      issuerName: 'UBND tỉnh Kiên Giang',
      reference: '1500/UBND-KGVX',
      place: 'Kiên Giang',
      date: '2020-10-05',
      subject: 'V/v rà soát hộ nghèo',
      recipients: ['Chủ tịch UBND các huyện, thành phố'],
      tasks: ['Rà soát hộ nghèo trên địa bàn, báo cáo trước ngày 20/10/2020.', 'Tổng hợp danh sách hộ cận nghèo.'],
      signer: { capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Lâm Minh Thành' },
    });
    const draft = await draftOfFile('1500.edxml', Buffer.from(await exportEdxml({ ...doc, reference: '1500/UBND-KGVX', date: '2020-10-05', subject: 'V/v rà soát hộ nghèo', text })));
    expect(draft).toMatchObject({ reference: '1500/UBND-KGVX', date: '2020-10-05', subject: 'V/v rà soát hộ nghèo', signer: { name: 'Lâm Minh Thành' } });
    expect(draft.tasks.map((t) => t.text)).toEqual(['Rà soát hộ nghèo trên địa bàn, báo cáo trước ngày 20/10/2020.', 'Tổng hợp danh sách hộ cận nghèo.']);
    expect(draft.recipients.map((r) => r.group)).toEqual([{ type: 'level', level: 'district', kinds: ['people_committee'] }]);
    expect(draft.exchange?.warnings).toEqual([]);
  });
});
