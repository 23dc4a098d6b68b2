import ExcelJS from 'exceljs';
import { ADMINISTERED_ROLES, ROLE_NAMES_VI, ROSTER_COLUMNS } from '@chidao/domain';

/**
 * The roster template (mẫu danh sách tài khoản) an administrator downloads, fills in and imports:
 * the first sheet has the columns planRoster reads, in Vietnamese, with one example row; the
 * second lists the role names it accepts and the units the administrator may enrol people at, with
 * their official codes, to copy from.
 */
export const ROSTER_TEMPLATE_FILENAME = 'mau-danh-sach-tai-khoan.xlsx';

export async function rosterTemplateWorkbook(units: ReadonlyArray<{ readonly name: string; readonly code: string | null }>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.columns = ROSTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.key === 'unit' ? 40 : 28 }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow({ username: 'ct.vinhthanh', displayName: 'Nguyễn Văn An', unit: units[0]?.code ?? units[0]?.name ?? '', roles: ROLE_NAMES_VI.chair, email: 'ct.vinhthanh@example.vn' });

  const help = workbook.addWorksheet('Hướng dẫn');
  help.columns = [{ width: 40 }, { width: 16 }, { width: 60 }];
  help.addRow(['Chức vụ (cột "Chức vụ"; nhiều chức vụ cách nhau bằng dấu ;)']).font = { bold: true };
  for (const role of ADMINISTERED_ROLES) help.addRow([ROLE_NAMES_VI[role]]);
  help.addRow([]);
  help.addRow(['Đơn vị (ghi mã hoặc tên)', 'Mã']).font = { bold: true };
  for (const unit of units) help.addRow([unit.name, unit.code ?? '']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
