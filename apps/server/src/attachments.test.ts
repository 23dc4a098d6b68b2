import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from '@chidao/api/engine-harness';
import { DEMO_PASSWORD } from '@chidao/db';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_REPORT, DIRECTIVE_1119 } from '@chidao/domain';
import { eicar } from '@chidao/files/testing';
import { assignmentWorkflowId } from '@chidao/workflows';
import { ATTACHMENT_BODY_BYTES, createHttpServer } from './http';
import { createLog } from './log';
import { CookieJar } from './test-cookies';

/**
 * Report attachments through the real HTTP server, the real engine, the real database and the real
 * ClamAV engine (clamscan with the tests' EICAR signature): a commune attaches a photo and a list to
 * its report and its district downloads them once they are scanned; what is not a photo, list or PDF,
 * what the scan finds, and what is past the limits is refused, typed, and nothing of it is served.
 */

const COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const DISTRICT = 'kg.rach-gia';
const SIBLING = 'kg.rach-gia.p-vinh-thanh-van';
const OTHER_COMMUNE = 'kg.rach-gia.p-vinh-hiep';
const assignmentOf = (unitId: string) => assignmentWorkflowId(DIRECTIVE_1119.id, unitId);

let harness: EngineHarness;
let server: Server;
let base: string;

/** A browser at the API: cookies, the CSRF header, an Idempotency-Key per action (given, or a new one). */
class Browser extends CookieJar {
  async query<T>(path: string, input: unknown): Promise<T> {
    const response = await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: this.headers() });
    this.remember(response);
    expect(response.status).toBe(200);
    return ((await response.json()) as { result: { data: T } }).result.data;
  }
  async mutate(path: string, input: unknown, key: string = randomUUID()): Promise<{ status: number; body: any }> {
    const response = await fetch(`${base}/trpc/${path}`, {
      method: 'POST',
      headers: { ...this.headers(), 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(input),
    });
    this.remember(response);
    return { status: response.status, body: await response.json() };
  }
  async download(id: string): Promise<Response> {
    return fetch(`${base}/files/attachment?id=${encodeURIComponent(id)}`, { headers: this.headers() });
  }
  async signIn(unitId: string): Promise<this> {
    await fetch(`${base}/trpc/session.me`).then((r) => this.remember(r));
    const { status } = await this.mutate('session.signIn', { username: `ct.${unitId}`, password: DEMO_PASSWORD });
    expect(status).toBe(200);
    return this;
  }
}

const upload = (browser: Browser, unitId: string, name: string, bytes: Uint8Array, key?: string) =>
  browser.mutate('attachments.upload', { assignmentId: assignmentOf(unitId), name, base64: Buffer.from(bytes).toString('base64') }, key);
const domainCode = (body: any): string | undefined => body?.error?.data?.domainCode;

/** A small JPEG header with a unique comment: distinct bytes each time, sniffed as a JPEG. */
const photo = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, ...Buffer.from(`ảnh ${randomUUID()}`)]);

async function workbook(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách');
  sheet.addRow(['Hộ gia đình', 'Số người cài đặt']);
  sheet.addRow(['Nguyễn Văn A', 4]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

beforeAll(async () => {
  harness = await startEngineHarness('attachments-test');
  server = createHttpServer({
    log: createLog('ERROR'),
    context: harness.deps,
    cookies: { secure: 'auto', trustProxy: false },
    rateLimits: { perSession: { burst: 10_000, perMinute: 10_000 }, perAddress: { burst: 10_000, perMinute: 10_000 } },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 600_000);

afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
  await harness?.stop();
});

describe('a commune’s report with a photo and a list', () => {
  it('is downloaded by its district once scanned clean, as a file to save, and the offline replay attaches once', async () => {
    const commune = await new Browser().signIn(COMMUNE);
    const district = await new Browser().signIn(DISTRICT);
    const sibling = await new Browser().signIn(SIBLING);
    const jpeg = photo();
    const xlsx = await workbook();

    const shot = await upload(commune, COMMUNE, 'Ảnh hiện trường.jpg', jpeg);
    expect(shot.status).toBe(200);
    expect(shot.body.result.data).toMatchObject({ state: 'clean', contentType: 'image/jpeg', filename: 'Ảnh hiện trường.jpg', reportVersion: null });
    const list = await upload(commune, COMMUNE, 'danh sach ho.xlsx', xlsx);
    expect(list.body.result.data).toMatchObject({ state: 'clean', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const ids = [shot.body.result.data.id as string, list.body.result.data.id as string];

    // Before the report is sent the district neither lists nor downloads them; the commune can.
    expect(await district.query('attachments.list', { assignmentId: assignmentOf(COMMUNE) })).toEqual([]);
    expect((await district.download(ids[0]!)).status).toBe(404);
    expect((await commune.download(ids[0]!)).status).toBe(200);

    const report = { assignmentId: assignmentOf(COMMUNE), figures: { installs: 1_200, adults15to60: 9_000, smartphoneUsers: 6_000 }, narrative: 'Ảnh và danh sách đính kèm.', attachmentIds: ids };
    const key = randomUUID();
    const sent = await commune.mutate('reports.submit', report, key);
    expect(sent.status).toBe(200);
    const version = sent.body.result.data.version as number;
    // The device sends the same action again (its outbox, after going offline): one report, attached once.
    const replay = await commune.mutate('reports.submit', report, key);
    expect(replay.body.result.data.version).toBe(version);
    const history = await district.query<Array<{ version: number }>>('reports.history', { assignmentId: assignmentOf(COMMUNE) });
    expect(history.map((r) => r.version)).toEqual([version]);

    const listed = await district.query<Array<{ id: string; reportVersion: number; filename: string }>>('attachments.list', { assignmentId: assignmentOf(COMMUNE) });
    expect(listed.map((a) => [a.id, a.reportVersion])).toEqual(ids.map((id) => [id, version]));

    for (const [id, bytes, type, name] of [
      [ids[0]!, jpeg, 'image/jpeg', 'Ảnh hiện trường.jpg'],
      [ids[1]!, xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'danh sach ho.xlsx'],
    ] as const) {
      const response = await district.download(id);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toMatch(/^sandbox/);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    }
    // A unit beside the commune sees nothing of them.
    expect((await sibling.download(ids[0]!)).status).toBe(404);

    // The report as sent keeps its attachments: a second report cannot carry them, nor can they be removed.
    const again = await commune.mutate('reports.submit', { ...report, narrative: 'Lần hai' });
    expect(domainCode(again.body)).toBe('ATTACHMENT_NOT_FOUND');
    expect(domainCode((await commune.mutate('attachments.remove', { id: ids[0] })).body)).toBe('ILLEGAL_TRANSITION');
  });
});

describe('what is refused', () => {
  it('refuses the EICAR test file as infected, records it, and serves it to nobody', async () => {
    const commune = await new Browser().signIn(OTHER_COMMUNE);
    const key = randomUUID();
    const refused = await upload(commune, OTHER_COMMUNE, 'bao-cao.pdf', new Uint8Array([...Buffer.from('%PDF-1.4\n'), ...eicar()]), key);
    expect(refused.status).toBe(400);
    expect(domainCode(refused.body)).toBe('ATTACHMENT_INFECTED');
    expect(refused.body.error.data.details?.signature ?? refused.body.error.message).toBeTruthy();
    const stored = (await harness.repos.attachments.forAssignment(assignmentOf(OTHER_COMMUNE))).find((a) => a.state === 'infected')!;
    expect(stored.signature).toMatch(/EICAR/);
    // Kept (nothing uploaded is lost), never served, not even to its unit; a retry is the same refusal.
    expect(await harness.deps.files.exists(stored.sha256)).toBe(true);
    expect((await commune.download(stored.id)).status).toBe(404);
    expect(domainCode((await upload(commune, OTHER_COMMUNE, 'bao-cao.pdf', new Uint8Array([...Buffer.from('%PDF-1.4\n'), ...eicar()]), key)).body)).toBe('ATTACHMENT_INFECTED');
    const audit = await harness.db.prisma.auditEntry.findMany({ where: { entityId: stored.id }, orderBy: { id: 'asc' } });
    expect(audit.map((e) => e.action)).toEqual(['attachment.upload', 'attachment.scan']);
    // A report cannot name it.
    const report = { assignmentId: assignmentOf(OTHER_COMMUNE), figures: { installs: 1 }, narrative: 'x', attachmentIds: [stored.id] };
    expect(domainCode((await commune.mutate('reports.submit', report)).body)).toBe('ATTACHMENT_NOT_FOUND');
  });

  it('refuses a file named .jpg whose content is a web page, and keeps nothing of it', async () => {
    const commune = await new Browser().signIn(OTHER_COMMUNE);
    const before = (await harness.repos.attachments.forAssignment(assignmentOf(OTHER_COMMUNE), { withDeleted: true })).length;
    const page = Buffer.from('<!doctype html><script>fetch("/trpc/session.me")</script>');
    const refused = await upload(commune, OTHER_COMMUNE, 'anh.jpg', page);
    expect(refused.status).toBe(400);
    expect(domainCode(refused.body)).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect((await harness.repos.attachments.forAssignment(assignmentOf(OTHER_COMMUNE), { withDeleted: true })).length).toBe(before);
  });

  it('refuses a file one byte over the limit, and the file past the report’s count', async () => {
    const commune = await new Browser().signIn(OTHER_COMMUNE);
    const large = new Uint8Array(ATTACHMENT_MAX_BYTES + 1);
    large.set(photo());
    expect(domainCode((await upload(commune, OTHER_COMMUNE, 'lon.jpg', large)).body)).toBe('ATTACHMENT_TOO_LARGE');
    // A body larger than any attachment's is not read at all.
    const body = await commune.mutate('attachments.upload', { assignmentId: assignmentOf(OTHER_COMMUNE), name: 'x.jpg', base64: 'A'.repeat(ATTACHMENT_BODY_BYTES) });
    expect(body.status).toBe(413);
    const pending = (await harness.repos.attachments.forAssignment(assignmentOf(OTHER_COMMUNE))).filter((a) => a.reportVersion === null && a.state !== 'infected').length;
    for (let i = pending; i < ATTACHMENTS_PER_REPORT; i++) expect((await upload(commune, OTHER_COMMUNE, `anh-${i}.jpg`, photo())).status).toBe(200);
    expect(domainCode((await upload(commune, OTHER_COMMUNE, 'mot-anh-nua.jpg', photo())).body)).toBe('ATTACHMENT_LIMIT_REACHED');
  });

  it('takes an attachment off the next report softly: gone from the list, kept with who and when', async () => {
    const commune = await new Browser().signIn(OTHER_COMMUNE);
    const [first] = await commune.query<Array<{ id: string; state: string }>>('attachments.list', { assignmentId: assignmentOf(OTHER_COMMUNE) }).then((all) => all.filter((a) => a.state === 'clean'));
    const removed = await commune.mutate('attachments.remove', { id: first!.id });
    expect(removed.status).toBe(200);
    const listed = await commune.query<Array<{ id: string }>>('attachments.list', { assignmentId: assignmentOf(OTHER_COMMUNE) });
    expect(listed.map((a) => a.id)).not.toContain(first!.id);
    const kept = (await harness.repos.attachments.get(first!.id))!;
    expect(kept.deletedAt).not.toBeNull();
    expect(kept.deletedBy).toBe(`u.${OTHER_COMMUNE}`);
    expect(await harness.deps.files.exists(kept.sha256)).toBe(true);
    expect((await commune.download(first!.id)).status).toBe(404);
    const audit = await harness.db.prisma.auditEntry.findMany({ where: { entityId: first!.id, action: 'attachment.delete' } });
    expect(audit).toHaveLength(1);
  });
});
