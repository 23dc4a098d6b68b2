import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROVINCE_SETTINGS, KG, type ProvinceSettings } from '@chidao/domain';
import { eventually } from '@chidao/testing';
import { assignmentWorkflowId } from '@chidao/workflows';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { domainCodeOf } from './error-shape';
import type { DirectiveDefinition } from './routers/issuance';
import { signedInAs } from './testing';
import { refusedWith } from './test-support';

/**
 * Settings per province through the API, on real PostgreSQL and a real Temporal worker: the system
 * administrator changes Kiên Giang's; a directive issued after the change starts from them, one
 * issued before keeps what it was issued under (its record and the deadlines its workflow set), and
 * issuing the earlier one again is still the same directive. A stale version changes nothing; every
 * change is in the audit trail with the settings before and after; intake reads "trước ngày" by them,
 * and the quiet hours are those of the province's people who chose none.
 */

const ADMIN = `u.${KG.province}`;
const DISTRICT_ADMIN = 'u.qt.rachgia.settings';
const RACH_GIA = 'kg.rach-gia';
const SO_Y_TE = 'kg.so-y-te';

let harness: EngineHarness;
beforeAll(async () => {
  harness = await startEngineHarness('province-settings-test');
  await harness.repos.administration.save(
    { id: DISTRICT_ADMIN, username: 'qt.rachgia.settings', displayName: 'Quản trị Rạch Giá', unitId: RACH_GIA, grants: [{ role: 'province_admin', unitId: RACH_GIA, directiveId: null }], email: null },
    true,
    { actor: null, action: 'user.create', entityType: 'user', entityId: DISTRICT_ADMIN },
  );
});
afterAll(async () => {
  await harness?.stop();
});

const as = (userId: string) => signedInAs(harness.deps, userId);
const refusal = async (promise: Promise<unknown>) => domainCodeOf(await refusedWith(promise));

/** A directive to Sở Y tế that leaves its follow-up to the province (the acknowledgement window, reminders, escalation). */
function definition(reference: string): DirectiveDefinition {
  return {
    reference,
    place: 'Kiên Giang',
    date: '2020-09-02',
    subject: 'V/v rà soát cơ sở y tế',
    urgency: null,
    recipients: [{ text: 'Giám đốc Sở Y tế;', group: { type: 'units', unitIds: [SO_Y_TE] } }],
    tasks: [{ text: 'Sở Y tế: rà soát các cơ sở y tế.', assignees: [{ type: 'units', unitIds: [SO_Y_TE] }] }],
    targets: [],
    deadlines: [],
    coordinatorUnitId: null,
    signer: { capacity: 'CHỦ TỊCH', name: 'Lâm Minh Thành' },
    copiesTo: [],
    keyTask: false,
    metrics: [],
    rates: [],
    tracking: { reportBy: { type: 'workingDays', days: 10 } },
  };
}

const STRICTER: ProvinceSettings = {
  ...DEFAULT_PROVINCE_SETTINGS,
  acknowledgeWorkingDays: 3,
  reminders: { atHalf: false, atThreeQuarters: false, dayBefore: true },
  escalation: { parentAfterWorkingDays: 2, provinceAfterWorkingDays: 4 },
  extensionsCloseWorkingDays: 5,
  quietHours: { from: '22:00', to: '06:30' },
  beforeDate: 'exclusive',
  reportRegime: { type: 'monthly', cutOffDay: 15, dueDay: 22 },
};

/** The acknowledgement deadline Sở Y tế's assignment of a directive was given, once its workflow has set it. */
const acknowledgeByOf = (directiveId: string) =>
  eventually(async () => {
    const assignment = await harness.repos.assignments.get(assignmentWorkflowId(directiveId, SO_Y_TE));
    expect(assignment?.acknowledgeBy).toBeTruthy();
    return assignment!.acknowledgeBy!;
  });

describe('settings per province', () => {
  it('apply to directives issued after a change, never to one issued before, and are audited', async () => {
    const admin = as(ADMIN);
    const before = await admin.admin.settings();
    expect(before).toMatchObject({ provinceId: KG.province, version: 0, settings: DEFAULT_PROVINCE_SETTINGS, updatedBy: null });
    expect(before.provinces.map((p) => p.id)).toContain(KG.province);

    const earlier = await admin.directives.issue(definition('1301/UBND-KGVX'));
    const earlierTracking = (await harness.repos.directives.get(earlier.directiveId))!.tracking;
    expect(earlierTracking).toMatchObject({ acknowledgeWithin: { type: 'workingDays', days: 1 }, reminders: { fractions: [0.5, 0.75], workingDaysBefore: [1] }, extensionsCloseWorkingDays: 3 });
    const earlierAcknowledgeBy = await acknowledgeByOf(earlier.directiveId);

    const saved = await admin.admin.updateSettings({ provinceId: KG.province, version: 0, settings: STRICTER });
    expect(saved).toMatchObject({ version: 1, settings: STRICTER, updatedBy: ADMIN });
    const [entry] = await harness.repos.audit.forEntity('province_settings', KG.province);
    expect(entry).toMatchObject({
      actorUserId: ADMIN,
      actorRole: 'system_admin',
      action: 'province_settings.update',
      before: { version: 0, settings: DEFAULT_PROVINCE_SETTINGS },
      after: { version: 1, settings: STRICTER, changed: ['acknowledgeWorkingDays', 'reminders', 'escalation', 'extensionsCloseWorkingDays', 'quietHours', 'beforeDate', 'reportRegime'] },
    });
    // A new form starts from them, and a person of the province who chose no quiet hours has its.
    expect((await admin.directives.issueOptions()).defaults).toEqual(STRICTER);
    expect(await as(`u.${RACH_GIA}`).notifications.preferences()).toMatchObject({ saved: false, preferences: { quietHours: { from: '22:00', to: '06:30' } } });

    const later = await admin.directives.issue(definition('1302/UBND-KGVX'));
    expect((await harness.repos.directives.get(later.directiveId))!.tracking).toEqual({
      acknowledgeWithin: { type: 'workingDays', days: 3 },
      reportBy: { type: 'workingDays', days: 10 },
      reminders: { fractions: [], workingDaysBefore: [1] },
      escalation: {
        steps: [
          { afterWorkingDays: 0, action: 'remind' },
          { afterWorkingDays: 2, action: 'escalate_parent' },
          { afterWorkingDays: 4, action: 'escalate_province' },
        ],
      },
      extensionsCloseWorkingDays: 5,
    });
    // Three working days to acknowledge instead of one, issued moments later: a later deadline.
    expect(Date.parse(await acknowledgeByOf(later.directiveId))).toBeGreaterThan(Date.parse(earlierAcknowledgeBy));

    // The earlier directive is as it was issued, and issuing it again is the same directive still.
    expect((await harness.repos.directives.get(earlier.directiveId))!.tracking).toEqual(earlierTracking);
    expect(await acknowledgeByOf(earlier.directiveId)).toBe(earlierAcknowledgeBy);
    expect(await admin.directives.issue(definition('1301/UBND-KGVX'))).toMatchObject({ directiveId: earlier.directiveId, created: false });

    // What a directive sets itself stays its own.
    const own = await admin.directives.issue({ ...definition('1303/UBND-KGVX'), tracking: { acknowledgeWithin: { type: 'workingDays', days: 0 } } });
    expect((await harness.repos.directives.get(own.directiveId))!.tracking).toMatchObject({ acknowledgeWithin: { type: 'workingDays', days: 0 }, extensionsCloseWorkingDays: 5 });
  });

  it('refuse a change made on a version that no longer stands, changing nothing', async () => {
    const admin = as(ADMIN);
    const { version, settings } = await admin.admin.settings({ provinceId: KG.province });
    const entries = (await harness.repos.audit.forEntity('province_settings', KG.province)).length;
    expect(await refusal(admin.admin.updateSettings({ provinceId: KG.province, version: version - 1, settings: DEFAULT_PROVINCE_SETTINGS }))).toBe('SETTINGS_CHANGED');
    expect(await admin.admin.settings({ provinceId: KG.province })).toMatchObject({ version, settings });
    expect(await harness.repos.audit.forEntity('province_settings', KG.province)).toHaveLength(entries);
  });

  it('refuse settings out of bounds by field, changing nothing', async () => {
    const admin = as(ADMIN);
    const { version } = await admin.admin.settings();
    const backwards = { ...STRICTER, escalation: { parentAfterWorkingDays: 4, provinceAfterWorkingDays: 2 } };
    const refused = await refusedWith(admin.admin.updateSettings({ provinceId: KG.province, version, settings: backwards }));
    expect(domainCodeOf(refused)).toBe('INVALID_INPUT');
    expect((await admin.admin.settings()).version).toBe(version);
  });

  it('are kept by the administrator of the province alone', async () => {
    // A district's administrator keeps its accounts, not its province's settings.
    expect(await refusal(as(DISTRICT_ADMIN).admin.settings())).toBe('NOT_ADMINISTRATOR');
    expect(await refusal(as(DISTRICT_ADMIN).admin.updateSettings({ provinceId: KG.province, version: 1, settings: DEFAULT_PROVINCE_SETTINGS }))).toBe('UNIT_NOT_FOUND');
    expect(await refusal(as(`u.${RACH_GIA}`).admin.settings({ provinceId: KG.province }))).toBe('NOT_ADMINISTRATOR');
    // A unit that is no province has no settings to keep.
    expect(await refusal(as(ADMIN).admin.settings({ provinceId: RACH_GIA }))).toBe('UNIT_NOT_FOUND');
  });

  it('decide how intake reads "trước ngày", over the installation\'s initial default', async () => {
    const text = await readFile(fileURLToPath(new URL('../../intake/fixtures/kien-giang-2150-QD-UBND-phu-luc.md', import.meta.url)), 'utf8');
    // Saved exclusive above: read so by the province and its districts, with no INTAKE_BEFORE_DATE_EXCLUSIVE.
    for (const unit of [KG.province, RACH_GIA]) {
      expect((await as(`u.${unit}`).intake.parse({ text })).draft.deadlines[0], unit).toMatchObject({ due: '2024-12-30', before: true });
    }
    // Saved inclusive: the setting wins over an installation that lists the province as exclusive.
    const admin = as(ADMIN);
    const { version, settings } = await admin.admin.settings();
    await admin.admin.updateSettings({ provinceId: KG.province, version, settings: { ...settings, beforeDate: 'inclusive' } });
    const listed = { ...harness.deps, intakeReading: { beforeDateExclusive: [KG.province] } };
    expect((await signedInAs(listed, ADMIN).intake.parse({ text })).draft.deadlines[0]).toMatchObject({ due: '2024-12-31', before: true });
  });
});
