import ExcelJS from 'exceljs';
import { localDateOf, slugify } from '@chidao/domain';

/** The figures a sheet lays out: statistics.tasks' answer, or anything of its shape. */
interface SheetCounts {
  readonly total: number;
  readonly official: { readonly doneOnTime: number; readonly doneLate: number; readonly notDoneWithin: number; readonly notDoneOverdue: number; readonly noDeadline: number };
}
export interface TaskStatisticsSheet {
  readonly unit: { readonly name: string };
  readonly scope: 'issued' | 'received';
  readonly period: { readonly from: string; readonly to: string; readonly asOf: string };
  readonly total: SheetCounts;
  readonly byUnit: ReadonlyArray<{ readonly name: string; readonly counts: SheetCounts }>;
  readonly byTask: ReadonlyArray<{ readonly text: string; readonly reference: string; readonly directiveDate: string; readonly counts: SheetCounts }>;
}

/**
 * The task statistics as an XLSX workbook in the official layout (Nghị định 30/2020/NĐ-CP header, QĐ
 * 42/2014/QĐ-TTg figures): the issuing body and the national motto side by side, the title with the
 * period, then a sheet by receiving unit and one by task, each with its total row. Every figure comes
 * from the statistics; the sheet only lays them out, in Vietnamese whatever the reader's language.
 */

const FONT = 'Times New Roman';
const upper = (text: string) => text.toLocaleUpperCase('vi-VN');
const displayDate = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
};

export function statisticsFilename(stats: TaskStatisticsSheet): string {
  return `thong-ke-nhiem-vu-${slugify(stats.unit.name)}-${localDateOf(stats.period.from)}-${localDateOf(stats.period.to)}.xlsx`;
}

/** "tháng 8 năm 2020" for a whole month, else "từ ngày 01/08/2020 đến ngày 15/08/2020". */
export function periodWords(period: { from: string; to: string }): string {
  const from = localDateOf(period.from);
  const to = localDateOf(period.to);
  const [y, m] = from.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const wholeMonth = from.endsWith('-01') && to === `${from.slice(0, 8)}${String(lastDay).padStart(2, '0')}`;
  return wholeMonth ? `tháng ${m} năm ${y}` : `từ ngày ${displayDate(from)} đến ngày ${displayDate(to)}`;
}

const COUNT_HEADERS = ['Tổng số nhiệm vụ', 'Hoàn thành đúng hạn', 'Hoàn thành quá hạn', 'Chưa hoàn thành, trong hạn', 'Chưa hoàn thành, quá hạn', 'Không thời hạn'];
type Counts = SheetCounts;
const countCells = (c: Counts) => [c.total, c.official.doneOnTime, c.official.doneLate, c.official.notDoneWithin, c.official.notDoneOverdue, c.official.noDeadline];

const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

function sheetOf(
  workbook: ExcelJS.Workbook,
  name: string,
  stats: TaskStatisticsSheet,
  heading: string,
  labelHeader: string,
  rows: ReadonlyArray<{ label: string; counts: Counts }>,
): void {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ showGridLines: false }],
  });
  const widths = [6, 48, ...COUNT_HEADERS.map(() => 14)];
  sheet.columns = widths.map((width) => ({ width }));
  const last = widths.length;
  let r = 1;
  const line = (from: number, to: number, value: string, style: { bold?: boolean; italic?: boolean; size?: number } = {}) => {
    if (to > from) sheet.mergeCells(r, from, r, to);
    const cell = sheet.getCell(r, from);
    cell.value = value;
    cell.font = { name: FONT, size: style.size ?? 12, bold: style.bold ?? false, italic: style.italic ?? false };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  line(1, 2, upper(stats.unit.name), { bold: true });
  line(3, last, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true });
  r++;
  line(3, last, 'Độc lập - Tự do - Hạnh phúc', { bold: true });
  r += 2;
  line(1, last, 'THỐNG KÊ TÌNH HÌNH THỰC HIỆN NHIỆM VỤ', { bold: true, size: 14 });
  r++;
  line(1, last, heading, { bold: true });
  r++;
  line(1, last, `Số liệu tính đến ${displayDate(localDateOf(stats.period.asOf))}; thời hạn tính theo ngày gửi báo cáo được chấp nhận.`, { italic: true });
  r += 2;
  const write = (values: ExcelJS.CellValue[], bold = false, header = false) => {
    const row = sheet.getRow(r);
    values.forEach((value, i) => {
      const cell = row.getCell(i + 1);
      cell.value = value;
      cell.border = border;
      cell.font = { name: FONT, size: 11, bold };
      if (typeof value === 'number' && !header) cell.numFmt = '#,##0';
      cell.alignment = { horizontal: header || i !== 1 ? 'center' : 'left', vertical: 'middle', wrapText: true };
    });
    r++;
  };
  write(['STT', labelHeader, ...COUNT_HEADERS], true, true);
  rows.forEach((row, i) => write([i + 1, row.label, ...countCells(row.counts)]));
  write(['', 'Tổng cộng', ...countCells(stats.total)], true);
}

export async function statisticsWorkbook(stats: TaskStatisticsSheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = stats.unit.name;
  const what = stats.scope === 'issued' ? `Nhiệm vụ do ${stats.unit.name} giao` : `Nhiệm vụ ${stats.unit.name} được giao`;
  const heading = `${what}, ${periodWords(stats.period)}`;
  sheetOf(workbook, 'Theo đơn vị', stats, heading, 'Đơn vị', stats.byUnit.map((u) => ({ label: u.name, counts: u.counts })));
  sheetOf(
    workbook,
    'Theo nhiệm vụ',
    stats,
    heading,
    'Nhiệm vụ',
    stats.byTask.map((t) => ({ label: `${t.text} (Văn bản số ${t.reference} ngày ${displayDate(t.directiveDate)})`, counts: t.counts })),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
