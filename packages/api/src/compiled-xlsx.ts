import ExcelJS from 'exceljs';
import { formatVnDateTime, placeAndDateVi, SIGNER_NAME_LINE, slugify, taskStandingTextVi, type CompiledReport, type CompiledRow } from '@chidao/domain';

/**
 * The compiled report as an XLSX sheet in the official layout (Nghị định 30/2020/NĐ-CP): the issuing
 * body and the national motto side by side, the number, place and date, the "V/v" subject, the table
 * by district with its total row, and the signature block. Every figure comes from the model; the
 * sheet only lays it out. The document is Vietnamese whatever the reader's interface language.
 */

const upper = (text: string) => text.toLocaleUpperCase('vi-VN');
const FONT = 'Times New Roman';

/** dd/MM/yyyy, as the rest of the product writes dates. */
function displayDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export function compiledReportFilename(report: CompiledReport): string {
  // A unit's report names the unit, so a district's file is not taken for the province's compiled one.
  if (report.scope === 'unit') return `bao-cao-tien-do-${slugify(report.header.issuingBody)}-${slugify(report.directive.reference)}-${report.header.date}.xlsx`;
  return `bao-cao-tong-hop-${slugify(report.directive.reference)}-${report.header.date}.xlsx`;
}

interface Column {
  readonly header: string;
  readonly width: number;
  readonly numFmt?: string;
  readonly value: (row: CompiledRow, isTotal: boolean) => ExcelJS.CellValue;
}

function columnsOf(report: CompiledReport): Column[] {
  const columns: Column[] = [
    { header: 'Xếp hạng', width: 9, value: (r, total) => (total ? null : r.rank) },
    { header: 'Đơn vị', width: 34, value: (r, total) => (total ? `Tổng cộng (${r.name})` : r.name) },
  ];
  for (const metric of report.metrics) {
    columns.push({ header: metric.label, width: 18, numFmt: '#,##0', value: (r) => r.figures[metric.key] ?? null });
  }
  for (const rate of report.rates) {
    // Stored as a fraction with a percent format, so Excel can compute with it.
    columns.push({
      header: rate.targetPercent === null ? rate.label : `${rate.label} (chỉ tiêu ${rate.targetPercent}%)`,
      width: 20,
      numFmt: '0.0%',
      value: (r) => {
        const percent = r.rates[rate.key]?.percent ?? null;
        return percent === null ? null : percent / 100;
      },
    });
    if (rate.targetPercent !== null) {
      columns.push({
        header: `So với chỉ tiêu ${rate.targetPercent}%`,
        width: 14,
        value: (r) => {
          const met = r.rates[rate.key]?.meetsTarget ?? null;
          return met === null ? 'Chưa có số liệu' : met ? 'Đạt' : 'Chưa đạt';
        },
      });
    }
  }
  columns.push(
    { header: 'Số đơn vị đã báo cáo', width: 12, numFmt: '#,##0', value: (r) => r.reported },
    { header: 'Số đơn vị chưa báo cáo', width: 12, numFmt: '#,##0', value: (r) => r.notReported },
  );
  const totals = report.taskTotals;
  if (report.scope === 'unit' && totals !== null) {
    // Each unit's own task: when it acknowledged and how it stands; the total row counts them.
    columns.push(
      {
        header: 'Tiếp nhận lúc',
        width: 18,
        value: (r, total) =>
          total ? `${totals.acknowledged}/${totals.units} đơn vị đã tiếp nhận` : r.task?.acknowledgedAt ? formatVnDateTime(r.task.acknowledgedAt) : 'Chưa tiếp nhận',
      },
      {
        header: 'Tình hình thực hiện',
        width: 22,
        value: (r, total) => (total ? `${totals.overdue} đơn vị quá hạn` : r.task ? taskStandingTextVi(r.task) : ''),
      },
    );
  }
  return columns;
}

export async function compiledReportWorkbook(report: CompiledReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = report.header.issuingBody;
  const sheet = workbook.addWorksheet('Báo cáo tổng hợp', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ showGridLines: false }],
  });
  const columns = columnsOf(report);
  const last = columns.length;
  sheet.columns = columns.map((c) => ({ width: c.width }));
  // The left header block takes about a third of the width, the motto the rest.
  const split = Math.max(2, Math.min(3, last - 1));

  let r = 1;
  const line = (from: number, to: number, value: string, style: { bold?: boolean; italic?: boolean; size?: number; align?: 'left' | 'center' | 'right' } = {}) => {
    if (to > from) sheet.mergeCells(r, from, r, to);
    const cell = sheet.getCell(r, from);
    cell.value = value;
    cell.font = { name: FONT, size: style.size ?? 12, bold: style.bold ?? false, italic: style.italic ?? false };
    cell.alignment = { horizontal: style.align ?? 'center', vertical: 'middle', wrapText: true };
    return cell;
  };

  // Two-column header: issuing body left, national motto right.
  line(1, split, report.header.parentBody ? upper(report.header.parentBody) : '');
  line(split + 1, last, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true });
  r++;
  line(1, split, upper(report.header.issuingBody), { bold: true });
  line(split + 1, last, 'Độc lập - Tự do - Hạnh phúc', { bold: true });
  r += 2;
  // The number is given by the clerk when the report is registered.
  line(1, split, 'Số:          /BC');
  line(split + 1, last, placeAndDateVi(report.header.place, report.header.date), { italic: true });
  r++;
  line(1, split, report.header.subject, { size: 11 });
  sheet.getRow(r).height = 48;
  r += 2;
  line(1, last, 'BÁO CÁO', { bold: true, size: 14 });
  r++;
  line(1, last, `Tổng hợp kết quả thực hiện Công văn số ${report.directive.reference} ngày ${displayDate(report.directive.date)} của ${report.directive.issuerName}`, {
    bold: true,
  });
  r++;
  line(1, last, `Kính gửi: ${report.header.recipient}.`);
  r++;
  line(1, 2, 'Số liệu tính đến ngày:', { align: 'right' });
  const asOf = sheet.getCell(r, 3);
  const [y, m, d] = report.header.date.split('-').map(Number);
  asOf.value = new Date(Date.UTC(y!, m! - 1, d!));
  asOf.numFmt = 'dd/mm/yyyy';
  asOf.font = { name: FONT, size: 12 };
  asOf.alignment = { horizontal: 'left' };
  r += 2;

  const border: Partial<ExcelJS.Borders> = {
    top: { style: 'thin' },
    left: { style: 'thin' },
    bottom: { style: 'thin' },
    right: { style: 'thin' },
  };
  const writeRow = (values: ExcelJS.CellValue[], style: { bold?: boolean; header?: boolean } = {}) => {
    const row = sheet.getRow(r);
    values.forEach((value, i) => {
      const cell = row.getCell(i + 1);
      cell.value = value;
      cell.border = border;
      cell.font = { name: FONT, size: 11, bold: style.bold ?? false };
      const numFmt = columns[i]?.numFmt;
      if (numFmt && !style.header) cell.numFmt = numFmt;
      cell.alignment = style.header
        ? { horizontal: 'center', vertical: 'middle', wrapText: true }
        : { horizontal: typeof value === 'number' ? 'right' : i === 1 ? 'left' : 'center', vertical: 'middle', wrapText: true };
    });
    r++;
    return row;
  };

  const headerRow = writeRow(
    columns.map((c) => c.header),
    { bold: true, header: true },
  );
  headerRow.height = 60;
  const tableHeaderRow = headerRow.number;
  for (const row of report.rows) writeRow(columns.map((c) => c.value(row, false)));
  writeRow(
    columns.map((c) => c.value(report.total, true)),
    { bold: true },
  );
  sheet.views = [{ showGridLines: false, state: 'frozen', ySplit: tableHeaderRow }];

  if (report.agencies.length > 0) {
    r++;
    line(1, last, 'Các sở, ban, ngành, đoàn thể cấp tỉnh (số liệu của cán bộ, công chức, viên chức; không cộng vào tổng)', { bold: true, align: 'left' });
    r++;
    for (const row of report.agencies) writeRow(columns.map((c) => c.value(row, false)));
  }

  r++;
  const s = report.statusCounts;
  line(1, last, `Tình trạng báo cáo: ${s.accepted} đã được chấp nhận, ${s.pending} chờ xem xét, ${s.returned} bị trả lại, ${s.none} chưa báo cáo.`, {
    align: 'left',
  });
  r += 2;

  // Recipients left, signature block right.
  const signFrom = split + 1;
  const signStart = r;
  line(1, split, 'Nơi nhận:', { bold: true, italic: true, align: 'left', size: 11 });
  r++;
  line(1, split, `- ${report.header.recipient};`, { align: 'left', size: 10 });
  r++;
  line(1, split, '- Lưu: VT.', { align: 'left', size: 10 });
  r = signStart;
  for (const capacity of report.signer.capacity) {
    line(signFrom, last, capacity, { bold: true });
    r++;
  }
  r += 3;
  // Unknown signer: a line to write the name on, as on paper.
  line(signFrom, last, report.signer.name ?? SIGNER_NAME_LINE, { bold: report.signer.name !== null });

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
