import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestStore } from '@chidao/db/test-store';
import { kienGiangUnits } from '@chidao/domain';
import { contentDisposition } from './files';
import { useFileServer } from './test-server';

// The XLSX files as a browser downloads them: a plain GET under the session's cookies, answered with
// the bytes, their type and name, or a refusal with its status.

const store = useTestStore({ units: kienGiangUnits(), demoUsers: true });
const server = useFileServer(() => store.repos);
const signedIn = (unitId: string) => server.signedIn(`ct.${unitId}`);
let base: string;
beforeAll(() => {
  base = server.base;
});

const DISTRICT = 'kg.rach-gia';
const COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const august = 'from=2020-08-01&to=2020-08-31&scope=received';

describe('GET /files/statistics.xlsx', () => {
  it('sends a district its statistics as a workbook to save, named for the unit and the period', async () => {
    const cookie = await signedIn(DISTRICT);
    const response = await fetch(`${base}/files/statistics.xlsx?${august}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="thong-ke-nhiem-vu-ubnd-thanh-pho-rach-gia-2020-08-01-2020-08-31.xlsx"; filename*=UTF-8''thong-ke-nhiem-vu-ubnd-thanh-pho-rach-gia-2020-08-01-2020-08-31.xlsx`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Theo đơn vị')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(rows.flat().some((cell) => typeof cell === 'string' && cell.includes('tháng 8 năm 2020'))).toBe(true);
  });

  it('refuses a visitor (401), a unit outside one’s line as if it did not exist (404), and bad input (400), each with its code', async () => {
    const visitor = await fetch(`${base}/files/statistics.xlsx?${august}`);
    expect([visitor.status, visitor.headers.get('x-domain-code')]).toEqual([401, 'NOT_SIGNED_IN']);
    expect(await visitor.text()).toContain('đăng nhập lại');
    expect(visitor.headers.get('content-disposition')).toBeNull();

    const commune = await signedIn(COMMUNE);
    const above = await fetch(`${base}/files/statistics.xlsx?${august}&unitId=${DISTRICT}`, { headers: { cookie: commune } });
    expect([above.status, above.headers.get('x-domain-code')]).toEqual([404, 'UNIT_NOT_FOUND']);
    const own = await fetch(`${base}/files/statistics.xlsx?${august}&unitId=${COMMUNE}`, { headers: { cookie: commune } });
    expect(own.status).toBe(200);

    const badDate = await fetch(`${base}/files/statistics.xlsx?from=hôm%20nay&to=2020-08-31`, { headers: { cookie: commune } });
    expect([badDate.status, badDate.headers.get('x-domain-code')]).toEqual([400, 'INVALID_INPUT']);
    const repeated = await fetch(`${base}/files/statistics.xlsx?${august}&from=2020-07-01`, { headers: { cookie: commune } });
    expect([repeated.status, repeated.headers.get('x-domain-code')]).toEqual([400, 'INVALID_INPUT']);
    const tooLong = await fetch(`${base}/files/statistics.xlsx?${august}&unitId=${'x'.repeat(400)}`, { headers: { cookie: commune } });
    expect([tooLong.status, tooLong.headers.get('x-domain-code')]).toEqual([400, 'INVALID_INPUT']);
  });
});

describe('GET /files/compiled.xlsx', () => {
  it('answers a directive one may not read, or that does not exist, alike (404)', async () => {
    const cookie = await signedIn(DISTRICT);
    const missing = await fetch(`${base}/files/compiled.xlsx?directiveId=no-such-directive`, { headers: { cookie } });
    expect([missing.status, missing.headers.get('x-domain-code')]).toEqual([404, 'DIRECTIVE_NOT_FOUND']);
  });
});

describe('GET /files/edxml.edxml', () => {
  it('answers a directive one did not issue, or that does not exist, alike (404), and only under its own extension', async () => {
    const cookie = await signedIn(DISTRICT);
    const missing = await fetch(`${base}/files/edxml.edxml?directiveId=no-such-directive`, { headers: { cookie } });
    expect([missing.status, missing.headers.get('x-domain-code')]).toEqual([404, 'DIRECTIVE_NOT_FOUND']);
    expect((await fetch(`${base}/files/edxml.xlsx?directiveId=no-such-directive`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}/files/compiled.edxml?directiveId=no-such-directive`, { headers: { cookie } })).status).toBe(404);
  });
});

describe('other requests under /files/', () => {
  it('are refused: an unknown file (404), a method other than GET (405)', async () => {
    const cookie = await signedIn(DISTRICT);
    expect((await fetch(`${base}/files/users.xlsx`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}/files/statistics.csv?${august}`, { headers: { cookie } })).status).toBe(404);
    const post = await fetch(`${base}/files/statistics.xlsx?${august}`, { method: 'POST', headers: { cookie } });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });
});

describe('contentDisposition', () => {
  it('keeps a Vietnamese name in filename* and gives an ASCII one to clients that read only filename', () => {
    expect(contentDisposition('Báo cáo tổng hợp (Đợt 1).xlsx')).toBe(
      `attachment; filename="Bao cao tong hop (Dot 1).xlsx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20h%E1%BB%A3p%20%28%C4%90%E1%BB%A3t%201%29.xlsx`,
    );
    // A quote or backslash cannot end the quoted name early.
    expect(contentDisposition('a"b\\c.xlsx')).toBe(`attachment; filename="a_b_c.xlsx"; filename*=UTF-8''a%22b%5Cc.xlsx`);
  });
  it('decodes back to the same name, as a browser reads filename*', () => {
    const name = 'Thống kê nhiệm vụ — UBND phường Vĩnh Thanh Vân.xlsx';
    const encoded = contentDisposition(name).split("filename*=UTF-8''")[1]!;
    expect(decodeURIComponent(encoded)).toBe(name);
  });
});
