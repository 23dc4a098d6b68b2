import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IntakeError } from './errors';
import { FIXTURES_DIR } from './fixtures';
import { docxEntityExpansion, docxManyParagraphs } from './hostile-documents';
import { parseDispatch } from './parse';
import { createIntakePool, type IntakeReader } from './pool';

const seedText = readFileSync(join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.txt'), 'utf8');
const seedDocx = () => new Uint8Array(readFileSync(join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.docx')));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'read',
    (e: unknown) => (e instanceof IntakeError ? e.code : `untyped: ${String(e)}`),
  );

const pools: IntakeReader[] = [];
const pool = (options: Parameters<typeof createIntakePool>[0] = {}) => {
  const p = createIntakePool(options);
  pools.push(p);
  return p;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe('the intake pool reads dispatches in worker threads', () => {
  it('gives the same draft as parsing on the spot, for a pasted text and for a .docx', async () => {
    const reader = pool();
    const pasted = await reader.read({ text: seedText });
    expect(pasted.draft).toEqual(parseDispatch(seedText));
    const uploaded = await reader.read({ file: { name: '1119.docx', bytes: seedDocx() } });
    expect(uploaded.draft.reference).toBe(pasted.draft.reference);
    expect(uploaded.draft.tasks.length).toBe(pasted.draft.tasks.length);
  });

  it("passes on what a document broke, typed: the document's fault, not the server's", async () => {
    const reader = pool();
    expect(await codeOf(reader.read({ file: { name: 'laughs.docx', bytes: docxEntityExpansion() } }))).toBe('DOCUMENT_TOO_COMPLEX');
    expect(await codeOf(reader.read({ text: 'Xin chào' }))).toBe('NOT_A_DISPATCH');
  });

  it('refuses a text whose draft would be far larger than the text (500 dates in one clause: 10 MB from 20 KB)', async () => {
    const reader = pool();
    const clause = 'Các đơn vị báo cáo trước ngày 1/9/2020, ';
    const text = `Số: 1/UBND\nKính gửi: Các sở\n1. ${clause.repeat(Math.floor(20_000 / clause.length))}.\n`;
    expect(await codeOf(reader.read({ text }))).toBe('DOCUMENT_TOO_COMPLEX');
    expect((await reader.read({ text: seedText })).draft.tasks.length).toBeGreaterThan(0);
  });

  it('stops a thread that runs out of heap, says the document is too complex, and reads the next one', async () => {
    // Within every size limit, yet a DOM of 150,000 paragraphs does not fit in 32 MiB.
    const reader = pool({ memoryMb: 32 });
    expect(await codeOf(reader.read({ file: { name: 'heavy.docx', bytes: docxManyParagraphs(150_000) } }))).toBe('DOCUMENT_TOO_COMPLEX');
    expect((await reader.read({ file: { name: '1119.docx', bytes: seedDocx() } })).draft.tasks.length).toBeGreaterThan(0);
  });

  it('stops a job past its time budget', async () => {
    const slow = pool({ timeoutMs: 1 });
    expect(await codeOf(slow.read({ file: { name: 'heavy.docx', bytes: docxManyParagraphs(150_000) } }))).toBe('DOCUMENT_TOO_COMPLEX');
  });

  it('tells callers past its queue that it is busy, without queueing them', async () => {
    const reader = pool({ threads: 1, queue: 1 });
    await reader.read({ text: seedText });
    const codes = await Promise.all(Array.from({ length: 6 }, () => codeOf(reader.read({ text: seedText }))));
    expect(codes, JSON.stringify(codes)).toContain("INTAKE_BUSY");
    expect(codes).toContain('read');
  });
});
