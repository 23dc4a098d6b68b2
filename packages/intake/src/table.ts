import ExcelJS from 'exceljs';
import { extname } from 'node:path';
import { unpackDocx } from './docx';
import { IntakeError } from './errors';

/**
 * A roster (danh sách tài khoản) as cells: an uploaded .xlsx (its first sheet) or .csv (UTF-8, comma
 * or semicolon separated, as Excel saves it in Vietnamese locales), read in the intake pool under
 * the same kind of bounds as a dispatch: the file's size, the archive's parts (unpackDocx's checks
 * hold for any Office archive), rows, columns and the length of a cell. What the cells mean is
 * @chidao/domain's planRoster's business.
 */
export const TABLE_LIMITS = { fileBytes: 1024 * 1024, rows: 2_001, columns: 20, cellChars: 1_000 } as const;

export async function readTableBytes(name: string, bytes: Uint8Array): Promise<string[][]> {
  if (bytes.byteLength > TABLE_LIMITS.fileBytes) {
    throw new IntakeError('DOCUMENT_TOO_LARGE', `${name} is larger than ${TABLE_LIMITS.fileBytes / 1024} KiB.`);
  }
  const ext = extname(name).toLowerCase();
  if (ext === '.xlsx') return readXlsx(name, await unpackDocx(name, bytes));
  if (ext === '.csv') return readCsv(name, bytes);
  throw new IntakeError('UNSUPPORTED_FILE', `${ext || name} files are not read; save the list as .xlsx or .csv.`);
}

function bounded(name: string, rows: string[][]): string[][] {
  if (rows.length > TABLE_LIMITS.rows) throw new IntakeError('DOCUMENT_TOO_LARGE', `${name} has more than ${TABLE_LIMITS.rows - 1} rows.`);
  for (const row of rows) {
    if (row.length > TABLE_LIMITS.columns) throw new IntakeError('DOCUMENT_TOO_COMPLEX', `${name} has more than ${TABLE_LIMITS.columns} columns.`);
  }
  return rows;
}

async function readXlsx(name: string, checked: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(checked) as unknown as ArrayBuffer);
  } catch {
    throw new IntakeError('UNSUPPORTED_FILE', `${name} is not a readable .xlsx file.`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  if (sheet.rowCount > TABLE_LIMITS.rows) throw new IntakeError('DOCUMENT_TOO_LARGE', `${name} has more than ${TABLE_LIMITS.rows - 1} rows.`);
  if (sheet.columnCount > TABLE_LIMITS.columns) throw new IntakeError('DOCUMENT_TOO_COMPLEX', `${name} has more than ${TABLE_LIMITS.columns} columns.`);
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.min(sheet.columnCount, TABLE_LIMITS.columns); c++) cells.push(cellText(row.getCell(c).value).slice(0, TABLE_LIMITS.cellChars));
    rows.push(cells);
  }
  return bounded(name, rows);
}

/** A cell's value as the person sees it: text, a number as written, rich text joined, a formula's result, a link's text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  }
  return '';
}

/** RFC 4180 with the separator Excel chose (the header row's first comma or semicolon outside quotes). */
function readCsv(name: string, bytes: Uint8Array): string[][] {
  if (bytes.includes(0)) throw new IntakeError('UNSUPPORTED_FILE', `${name} is not a text file.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new IntakeError('UNSUPPORTED_FILE', `${name} is not UTF-8 text; save it as "CSV UTF-8".`);
  }
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const separator = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else if (cell.length < TABLE_LIMITS.cellChars) cell += ch;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) {
      row.push(cell);
      cell = '';
      if (row.length > TABLE_LIMITS.columns) throw new IntakeError('DOCUMENT_TOO_COMPLEX', `${name} has more than ${TABLE_LIMITS.columns} columns.`);
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (rows.length > TABLE_LIMITS.rows) throw new IntakeError('DOCUMENT_TOO_LARGE', `${name} has more than ${TABLE_LIMITS.rows - 1} rows.`);
    } else if (cell.length < TABLE_LIMITS.cellChars) cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return bounded(name, rows);
}
