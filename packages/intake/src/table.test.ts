import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { IntakeError } from './errors';
import { createIntakePool } from './pool';
import { readTableBytes, TABLE_LIMITS } from './table';

const utf8 = (text: string) => new TextEncoder().encode(text);
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'read',
    (e: unknown) => (e instanceof IntakeError ? e.code : `untyped: ${String(e)}`),
  );

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const pool = createIntakePool();
afterAll(() => pool.close());

describe('a roster file read as cells', () => {
  it('reads a CSV as Excel saves it: a BOM, semicolons, quoted separators and quotes, CRLF', async () => {
    const csv = '\uFEFFTên đăng nhập;Họ và tên\r\n"ct.a";"Nguyễn ""Ba"" Văn; A"\r\nct.b;Trần B\r\n';
    expect(await readTableBytes('ds.csv', utf8(csv))).toEqual([
      ['Tên đăng nhập', 'Họ và tên'],
      ['ct.a', 'Nguyễn "Ba" Văn; A'],
      ['ct.b', 'Trần B'],
    ]);
  });

  it("reads an XLSX's first sheet, numbers as written and rich text joined, in the pool's thread", async () => {
    const bytes = await xlsx([
      ['Tên đăng nhập', 'Mã đơn vị'],
      ['ct.a', 30742],
      [{ richText: [{ text: 'ct.' }, { text: 'b' }] }, '31009'],
    ]);
    expect(await pool.readTable({ name: 'ds.xlsx', bytes })).toEqual([
      ['Tên đăng nhập', 'Mã đơn vị'],
      ['ct.a', '30742'],
      ['ct.b', '31009'],
    ]);
  });

  it('refuses what no roster is: too many rows or columns, too large, another kind of file', async () => {
    const many = Array.from({ length: TABLE_LIMITS.rows + 1 }, (_, i) => `u${i},x`).join('\n');
    expect(await codeOf(readTableBytes('ds.csv', utf8(many)))).toBe('DOCUMENT_TOO_LARGE');
    expect(await codeOf(readTableBytes('ds.csv', utf8(`${'a,'.repeat(TABLE_LIMITS.columns + 1)}\n`)))).toBe('DOCUMENT_TOO_COMPLEX');
    expect(await codeOf(readTableBytes('ds.csv', new Uint8Array(TABLE_LIMITS.fileBytes + 1)))).toBe('DOCUMENT_TOO_LARGE');
    expect(await codeOf(pool.readTable({ name: 'ds.xlsx', bytes: utf8('not a zip') }))).toBe('UNSUPPORTED_FILE');
    expect(await codeOf(readTableBytes('ds.pdf', utf8('%PDF')))).toBe('UNSUPPORTED_FILE');
  });
});
