import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createEmailChannel, createSmsChannel } from '@chidao/channels';
import { startSmsGatewayStub, startSmtpSink, type SmsGatewayStub, type SmtpSink } from '@chidao/channels/testing';
import { ACCOUNT_CODE_POLICY } from '@chidao/domain';
import { readTableBytes } from '@chidao/intake';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { afterAnswer, domainCodeOf, type ContextDeps } from './index';
import { signedInAs, signedInBrowser, testBrowser } from './testing';
import { refusedWith } from './test-support';

/**
 * Administration through the API on real PostgreSQL, with activation and reset links sent over a
 * real SMTP server: a province administrator's reach, a roster's dry run and all-or-nothing import,
 * activation, deactivation, and both kinds of password reset, each step in the audit trail.
 */

const DISTRICT = 'kg.rach-gia';
const COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const ELSEWHERE = 'kg.ha-tien.p-dong-ho';
const ADMIN = 'u.qt.rachgia';
const HEADER = ['Tên đăng nhập', 'Họ và tên', 'Đơn vị (mã hoặc tên)', 'Chức vụ', 'Thư điện tử'];
const PASSWORD = 'mật khẩu mới của tôi';

let harness: EngineHarness;
let sink: SmtpSink;
let gateway: SmsGatewayStub;
let deps: ContextDeps;

const refusal = async (promise: Promise<unknown>) => domainCodeOf(await refusedWith(promise));
const linkCode = (text: string) => /#\/activate\/([0-9A-Z-]{19})/.exec(text)?.[1] ?? '';
const mailTo = async (address: string) => linkCode((await sink.waitFor((m) => m.to.includes(address))).text);

async function xlsx(rows: string[][]): Promise<{ name: string; base64: string }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  for (const row of [HEADER, ...rows]) sheet.addRow(row);
  return { name: 'danh-sach.xlsx', base64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64') };
}

beforeAll(async () => {
  [harness, sink, gateway] = await Promise.all([startEngineHarness('administration-test'), startSmtpSink(), startSmsGatewayStub()]);
  const email = createEmailChannel({ url: sink.url, from: 'Theo dõi chỉ đạo <no-reply@chidao.test>' });
  const sms = createSmsChannel({ url: gateway.url, apiKey: gateway.apiKey, secretKey: gateway.secretKey, brandname: gateway.brandname });
  deps = { ...harness.deps, notify: { configured: ['email', 'sms'], channels: { email, sms }, vapidPublicKey: null, appUrl: 'http://chidao.test' } };
  // The district's administrator: a province administrator whose tree is Rạch Giá.
  await harness.repos.administration.save(
    { id: ADMIN, username: 'qt.rachgia', displayName: 'Quản trị Rạch Giá', unitId: DISTRICT, grants: [{ role: 'province_admin', unitId: DISTRICT, directiveId: null }], email: null },
    true,
    { actor: null, action: 'user.create', entityType: 'user', entityId: ADMIN },
  );
});

afterAll(async () => {
  await sink?.stop();
  await gateway?.stop();
  await harness?.stop();
});

describe("a province administrator's reach", () => {
  it('creates accounts in its own tree only, and names no system administrator', async () => {
    const admin = signedInAs(deps, ADMIN);
    const { userId } = await admin.admin.createAccount({ username: 'CB.VinhThanh', displayName: 'Trần Thị Bình', unitId: COMMUNE, grants: [{ role: 'officer', unitId: COMMUNE }] });
    expect(userId).toBe('u.cb.vinhthanh');
    expect(await refusal(admin.admin.createAccount({ username: 'cb.dongho', displayName: 'X', unitId: ELSEWHERE, grants: [] }))).toBe('UNIT_NOT_FOUND');
    expect(await refusal(admin.admin.createAccount({ username: 'qt.moi', displayName: 'X', unitId: COMMUNE, grants: [{ role: 'system_admin', unitId: COMMUNE }] }))).toBe('OUT_OF_SCOPE');
    expect(await refusal(admin.admin.createAccount({ username: 'cb.vinhthanh', displayName: 'X', unitId: COMMUNE, grants: [] }))).toBe('INVALID_INPUT');

    const listed = await admin.admin.accounts({ search: 'bình' });
    expect(listed.items.map((a) => [a.username, a.unitName, a.grants.map((g) => g.role)])).toEqual([['cb.vinhthanh', 'UBND phường Vĩnh Thanh', ['officer']]]);
    expect((await admin.admin.accounts({ role: 'officer', unitId: DISTRICT })).items.map((a) => a.username)).toContain('cb.vinhthanh');
    expect(await refusal(admin.admin.accounts({ unitId: ELSEWHERE }))).toBe('UNIT_NOT_FOUND');
    // A commune's chair administers nothing.
    expect(await refusal(signedInAs(deps, `u.${COMMUNE}`).admin.accounts())).toBe('NOT_ADMINISTRATOR');

    const [entry] = await harness.repos.audit.forEntity('user', userId);
    expect(entry).toMatchObject({ actorUserId: ADMIN, actorRole: 'province_admin', actorUnitId: DISTRICT, action: 'user.create', before: null });
  });
});

describe('the roster template', () => {
  it("lists the administrator's own units and reads back as a roster whose example row is a new account", async () => {
    const { files } = signedInBrowser(deps, ADMIN);
    const template = await files.rosterTemplate();
    expect(template.filename).toBe('mau-danh-sach-tai-khoan.xlsx');
    const cells = await readTableBytes(template.filename, template.bytes);
    expect(cells[0]).toEqual(HEADER);
    const preview = await signedInAs(deps, ADMIN).admin.importPreview({ file: { name: 'mau.xlsx', base64: template.bytes.toString('base64') } });
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => [r.outcome, r.unitName])).toEqual([['create', 'UBND thành phố Rạch Giá']]);
  });
});

describe('a roster', () => {
  const people = (n: number) =>
    Array.from({ length: n }, (_, i) => [`cb.nhap${i}`, `Cán bộ Nhập ${i}`, i % 2 === 0 ? 'phường Vĩnh Thanh' : 'UBND phường Vĩnh Thanh Vân', 'Cán bộ', `cb.nhap${i}@example.vn`]);

  it('shows every error by row and column, imports nothing while one is left, then imports all and again changes nothing', async () => {
    const admin = signedInAs(deps, ADMIN);
    const broken = await xlsx([...people(10), ['cb.sai', 'Sai Đơn Vị', 'phường Đông Hồ', 'Cán bộ', ''], ['cb.sai2', 'Sai Chức Vụ', 'phường Vĩnh Thanh', 'Thủ quỹ', '']]);
    const preview = await admin.admin.importPreview({ file: broken });
    expect(preview.counts).toEqual({ create: 10, update: 0, unchanged: 0, error: 2 });
    expect(preview.errors).toEqual([
      { row: 12, column: 'Đơn vị (mã hoặc tên)', code: 'UNIT_OUT_OF_SCOPE', value: 'phường Đông Hồ' },
      { row: 13, column: 'Chức vụ', code: 'UNKNOWN_ROLE', value: 'Thủ quỹ' },
    ]);
    expect(await refusal(admin.admin.importApply({ file: broken, delivery: 'email' }))).toBe('ROSTER_HAS_ERRORS');
    expect(await harness.repos.users.get('u.cb.nhap0')).toBeNull();

    const fixed = await xlsx(people(10));
    const before = sink.counts.received;
    const applied = await admin.admin.importApply({ file: fixed, delivery: 'email' });
    expect(applied.counts).toEqual({ create: 10, update: 0, unchanged: 0, error: 0 });
    expect(applied.mailed).toBe(10);
    expect(applied.sheet).toEqual([]);
    const link = await mailTo('cb.nhap3@example.vn');
    expect(link).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(sink.counts.received - before).toBe(10);

    const audited = (await harness.repos.audit.forEntity('user', 'u.cb.nhap3')).length;
    const again = await admin.admin.importApply({ file: fixed, delivery: 'email' });
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 10, error: 0 });
    expect(again.mailed).toBe(0);
    expect((await harness.repos.audit.forEntity('user', 'u.cb.nhap3')).length).toBe(audited);

    // The link activates the account: a password of the person's own, signed in, the address verified.
    const person = testBrowser(deps);
    const me = await person.caller.session.redeemCode({ code: link.toLowerCase(), newPassword: PASSWORD });
    expect(me.id).toBe('u.cb.nhap3');
    expect((await person.caller.session.me())?.username).toBe('cb.nhap3');
    expect((await harness.repos.contacts.get('u.cb.nhap3', 'email'))?.verifiedAt).not.toBeNull();
    expect(await refusal(testBrowser(deps).caller.session.redeemCode({ code: link, newPassword: PASSWORD }))).toBe('ACCOUNT_CODE_INVALID');
  });

  it('hands out a printed sheet of codes when the e-mail is not used', async () => {
    const admin = signedInAs(deps, ADMIN);
    const file = await xlsx([['ct.vinhthanh', 'Chủ tịch Mới', 'phường Vĩnh Thanh', 'Chủ tịch', '']]);
    const { sheet } = await admin.admin.importApply({ file, delivery: 'sheet' });
    expect(sheet.map((s) => [s.username, s.unitName])).toEqual([['ct.vinhthanh', 'UBND phường Vĩnh Thanh']]);
    const person = testBrowser(deps);
    await person.caller.session.redeemCode({ code: sheet[0]!.code, newPassword: PASSWORD });
    expect((await person.caller.session.me())?.roles).toEqual([{ role: 'chair', unitId: COMMUNE, directiveId: null }]);
  });
});

describe('deactivation', () => {
  it("ends the person's sessions at once, refuses their password, keeps the account, and can be undone", async () => {
    const admin = signedInAs(deps, ADMIN);
    const { userId } = await admin.admin.createAccount({ username: 'cb.nghi', displayName: 'Cán bộ Nghỉ', unitId: COMMUNE, grants: [{ role: 'officer', unitId: COMMUNE }] });
    const { sheet } = await admin.admin.sendCode({ userId, delivery: 'sheet' });
    const person = testBrowser(deps);
    await person.caller.session.redeemCode({ code: sheet[0]!.code, newPassword: PASSWORD });
    expect(await person.caller.session.me()).not.toBeNull();

    expect(await admin.admin.deactivate({ userId })).toEqual({ changed: true, endedSessions: 1 });
    expect(await person.caller.session.me()).toBeNull();
    expect(await refusal(testBrowser(deps).caller.session.signIn({ username: 'cb.nghi', password: PASSWORD }))).toBe('INVALID_CREDENTIALS');
    expect((await admin.admin.accounts({ search: 'cb.nghi' })).items).toEqual([]);
    expect((await admin.admin.accounts({ search: 'cb.nghi', includeDeactivated: true })).items[0]?.deactivatedAt).not.toBeNull();

    expect(await admin.admin.reactivate({ userId })).toEqual({ changed: true });
    await testBrowser(deps).caller.session.signIn({ username: 'cb.nghi', password: PASSWORD });
    expect((await harness.repos.audit.forEntity('user', userId)).map((e) => e.action)).toEqual([
      'user.create',
      'user.issue_activation',
      'user.redeem_code',
      'session.sign_in',
      'user.deactivate',
      'user.reactivate',
      'session.sign_in',
    ]);
  });

  it('moves a person to another post with their history', async () => {
    const admin = signedInAs(deps, ADMIN);
    const moved = await admin.admin.updateAccount({ userId: 'u.cb.vinhthanh', displayName: 'Trần Thị Bình', unitId: 'kg.rach-gia.p-vinh-thanh-van', grants: [{ role: 'vice_chair', unitId: 'kg.rach-gia.p-vinh-thanh-van' }] });
    expect([moved.id, moved.unitName, moved.grants.map((g) => g.role)]).toEqual(['u.cb.vinhthanh', 'UBND phường Vĩnh Thanh Vân', ['vice_chair']]);
    const history = await harness.repos.audit.forEntity('user', 'u.cb.vinhthanh');
    expect(history.map((e) => e.action)).toEqual(['user.create', 'user.update']);
    expect(history[1]).toMatchObject({ before: { unitId: COMMUNE }, after: { unitId: 'kg.rach-gia.p-vinh-thanh-van' } });
  });
});

describe('password reset', () => {
  it('answers alike whether or not the account exists, sends the link to the verified address only, at most three an hour', async () => {
    const visitor = testBrowser(deps).caller;
    const before = sink.counts.received;
    const unknown = await visitor.session.requestReset({ username: 'khong.co.ai' });
    const known = await visitor.session.requestReset({ username: 'CB.Nhap3' });
    expect(known).toEqual(unknown);
    expect(known.validMinutes).toBe(ACCOUNT_CODE_POLICY.resetValidMinutes);
    const code = linkCode((await sink.waitFor((m) => m.to.includes('cb.nhap3@example.vn') && m.subject.startsWith('Đặt lại'))).text);
    // Not yet activated (no password, address unverified): nothing is sent to cb.nhap4.
    await visitor.session.requestReset({ username: 'cb.nhap4' });

    const person = testBrowser(deps);
    await person.caller.session.redeemCode({ code, newPassword: 'một mật khẩu khác hẳn' });
    await testBrowser(deps).caller.session.signIn({ username: 'cb.nhap3', password: 'một mật khẩu khác hẳn' });
    expect(await refusal(testBrowser(deps).caller.session.signIn({ username: 'cb.nhap3', password: PASSWORD }))).toBe('INVALID_CREDENTIALS');

    // Three at once: one before, two of these three; the third within the hour makes no code (the
    // throttle is counted under a lock on the account), so nothing to send.
    await Promise.all([0, 1, 2].map(() => visitor.session.requestReset({ username: 'cb.nhap3' })));
    await afterAnswer.idle();
    const since = new Date(Date.now() - 3_600_000).toISOString();
    expect(await harness.repos.administration.resetsSince('u.cb.nhap3', since)).toHaveLength(ACCOUNT_CODE_POLICY.resetsPerHour);
    const resets = () => sink.messages.filter((m) => m.to.includes('cb.nhap3@example.vn') && m.subject.startsWith('Đặt lại')).length;
    await expect.poll(resets).toBe(ACCOUNT_CODE_POLICY.resetsPerHour);
    expect(sink.counts.received - before).toBe(ACCOUNT_CODE_POLICY.resetsPerHour);
    expect(sink.messages.some((m) => m.to.includes('cb.nhap4@example.vn') && m.subject.startsWith('Đặt lại'))).toBe(false);
  });

  it('reaches a person with no e-mail address through their verified phone, by SMS', async () => {
    const admin = signedInAs(deps, ADMIN);
    const { userId } = await admin.admin.createAccount({ username: 'cb.sodienthoai', displayName: 'Lê Văn Sơn', unitId: COMMUNE, grants: [{ role: 'officer', unitId: COMMUNE }] });
    const { sheet } = await admin.admin.sendCode({ userId, delivery: 'sheet' });
    const person = testBrowser(deps);
    await person.caller.session.redeemCode({ code: sheet[0]!.code, newPassword: PASSWORD });
    // The person adds their phone and proves it with the code it receives.
    await person.caller.notifications.requestCode({ channel: 'sms', address: '0912 345 678' });
    const verification = await gateway.waitFor((r) => r.body.Phone === '0912345678');
    const digits = /(\d{6})/.exec(String(verification.body.Content))![1]!;
    await person.caller.notifications.verifyContact({ channel: 'sms', code: digits });

    // Forgotten: the code comes by SMS (no e-mail address to send it to), and sets a new password.
    const mailed = sink.counts.received;
    await testBrowser(deps).caller.session.requestReset({ username: 'cb.sodienthoai' });
    await afterAnswer.idle();
    const reset = await gateway.waitFor((r) => r.body.Phone === '0912345678' && String(r.body.Content).startsWith('Mã đặt lại mật khẩu'));
    const code = linkCode(String(reset.body.Content));
    expect(String(reset.body.Content)).toContain(`: ${code} (`);
    expect(sink.counts.received).toBe(mailed);
    await testBrowser(deps).caller.session.redeemCode({ code, newPassword: 'mật khẩu nhận qua tin nhắn' });
    await testBrowser(deps).caller.session.signIn({ username: 'cb.sodienthoai', password: 'mật khẩu nhận qua tin nhắn' });
    const [requested] = (await harness.repos.audit.forEntity('user', userId)).filter((e) => e.action === 'user.request_reset');
    expect(requested).toMatchObject({ after: { sentTo: '84912345678', via: 'sms' } });
  });

  it("by an administrator ends the old password and every session; the person sets a new one", async () => {
    const admin = signedInAs(deps, ADMIN);
    const person = testBrowser(deps);
    await person.caller.session.signIn({ username: 'ct.vinhthanh', password: PASSWORD });
    const { sentTo, sheet } = await admin.admin.sendCode({ userId: 'u.ct.vinhthanh', delivery: 'sheet' });
    expect(sentTo).toBeNull();
    expect(await person.caller.session.me()).toBeNull();
    expect(await refusal(testBrowser(deps).caller.session.signIn({ username: 'ct.vinhthanh', password: PASSWORD }))).toBe('INVALID_CREDENTIALS');
    expect(await refusal(testBrowser(deps).caller.session.redeemCode({ code: sheet[0]!.code, newPassword: 'ct.vinhthanh' }))).toBe('WEAK_PASSWORD');
    await testBrowser(deps).caller.session.redeemCode({ code: sheet[0]!.code, newPassword: 'mật khẩu sau khi đặt lại' });
    await testBrowser(deps).caller.session.signIn({ username: 'ct.vinhthanh', password: 'mật khẩu sau khi đặt lại' });
    const [last] = (await harness.repos.audit.forEntity('user', 'u.ct.vinhthanh')).filter((e) => e.action === 'user.reset_password');
    expect(last).toMatchObject({ actorUserId: ADMIN, actorRole: 'province_admin', after: { delivery: 'sheet', sentTo: null } });
  });
});
