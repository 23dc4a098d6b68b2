import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, DISPATCH_1119_TEXT_PATH } from '@chidao/db';
import { DEFAULT_PROVINCE_SETTINGS, DIRECTIVE_1119, KG, type Directive } from '@chidao/domain';
import { assignmentWorkflowId } from '@chidao/workflows';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { appRouter, domainCodeOf, FILE_NAMES, type ContextDeps } from './index';
import { signedInAs, signedInBrowser } from './testing';
import type { DirectiveDefinition } from './routers/issuance';
import { refusedWith } from './test-support';

/**
 * The authorization matrix: every procedure × every relation of the actor to the target. Each
 * procedure lists the relations it allows; any other success fails the test, and so does a procedure
 * missing from the table (add new procedures here with the cells they allow).
 */

const RELATIONS = ['own', 'parent', 'child', 'sibling', 'otherBranch', 'coordinator', 'province', 'signedOut'] as const;
type Relation = (typeof RELATIONS)[number];

const COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const DISTRICT = 'kg.rach-gia';
const SIBLING = 'kg.rach-gia.p-vinh-thanh-van';
const ELSEWHERE = 'kg.ha-tien.p-dong-ho';

/** Who acts (null: signed out) and on which unit, for each relation. */
const CASES: Record<Relation, { readonly actor: string | null; readonly target: string }> = {
  own: { actor: COMMUNE, target: COMMUNE },
  parent: { actor: DISTRICT, target: COMMUNE },
  child: { actor: COMMUNE, target: DISTRICT },
  sibling: { actor: SIBLING, target: COMMUNE },
  otherBranch: { actor: ELSEWHERE, target: COMMUNE },
  coordinator: { actor: KG.soTTTT, target: COMMUNE },
  province: { actor: KG.province, target: COMMUNE },
  signedOut: { actor: null, target: COMMUNE },
};

type Caller = ReturnType<typeof signedInAs>;
type Files = ReturnType<typeof signedInBrowser>['files'];
/** What a call shows: the success reveals the target's data (or acts on it), or it does not. */
type Seen = 'allowed' | 'denied';

interface Cell {
  readonly probe: (caller: Caller, target: string, files: Files) => Promise<Seen>;
  readonly allowed: readonly Relation[];
}

const ALL: readonly Relation[] = RELATIONS;
const SIGNED_IN: readonly Relation[] = RELATIONS.filter((r) => r !== 'signedOut');

/** A directive issued by `unitId`, stored only (no workflow): what directives.list shows. */
/**
 * A day a month from today (Vietnam): a date proposals and amendments may name whenever the test
 * runs. The matrix only tells allowed from refused, so its exact value does not matter.
 */
const LATER = new Date(Date.now() + 7 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10);
/** A real (not demo) account at each target unit, for the administration procedures that change one. */
const realAccountAt = (unitId: string) => `u.real-${unitId}`;
let usernames = 0;
const freshUsername = () => `thu.${process.pid}.${usernames++}`;
async function freshAccountAt(unitId: string): Promise<string> {
  const username = freshUsername();
  await deps.repos.administration.save(
    { id: `u.${username}`, username, displayName: 'Người Thử', unitId, grants: [{ role: 'officer', unitId, directiveId: null }], email: null },
    true,
    { actor: null, action: 'user.create', entityType: 'user', entityId: `u.${username}` },
  );
  return `u.${username}`;
}
/** A roster of one new person at `unitId` (by its id's unit name), as the template's CSV. */
function rosterAt(unitId: string) {
  const name = unitNames.get(unitId);
  const csv = `Tên đăng nhập,Họ và tên,Đơn vị (mã hoặc tên),Chức vụ,Thư điện tử\n${freshUsername()},Người Thử,${name},Cán bộ,\n`;
  return { name: 'ds.csv', base64: Buffer.from(csv).toString('base64') };
}
const unitNames = new Map<string, string>();
/** The smallest PNG: its signature and an IHDR chunk of one pixel (file-type needs no more). */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
/** An attachment at each target unit that its report of version 1 carries, clean, as if sent. */
const sentAttachments = new Map<string, string>();
/** A clean attachment the target unit has uploaded for its next report, made as the repository stores one. */
async function pendingAttachmentAt(unitId: string, reportVersion: number | null = null): Promise<string> {
  const id = randomUUID();
  const assignmentId = assignmentWorkflowId(DIRECTIVE_1119.id, unitId);
  const sha256 = await deps.files.put(PNG);
  const at = new Date().toISOString();
  const entry = { actor: null, action: 'attachment.upload', entityType: 'report_attachment', entityId: id };
  await deps.repos.attachments.create(
    { id, assignmentId, unitId, uploadedBy: realAccountAt(unitId), idempotencyKey: id, filename: 'anh.png', contentType: 'image/png', size: PNG.length, sha256, at },
    () => undefined,
    entry,
  );
  await deps.repos.attachments.scanned(id, { state: 'clean', at }, { ...entry, action: 'attachment.scan' });
  if (reportVersion !== null) await deps.repos.attachments.attach(assignmentId, reportVersion, [id]);
  return id;
}
/** The province a target unit lies in (every target is in Kiên Giang's tree). */
const provinceOfTarget = (unitId: string) => unitId.split('.')[0]!;
/** The original file each target's directive carries (its bytes only need to read as a PDF). */
const ORIGINAL = Buffer.from('%PDF-1.4\n% bản gốc thử\n%%EOF\n');
const issuedBy = (unitId: string): Directive => ({ ...DIRECTIVE_1119, id: `test-directive-of-${unitId}`, issuerUnitId: unitId });

/** Kiên Giang's identity provider, as the matrix sets it (nothing signs in through it here; passwords stay on). */
const KG_PROVIDER = {
  unitId: KG.province,
  issuer: 'https://sso.kiengiang.example',
  clientId: 'chidao',
  clientSecretRef: 'env:CHIDAO_KG_OIDC_SECRET',
  passwordSignIn: true,
  linkByVerifiedEmail: false,
};

const MATRIX: Record<string, Cell> = {
  // A person's own notifications, preferences, contacts and deliveries: there is no target to reach.
  'notifications.list': { probe: async (c) => (Array.isArray((await c.notifications.list()).items) ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  'notifications.live': {
    probe: async (c) => {
      for await (const first of await c.notifications.live()) return typeof first.unread === 'number' ? 'allowed' : 'denied';
      return 'denied';
    },
    allowed: SIGNED_IN,
  },
  'notifications.markRead': { probe: async (c) => ((await c.notifications.markRead({ ids: ['1'] })).unread >= 0 ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  'notifications.markAllRead': { probe: async (c) => ((await c.notifications.markAllRead()).unread >= 0 ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  'notifications.preferences': { probe: async (c) => ((await c.notifications.preferences()).preferences ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  'notifications.setPreferences': {
    probe: async (c) => {
      const { preferences } = await c.notifications.preferences();
      return (await c.notifications.setPreferences(preferences)).preferences ? 'allowed' : 'denied';
    },
    allowed: SIGNED_IN,
  },
  'notifications.channels': { probe: async (c) => (Array.isArray((await c.notifications.channels()).channels) ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  'notifications.contacts': { probe: async (c) => (Array.isArray(await c.notifications.contacts()) ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  // No channel is configured here: past the access check, the code has nowhere to go.
  'notifications.requestCode': {
    probe: (c) => reached(() => c.notifications.requestCode({ channel: 'email', address: 'chu.tich@example.vn' }), 'CHANNEL_UNAVAILABLE'),
    allowed: SIGNED_IN,
  },
  'notifications.verifyContact': { probe: (c) => reached(() => c.notifications.verifyContact({ channel: 'email', code: '123456' }), 'CODE_EXPIRED'), allowed: SIGNED_IN },
  'notifications.removeContact': { probe: async (c) => ((await c.notifications.removeContact({ channel: 'sms' })).removed === false ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  'notifications.subscribePush': {
    probe: (c) => reached(() => c.notifications.subscribePush({ endpoint: 'https://push.example.vn/abc', keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) } }), 'CHANNEL_UNAVAILABLE'),
    allowed: SIGNED_IN,
  },
  'notifications.unsubscribePush': { probe: async (c) => ((await c.notifications.unsubscribePush({ endpoint: 'https://push.example.vn/abc' })).subscriptions === 0 ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  'notifications.deliveries': { probe: async (c) => (Array.isArray(await c.notifications.deliveries()) ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  // Everyone's deliveries: the system administrator (the demo province's chair) only.
  'notifications.allDeliveries': { probe: async (c) => (Array.isArray(await c.notifications.allDeliveries()) ? 'allowed' : 'denied'), allowed: ['province'] },
  // A reorganisation's open decisions are the issuing unit's leadership's (and the system administrator's, the demo province's chair).
  'reorganisation.pending': {
    probe: async (c, target) => (Array.isArray(await c.reorganisation.pending({ directiveId: issuedBy(target).id })) ? 'allowed' : 'denied'),
    allowed: ['own', 'province'],
  },
  'reorganisation.decide': {
    probe: async (c, target) => {
      await c.reorganisation.decide({ directiveId: issuedBy(target).id, basis: 'Nghị quyết thử', unitId: target, toUnitId: target });
      return 'allowed';
    },
    allowed: ['own', 'province'],
  },
  // Everyone signed in reads the calendar; only the system administrator (the demo province's chair) keeps it.
  'calendar.year': { probe: async (c) => ((await c.calendar.year({ year: 2026 })).year === 2026 ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  'calendar.setYear': {
    probe: async (c) =>
      (await c.calendar.setYear({ year: 2190, daysOff: ['2190-01-01'], workingWeekends: [], source: null, note: null })).status === 'announced' ? 'allowed' : 'denied',
    allowed: ['province'],
  },
  'calendar.addFixedHoliday': {
    probe: async (c) => ((await c.calendar.addFixedHoliday({ monthDay: '12-31', fromYear: 2190, name: 'Thử', basis: 'Thử' })).ok ? 'allowed' : 'denied'),
    allowed: ['province'],
  },
  // Accounts are kept by administrators only: the system administrator (the demo province's chair)
  // here; a province administrator's tree is in administration.test.ts.
  'admin.accounts': { probe: async (c, target) => (Array.isArray((await c.admin.accounts({ unitId: target })).items) ? 'allowed' : 'denied'), allowed: ['province'] },
  'files.rosterTemplate': { probe: async (_c, _t, files) => ((await files.rosterTemplate()).bytes.length > 0 ? 'allowed' : 'denied'), allowed: ['province'] },
  'admin.units': { probe: async (c, target) => ((await c.admin.units()).some((u) => u.id === target) ? 'allowed' : 'denied'), allowed: ['province'] },
  'admin.account': { probe: async (c, target) => ((await c.admin.account({ userId: realAccountAt(target) })).unitId === target ? 'allowed' : 'denied'), allowed: ['province'] },
  'admin.createAccount': {
    probe: async (c, target) => ((await c.admin.createAccount({ username: freshUsername(), displayName: 'Người Thử', unitId: target, grants: [{ role: 'officer', unitId: target }] })).userId ? 'allowed' : 'denied'),
    allowed: ['province'],
  },
  'admin.updateAccount': {
    probe: async (c, target) =>
      (await c.admin.updateAccount({ userId: realAccountAt(target), displayName: 'Người Thử Đã Sửa', unitId: target, grants: [{ role: 'officer', unitId: target }] })).unitId === target
        ? 'allowed'
        : 'denied',
    allowed: ['province'],
  },
  'admin.deactivate': { probe: async (c, target) => ((await c.admin.deactivate({ userId: await freshAccountAt(target) })).changed ? 'allowed' : 'denied'), allowed: ['province'] },
  'admin.reactivate': {
    probe: async (c, target) => {
      const userId = await freshAccountAt(target);
      await deps.repos.administration.deactivate(userId, new Date().toISOString(), { actor: null, action: 'user.deactivate', entityType: 'user', entityId: userId });
      return (await c.admin.reactivate({ userId })).changed ? 'allowed' : 'denied';
    },
    allowed: ['province'],
  },
  'admin.sendCode': { probe: async (c, target) => ((await c.admin.sendCode({ userId: await freshAccountAt(target), delivery: 'sheet' })).sheet.length === 1 ? 'allowed' : 'denied'), allowed: ['province'] },
  'admin.importPreview': {
    probe: async (c, target) => ((await c.admin.importPreview({ file: rosterAt(target) })).counts.create === 1 ? 'allowed' : 'denied'),
    allowed: ['province'],
  },
  'admin.importApply': {
    probe: async (c, target) => ((await c.admin.importApply({ file: rosterAt(target), delivery: 'sheet' })).sheet.length === 1 ? 'allowed' : 'denied'),
    allowed: ['province'],
  },
  // A province's settings are kept by its own administrator (here the system administrator) only; the
  // target's province is what they would read or change. The change saves what stands (nothing moves).
  'admin.settings': { probe: async (c, target) => ((await c.admin.settings({ provinceId: provinceOfTarget(target) })).provinceId === provinceOfTarget(target) ? 'allowed' : 'denied'), allowed: ['province'] },
  'admin.updateSettings': {
    probe: async (c, target) => {
      const provinceId = provinceOfTarget(target);
      const { version } = await deps.repos.provinceSettings.get(provinceId);
      return (await c.admin.updateSettings({ provinceId, version, settings: { ...DEFAULT_PROVINCE_SETTINGS } })).version === version + 1 ? 'allowed' : 'denied';
    },
    allowed: ['province'],
  },
  // Public, and the same answer for everyone: asking reveals nothing and sends only to the account's own verified address.
  // Single sign-on: the system administrator sets the providers; an account's administrator links it.
  'admin.identityProviders': { probe: async (c) => ((await c.admin.identityProviders()).some((p) => p.unitId === KG.province) ? 'allowed' : 'denied'), allowed: ['province'] },
  'admin.setIdentityProvider': {
    probe: async (c) => ((await c.admin.setIdentityProvider(KG_PROVIDER)).unitId === KG.province ? 'allowed' : 'denied'),
    allowed: ['province'],
  },
  'admin.removeIdentityProvider': { probe: async (c) => ((await c.admin.removeIdentityProvider({ unitId: 'kg.no-provider' })).changed === false ? 'allowed' : 'denied'), allowed: ['province'] },
  'admin.linkSubject': {
    probe: async (c, target) => ((await c.admin.linkSubject({ userId: realAccountAt(target), subject: `sub-${target}` })).subject === `sub-${target}` ? 'allowed' : 'denied'),
    allowed: ['province'],
  },
  'admin.subjectLink': { probe: async (c, target) => ('subject' in (await c.admin.subjectLink({ userId: realAccountAt(target) })) ? 'allowed' : 'denied'), allowed: ['province'] },
  'admin.unlinkSubject': { probe: async (c, target) => (typeof (await c.admin.unlinkSubject({ userId: realAccountAt(target) })).changed === 'boolean' ? 'allowed' : 'denied'), allowed: ['province'] },
  'session.requestReset': { probe: async (c, target) => ((await c.session.requestReset({ username: `ct.${target}` })).ok ? 'allowed' : 'denied'), allowed: ALL },
  'session.redeemCode': { probe: (c) => reached(() => c.session.redeemCode({ code: 'ABCD-EFGH-JKMN-PQRS', newPassword: 'mật khẩu mới đủ dài' }), 'ACCOUNT_CODE_INVALID'), allowed: ALL },
  // Which provinces sign in through their provider: public, names only.
  'session.signInOptions': { probe: async (c) => ((await c.session.signInOptions()).providers.some((p) => p.unitId === KG.province) ? 'allowed' : 'denied'), allowed: ALL },
  'session.demoAccounts': { probe: async (c) => ((await c.session.demoAccounts()).length > 0 ? 'allowed' : 'denied'), allowed: ALL },
  'session.me': { probe: async (c) => ((await c.session.me()) ? 'allowed' : 'denied'), allowed: SIGNED_IN },
  // Public: whoever holds the target's password may sign in as it, whoever they were before.
  'session.signIn': {
    probe: async (c, target) => ((await c.session.signIn({ username: `ct.${target}`, password: DEMO_PASSWORD })).unitId === target ? 'allowed' : 'denied'),
    allowed: ALL,
  },
  'session.signOut': { probe: async (c) => ((await c.session.signOut()).ok ? 'allowed' : 'denied'), allowed: ALL },
  // One's own password only: there is no target to reach.
  'session.changePassword': {
    probe: async (c) => ((await c.session.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD })).ok ? 'allowed' : 'denied'),
    allowed: SIGNED_IN,
  },
  'assignments.mine': {
    probe: async (c, target) => ((await c.assignments.mine()).some((a) => a.unitId === target) ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  // Found and paged: still only the units one acts for, whatever is searched.
  'assignments.search': {
    probe: async (c, target) => ((await c.assignments.search({ pageSize: 50 })).items.some((a) => a.unitId === target) ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'assignments.acknowledge': {
    probe: async (c, target) => {
      const result = await c.assignments.acknowledge({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target) });
      return result.unitId === target ? 'allowed' : 'denied';
    },
    allowed: ['own'],
  },
  'directives.list': {
    probe: async (c, target) => ((await c.directives.list()).some((d) => d.id === issuedBy(target).id) ? 'allowed' : 'denied'),
    // `child` sees what its district issued: directives come down the line.
    allowed: ['own', 'parent', 'child', 'province'],
  },
  // A directive's full text and original: whoever sees the directive (as directives.list); attached by its issuer only.
  'directives.document': {
    probe: async (c, target) => ((await c.directives.document({ directiveId: issuedBy(target).id })).original?.size === ORIGINAL.length ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'child', 'province'],
  },
  'files.original': {
    probe: async (_c, target, files) => ((await files.original({ directiveId: issuedBy(target).id })).bytes.equals(ORIGINAL) ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'child', 'province'],
  },
  // The same file again: allowed without a change; past the check of who may attach.
  'directives.attachOriginal': {
    probe: async (c, target) =>
      (await c.directives.attachOriginal({ directiveId: issuedBy(target).id, file: { name: 'ban-goc.pdf', base64: ORIGINAL.toString('base64') } })).original.size === ORIGINAL.length
        ? 'allowed'
        : 'denied',
    allowed: ['own'],
  },
  'directives.search': {
    probe: async (c, target) => ((await c.directives.search({ query: issuedBy(target).reference })).items.some((d) => d.id === issuedBy(target).id) ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'child', 'province'],
  },
  'directives.rollup': {
    probe: async (c, target) => ((await c.directives.rollup({ directiveId: DIRECTIVE_1119.id, unitId: target })).unitId === target ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  // Only the issuing unit recalls; the stored-only directive has no workflow, so success ends in UNAVAILABLE.
  'directives.recall': {
    probe: async (c, target) => ((await c.directives.recall({ directiveId: issuedBy(target).id, reason: 'thử' })).recalled ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  // Only the unit itself, for the units it delivered to (a commune has none below it, so its own
  // call is refused for its state: still past the access check).
  'assignments.setChildDeadline': {
    probe: async (c, target) =>
      (await c.assignments.setChildDeadline({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), reportDate: LATER, instructions: 'Báo cáo sớm.' }))
        .assignments >= 0
        ? 'allowed'
        : 'denied',
    allowed: ['own'],
  },
  // Only the issuing unit; the stored-only directive has no workflow, so success ends in UNAVAILABLE.
  'directives.amendDeadline': {
    probe: async (c, target) =>
      (await c.directives.amendDeadline({ directiveId: issuedBy(target).id, reportDate: LATER, reason: 'Gia hạn chung.' })).assignments >= 0
        ? 'allowed'
        : 'denied',
    allowed: ['own'],
  },
  'directives.amendAcknowledgement': {
    probe: async (c, target) =>
      (await c.directives.amendAcknowledgement({ directiveId: issuedBy(target).id, acknowledgeDate: LATER, reason: 'Lùi hạn tiếp nhận.' })).assignments >= 0
        ? 'allowed'
        : 'denied',
    allowed: ['own'],
  },
  // Only the issuing unit; 1119 asks for no periodic reports, so the issuer's call is refused for that (past the access check).
  'directives.endProgressReports': {
    probe: async (c, target) => ((await c.directives.endProgressReports({ directiveId: issuedBy(target).id, reason: 'Dừng báo cáo định kỳ.' })).assignments >= 0 ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'assignments.requests': {
    probe: async (c, target) =>
      Array.isArray((await c.assignments.requests({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target) })).extensions) ? 'allowed' : 'denied',
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  'assignments.periods': {
    probe: async (c, target) => (Array.isArray(await c.assignments.periods({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target) })) ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  'assignments.timeline': {
    probe: async (c, target) => ((await c.assignments.timeline({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target) })).length > 0 ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  // A request refused for its state (one already pending, nothing overdue) still got past the access check.
  'assignments.requestExtension': {
    probe: async (c, target) =>
      (await c.assignments.requestExtension({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), reason: 'Chờ số liệu', proposedDate: LATER }))
        .state === 'pending'
        ? 'allowed'
        : 'denied',
    allowed: ['own'],
  },
  // The unit that delivered the assignment decides: the district, for its communes.
  'assignments.decideExtension': {
    probe: async (c, target) =>
      (await c.assignments.decideExtension({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), approve: false, note: 'Không đủ lý do' })).number >= 1
        ? 'allowed'
        : 'denied',
    allowed: ['parent'],
  },
  // The district that assigned it, or the province that issued the directive.
  'assignments.requestExplanation': {
    probe: async (c, target) =>
      (await c.assignments.requestExplanation({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), question: 'Vì sao chậm?' })).number >= 1
        ? 'allowed'
        : 'denied',
    allowed: ['parent', 'province'],
  },
  'assignments.answerExplanation': {
    probe: async (c, target) =>
      (await c.assignments.answerExplanation({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), answer: 'Đang khắc phục.' })).number >= 1
        ? 'allowed'
        : 'denied',
    allowed: ['own'],
  },
  // Listed before review: the assignee reports, then the district (the assigner) reviews version 1.
  'reports.submit': {
    probe: async (c, target) => {
      const report = await c.reports.submit({
        assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target),
        figures: { installs: 1_200, adults15to60: 9_000, smartphoneUsers: 6_000 },
        narrative: 'Đã triển khai đến từng khu phố.',
      });
      return report.assignmentId === assignmentWorkflowId(DIRECTIVE_1119.id, target) ? 'allowed' : 'denied';
    },
    allowed: ['own'],
  },
  'reports.history': {
    probe: async (c, target) => (Array.isArray(await c.reports.history({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target) })) ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  // Đề nghị điều chỉnh: the assignee asks; the issuing unit's leadership decides and lists them.
  'assignments.requestAdjustment': {
    probe: async (c, target) => {
      await c.assignments.requestAdjustment({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), taskId: 't1', kind: 'change', reason: 'Đề nghị lùi hạn', proposal: 'Hoàn thành trước 30/9' });
      return 'allowed';
    },
    allowed: ['own'],
  },
  'assignments.decideAdjustment': {
    probe: async (c, target) => {
      await c.assignments.decideAdjustment({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), number: 99, approve: true });
      return 'allowed';
    },
    allowed: ['province'],
  },
  'directives.adjustments': {
    probe: async (c, target) => (Array.isArray(await c.directives.adjustments({ directiveId: issuedBy(target).id })) ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'reports.contributions': {
    probe: async (c, target) => (Array.isArray(await c.reports.contributions({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target) })) ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  // Report attachments: the unit uploads and takes off its own; whoever may read its reports lists
  // and downloads those a sent report carries.
  'attachments.upload': {
    probe: async (c, target) =>
      (await c.attachments.upload({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), name: 'anh.png', base64: PNG.toString('base64') })).state === 'clean'
        ? 'allowed'
        : 'denied',
    allowed: ['own'],
  },
  'attachments.list': {
    probe: async (c, target) =>
      (await c.attachments.list({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target) })).some((a) => a.id === sentAttachments.get(target)) ? 'allowed' : 'denied',
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  'attachments.remove': {
    probe: async (c, target) => ((await c.attachments.remove({ id: await pendingAttachmentAt(target) })).id ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'files.attachment': {
    probe: async (_c, target, files) => ((await files.attachment({ id: sentAttachments.get(target)! })).bytes.equals(PNG) ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  // Only the unit that delivered the assignment (the district, for its communes) reviews it.
  'reports.review': {
    probe: async (c, target) =>
      (await c.reports.review({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), version: 1, decision: 'return', reason: 'Thiếu số liệu.' }))
        .version === 1
        ? 'allowed'
        : 'denied',
    allowed: ['parent'],
  },
  // An escalation addressed to the target unit itself (raised in beforeAll): only its own chair sees and handles it.
  'escalations.inbox': {
    probe: async (c, target) => ((await c.escalations.inbox()).some((e) => e.recipientUnitId === target) ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'escalations.list': {
    probe: async (c, target) => ((await c.escalations.list({ reason: 'behind_target' })).items.some((e) => e.recipientUnitId === target) ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'escalations.markSeen': {
    probe: async (c, target) => ((await c.escalations.markSeen({ id: escalationTo(target) })).recipientUnitId === target ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'escalations.resolve': {
    probe: async (c, target) => ((await c.escalations.resolve({ id: escalationTo(target) })).state === 'resolved' ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  // The coordinator compiles it and the issuer's leadership receives it; the target unit plays no part.
  'compiled.report': {
    probe: async (c) => ((await c.compiled.report({ directiveId: DIRECTIVE_1119.id })).directive.id === DIRECTIVE_1119.id ? 'allowed' : 'denied'),
    allowed: ['coordinator', 'province'],
  },
  // The same report as a file to download (GET /files/compiled.xlsx).
  'files.compiled': {
    probe: async (_c, _target, files) => ((await files.compiled({ directiveId: DIRECTIVE_1119.id })).bytes.length > 0 ? 'allowed' : 'denied'),
    allowed: ['coordinator', 'province'],
  },
  // The directive as an edXML package (GET /files/edxml.edxml): its issuing unit's leadership only,
  // not the coordinator who compiles its report.
  'files.edxml': {
    probe: async (_c, _target, files) => ((await files.edxml({ directiveId: DIRECTIVE_1119.id })).bytes.length > 0 ? 'allowed' : 'denied'),
    allowed: ['province'],
  },
  // A district's report of its communes (and its file, GET /files/progress.xlsx): whoever reads the
  // district within the directive, i.e. the district itself, the province and the coordinator; never
  // one of its communes, another district's commune or a stranger. Probed on the target's district.
  'compiled.unitReport': {
    probe: async (c) => ((await c.compiled.unitReport({ directiveId: DIRECTIVE_1119.id, unitId: DISTRICT })).header.issuingUnitId === DISTRICT ? 'allowed' : 'denied'),
    allowed: ['parent', 'coordinator', 'province'],
  },
  'files.progress': {
    probe: async (_c, _target, files) => ((await files.progress({ directiveId: DIRECTIVE_1119.id, unitId: DISTRICT })).bytes.length > 0 ? 'allowed' : 'denied'),
    allowed: ['parent', 'coordinator', 'province'],
  },
  // A unit's task statistics: whoever reads the unit (its own people, the units above it), for any period.
  'statistics.tasks': {
    probe: async (c, target) => ((await c.statistics.tasks({ unitId: target, from: '2020-08-01', to: '2020-08-31' })).unit.id === target ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'province'],
  },
  // The same figures as a file to download (GET /files/statistics.xlsx).
  'files.statistics': {
    probe: async (_c, target, files) =>
      ((await files.statistics({ unitId: target, from: '2020-08-01', to: '2020-08-31', scope: 'received' })).bytes.length > 0 ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'province'],
  },
  // The urging document is the issuing unit's leadership's: its own chair only.
  'urging.draft': {
    probe: async (c, target) => ((await c.urging.draft({ unitId: target })).issuer.id === target ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'urging.issue': {
    probe: async (c, target) => {
      try {
        await c.urging.issue({ unitId: target, reference: '', subject: 'Đôn đốc', body: 'Nội dung', respondBy: LATER, items: [{ directiveId: DIRECTIVE_1119.id, unitId: SIBLING, taskId: 't1' }] });
        return 'allowed';
      } catch (error) {
        // Past the check of who may issue, the task named is refused: nothing of the sibling's is overdue.
        if (error instanceof TRPCError && domainCodeOf(error) === 'INVALID_INPUT') return 'allowed';
        throw error;
      }
    },
    allowed: ['own'],
  },
  'trends.rate': {
    probe: async (c, target) => ((await c.trends.rate({ directiveId: DIRECTIVE_1119.id, unitId: target })).unitId === target ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  // Only in the name of a unit one leads that has units below it: nobody, for a commune (the district's
  // and the province's own are served, issuance.test.ts).
  'intake.parse': {
    probe: async (c, target) => (typeof (await c.intake.parse({ issuerUnitId: target, text: DISPATCH_1119 })).draft.reference === 'string' ? 'allowed' : 'denied'),
    allowed: [],
  },
  'directives.issueOptions': {
    probe: async (c, target) => ((await c.directives.issueOptions({ issuerUnitId: target })).issuer.id === target ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'directives.preview': {
    probe: async (c, target) => (Array.isArray((await c.directives.preview({ ...ISSUE_DEFINITION, issuerUnitId: target })).problems) ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'directives.issue': {
    probe: async (c, target) => {
      try {
        return (await c.directives.issue({ ...ISSUE_DEFINITION, issuerUnitId: target })).created ? 'allowed' : 'denied';
      } catch (error) {
        if (error instanceof TRPCError && domainCodeOf(error) === 'INVALID_DIRECTIVE') return 'allowed';
        throw error;
      }
    },
    allowed: ['own'],
  },
  // Only the unit itself (a commune has no units below it, so its own call is refused for its state:
  // still past the access check).
  'assignments.forward': {
    probe: async (c, target) =>
      (await c.assignments.forward({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), units: 'all', reportDate: LATER, instructions: 'Các tổ dân phố thực hiện.' }))
        .forwarded.length >= 0
        ? 'allowed'
        : 'denied',
    allowed: ['own'],
  },
  // Only the unit that delivered it (the district, for its communes). The target chosen holds an
  // assignment already, so even an allowed call is refused for its state and moves nothing.
  'assignments.reassign': {
    probe: async (c, target) =>
      (await c.assignments.reassign({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target), toUnitId: SIBLING, reason: 'Sáp nhập.' })).toUnitId === SIBLING
        ? 'allowed'
        : 'denied',
    allowed: ['parent'],
  },
  'directives.subordinates': {
    probe: async (c, target) => (Array.isArray(await c.directives.subordinates({ directiveId: DIRECTIVE_1119.id, unitId: target })) ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  // Only a unit that may issue to units below it, for its own assignment: every target is a commune,
  // which has none, so nobody here (chains.test.ts shows the province and a district allowed).
  'chains.draft': {
    probe: async (c, target) => ((await c.chains.draft({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target) })).implements ? 'allowed' : 'denied'),
    allowed: [],
  },
  // The unit's own assignment only (null: it issued nothing to carry it out).
  'chains.fromRollup': {
    probe: async (c, target) => ((await c.chains.fromRollup({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, target) })) === null ? 'allowed' : 'denied'),
    allowed: ['own'],
  },
  'chains.below': {
    probe: async (c, target) => (Array.isArray(await c.chains.below({ directiveId: DIRECTIVE_1119.id, unitId: target })) ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  'directives.overview': {
    probe: async (c, target) => ((await c.directives.overview({ directiveId: DIRECTIVE_1119.id, unitId: target })).unit.id === target ? 'allowed' : 'denied'),
    allowed: ['own', 'parent', 'coordinator', 'province'],
  },
  // Units are kept by administrators only (a province administrator's tree is in unit-administration.test.ts).
  'units.tree': { probe: async (c, target) => ((await c.units.tree()).some((u) => u.id === target) ? 'allowed' : 'denied'), allowed: ['province'] },
  'units.preview': {
    probe: async (c, target) =>
      (await c.units.preview({ change: { kind: 'rename', unitId: target, name: 'UBND phường Thử' }, legal: UNIT_LEGAL })).units.some((u) => u.id === target) ? 'allowed' : 'denied',
    allowed: ['province'],
  },
  // Renamed and named back, so the target keeps its name for whatever reads it by name.
  'units.applyChange': {
    probe: async (c, target) => {
      const renamed = await c.units.applyChange({ change: { kind: 'rename', unitId: target, name: 'UBND phường Thử' }, legal: UNIT_LEGAL });
      await c.units.applyChange({ change: { kind: 'rename', unitId: target, name: unitNames.get(target)! }, legal: UNIT_LEGAL });
      return renamed.applied ? 'allowed' : 'denied';
    },
    allowed: ['province'],
  },
};

/** A legal basis for the unit administration probes, on a day the Kiên Giang units of 2020 were in force. */
const UNIT_LEGAL = { resolution: 'Nghị quyết số 1685/NQ-UBTVQH15', effectiveFrom: '2025-01-01' };

const DISPATCH_1119 = readFileSync(DISPATCH_1119_TEXT_PATH, 'utf8');

/** A definition addressing the communes below the issuer. */
const ISSUE_DEFINITION: DirectiveDefinition = {
  reference: '77/UBND-VP',
  place: 'Kiên Giang',
  date: '2020-09-01',
  subject: 'V/v thử quyền ban hành',
  urgency: null,
  recipients: [{ text: 'Chủ tịch UBND các xã, phường.', group: { type: 'level', level: 'commune', kinds: ['people_committee'] } }],
  tasks: [{ text: 'Báo cáo.', assignees: [{ type: 'level', level: 'commune', kinds: ['people_committee'] }] }],
  targets: [],
  deadlines: [],
  coordinatorUnitId: null,
  signer: { capacity: 'CHỦ TỊCH', name: 'Nguyễn Văn A' },
  copiesTo: [],
  keyTask: false,
  metrics: [],
  rates: [],
  tracking: {
    acknowledgeWithin: { type: 'workingDays', days: 1 },
    reminders: { fractions: [0.5], workingDaysBefore: [1] },
    escalation: { steps: [{ afterWorkingDays: 1, action: 'escalate_parent' }] },
  },
};

/** The escalation the setup raises for the target unit's own inbox. */
const escalationTo = (unitId: string) => `authz-escalation-to-${unitId}`;

/** A call refused with `code` for a reason past the access check counts as reaching its target. */
async function reached(run: () => Promise<unknown>, code: string): Promise<Seen> {
  try {
    await run();
    return 'allowed';
  } catch (error) {
    if (error instanceof TRPCError && domainCodeOf(error) === code) return 'allowed';
    throw error;
  }
}

/** Errors that mean "denied"; a call refused for its state (or a missing workflow) still got past the access check. */
async function outcome(run: () => Promise<Seen>): Promise<Seen> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const code = domainCodeOf(error);
    if (error.code === 'UNAUTHORIZED' && code === 'NOT_SIGNED_IN') return 'denied';
    if (error.code === 'NOT_FOUND' && ['UNIT_NOT_FOUND', 'ASSIGNMENT_NOT_FOUND', 'DIRECTIVE_NOT_FOUND', 'ESCALATION_NOT_FOUND', 'USER_NOT_FOUND', 'ATTACHMENT_NOT_FOUND'].includes(code ?? '')) {
      return 'denied';
    }
    if (error.code === 'CONFLICT' && (code === 'ALREADY_ACKNOWLEDGED' || code === 'ILLEGAL_TRANSITION')) return 'allowed';
    if (code === 'UNAVAILABLE') return 'allowed';
    // What the installation shares (the calendar) exists for everyone: a refusal says who may change it.
    if (error.code === 'FORBIDDEN' && code === 'NOT_ADMINISTRATOR') return 'denied';
    throw error;
  }
}

const taskQueue = 'authz-test';
let harness: EngineHarness;
let deps: ContextDeps;

beforeAll(async () => {
  harness = await startEngineHarness(taskQueue);
  deps = harness.deps;
  const { repos } = harness;
  await repos.singleSignOn.saveProvider({ ...KG_PROVIDER, updatedAt: new Date().toISOString() }, { actor: null, action: 'identity_provider.set', entityType: 'unit', entityId: KG.province });
  const hierarchy = await repos.units.hierarchy();
  for (const unitId of new Set(Object.values(CASES).map((c) => c.target))) {
    unitNames.set(unitId, hierarchy.units.get(unitId)!.name);
    const username = `real-${unitId}`;
    await repos.administration.save(
      { id: realAccountAt(unitId), username, displayName: 'Người Thử', unitId, grants: [{ role: 'officer', unitId, directiveId: null }], email: null },
      true,
      { actor: null, action: 'user.create', entityType: 'user', entityId: realAccountAt(unitId) },
    );
    await repos.directives.save(issuedBy(unitId), `test-workflow-of-${unitId}`);
    await repos.directives.attachOriginal(issuedBy(unitId).id, { sha256: await harness.deps.files.put(ORIGINAL), contentType: 'application/pdf', filename: 'ban-goc.pdf', size: ORIGINAL.length }, null);
    sentAttachments.set(unitId, await pendingAttachmentAt(unitId, 1));
    await repos.escalations.raise({
      id: escalationTo(unitId),
      directiveId: DIRECTIVE_1119.id,
      assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, unitId),
      unitId,
      recipientUnitId: unitId,
      level: 'parent',
      // Not a deadline the matrix's own report would answer (that would resolve it on the way).
      reason: 'behind_target',
      raisedAt: new Date().toISOString(),
      dueAt: new Date().toISOString(),
    });
  }
});

afterAll(async () => {
  await harness?.stop();
});

describe('the authorization matrix', () => {
  it('covers every procedure of the router', () => {
    const procedures = [...Object.keys(appRouter._def.procedures), ...FILE_NAMES.map((name) => `files.${name}`)].sort();
    expect(procedures).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [path, cell] of Object.entries(MATRIX)) {
    it(`${path}: allows exactly ${cell.allowed.join(', ') || 'nobody'}`, async () => {
      const seen: Partial<Record<Relation, Seen>> = {};
      for (const relation of RELATIONS) {
        const { actor, target } = CASES[relation];
        const { caller, files } = signedInBrowser(deps, actor === null ? null : `u.${actor}`);
        seen[relation] = await outcome(() => cell.probe(caller, target, files));
      }
      const expected = Object.fromEntries(RELATIONS.map((r) => [r, cell.allowed.includes(r) ? 'allowed' : 'denied']));
      expect(seen).toEqual(expected);
    });
  }
});

describe('guessing ids', () => {
  /** The whole refusal as a client sees it, with the guessed id blanked out of the message. */
  async function refusal(promise: Promise<unknown>, guessed: string) {
    const trpc = await refusedWith(promise);
    return { code: trpc.code, domainCode: domainCodeOf(trpc), message: trpc.message.replaceAll(guessed, '<id>') };
  }

  const chair = () => signedInAs(deps, `u.${ELSEWHERE}`);

  it("another unit's assignment fails exactly like one that does not exist", async () => {
    const real = assignmentWorkflowId(DIRECTIVE_1119.id, SIBLING);
    const made = assignmentWorkflowId(DIRECTIVE_1119.id, 'kg.rach-gia.p-khong-co');
    expect(await refusal(chair().assignments.acknowledge({ assignmentId: real }), real)).toEqual(
      await refusal(chair().assignments.acknowledge({ assignmentId: made }), made),
    );
  });

  it("another branch's unit fails exactly like one that does not exist", async () => {
    expect(await refusal(chair().directives.overview({ directiveId: DIRECTIVE_1119.id, unitId: DISTRICT }), DISTRICT)).toEqual(
      await refusal(chair().directives.overview({ directiveId: DIRECTIVE_1119.id, unitId: 'kg.khong-co' }), 'kg.khong-co'),
    );
  });

  it("a directive outside one's line fails exactly like one that does not exist", async () => {
    const real = issuedBy(SIBLING).id;
    expect(await refusal(chair().directives.overview({ directiveId: real }), real)).toEqual(
      await refusal(chair().directives.overview({ directiveId: 'no-such-directive' }), 'no-such-directive'),
    );
  });
});

describe('the audit trail of an acknowledgement', () => {
  it('names who, in which role and unit, before and after, the request and the address', async () => {
    const unit = 'kg.an-bien';
    const assignmentId = assignmentWorkflowId(DIRECTIVE_1119.id, unit);
    const chair = signedInAs(deps, `u.${unit}`, { address: '203.0.113.9' });
    await chair.assignments.acknowledge({ assignmentId });
    const [entry, ...rest] = await deps.repos.audit.forEntity('assignment', assignmentId);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      actorUserId: `u.${unit}`,
      actorRole: 'chair',
      actorUnitId: unit,
      action: 'assignment.acknowledge',
      before: { state: 'issued', acknowledgedAt: null, acknowledgedBy: null },
      after: { state: 'acknowledged', acknowledgedBy: `u.${unit}` },
      address: '203.0.113.9',
    });
    expect(entry?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // A refused attempt changes nothing and writes nothing.
    await expect(chair.assignments.acknowledge({ assignmentId })).rejects.toThrow();
    expect(await deps.repos.audit.forEntity('assignment', assignmentId)).toHaveLength(1);
  });
});
