import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { checkXml, DOCX_LIMITS, unpackDocx } from './docx';
import { IntakeError } from './errors';
import { FIXTURES_DIR } from './fixtures';
import { docxBomb, docxDeeplyNested, docxEntityExpansion, docxManyParts, docxOfText } from './hostile-documents';
import { DISPATCH_FILE_MAX_BYTES, DISPATCH_TEXT_MAX, readDispatchBytes } from './read';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'read',
    (e: unknown) => (e instanceof IntakeError ? e.code : `untyped: ${String(e)}`),
  );

describe('a .docx is read under limits, before anything is inflated whole', () => {
  it('reads the seed dispatch as mammoth reads the file itself', async () => {
    const bytes = readFileSync(join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.docx'));
    const text = await readDispatchBytes('1119.docx', bytes);
    expect(text).toContain('Bluezone');
    expect(text).toBe((await mammoth.extractRawText({ buffer: bytes })).value);
  });

  it('refuses a compressed-XML bomb by its declared size, before inflating it', async () => {
    const bomb = docxBomb(64);
    expect(bomb.length).toBeLessThan(DISPATCH_FILE_MAX_BYTES);
    expect(await codeOf(readDispatchBytes('bomb.docx', bomb))).toBe('DOCUMENT_TOO_LARGE');
  });

  it('refuses a bomb that lies about its size, once it inflates past what it declared', async () => {
    expect(await codeOf(unpackDocx('liar.docx', docxBomb(64, { lie: true })))).toBe('DOCUMENT_TOO_LARGE');
  });

  it('refuses entity declarations (the billion laughs)', async () => {
    expect(await codeOf(readDispatchBytes('laughs.docx', docxEntityExpansion()))).toBe('DOCUMENT_TOO_COMPLEX');
  });

  it('refuses XML nested deeper than a document is', async () => {
    expect(await codeOf(readDispatchBytes('deep.docx', docxDeeplyNested(DOCX_LIMITS.xmlDepth + 10)))).toBe('DOCUMENT_TOO_COMPLEX');
    // Nesting well within the limit reads.
    expect(await codeOf(readDispatchBytes('shallow.docx', docxDeeplyNested(20)))).toBe('read');
  });

  it('refuses an archive of more parts than a dispatch has', async () => {
    expect(await codeOf(readDispatchBytes('parts.docx', docxManyParts(DOCX_LIMITS.entries + 1)))).toBe('DOCUMENT_TOO_COMPLEX');
  });

  it('refuses a text longer than a dispatch, and a file larger than an upload', async () => {
    expect(await codeOf(readDispatchBytes('long.docx', docxOfText('x'.repeat(DISPATCH_TEXT_MAX + 1))))).toBe('DOCUMENT_TOO_LARGE');
    expect(await codeOf(readDispatchBytes('big.txt', Buffer.alloc(DISPATCH_FILE_MAX_BYTES + 1, 'a')))).toBe('DOCUMENT_TOO_LARGE');
  });

  it('says a broken archive is not a readable .docx', async () => {
    expect(await codeOf(readDispatchBytes('broken.docx', Buffer.from('PK not really')))).toBe('UNSUPPORTED_FILE');
  });
});

describe('checkXml', () => {
  const depthOf = (xml: string, max: number) => {
    try {
      checkXml('x', Buffer.from(xml), max);
      return 'ok';
    } catch (e) {
      return (e as IntakeError).code;
    }
  };
  it('counts elements, not self-closing ones, comments or ">" inside attribute values', () => {
    expect(depthOf('<a><b/><c x="/>"><d></d></c><!-- <e> --></a>', 3)).toBe('ok');
    expect(depthOf('<a><b><c><d/></c></b></a>', 2)).toBe('DOCUMENT_TOO_COMPLEX');
    expect(depthOf('<?xml version="1.0"?><a><![CDATA[<b><c>]]></a>', 3)).toBe('ok');
  });
  it('refuses a DTD', () => {
    expect(depthOf('<!DOCTYPE a [<!ENTITY x "y">]><a/>', 10)).toBe('DOCUMENT_TOO_COMPLEX');
  });
});
