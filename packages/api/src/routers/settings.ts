import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  administeringGrant,
  changedSettings,
  DomainError,
  isAdministrator,
  mergeProvinceSettings,
  PROVINCE_SETTINGS_BOUNDS,
  provinceOfUnit,
  REPORT_REGIMES,
  validateProvinceSettings,
  type Hierarchy,
  type RoleGrant,
} from '@chidao/domain';
import { auditEntry } from '../audit';
import type { AuthedContext } from '../context';
import { initialSettings, provinceSettings } from '../province-settings';
import { authedProcedure } from '../trpc';

/**
 * Settings per province (issue 23): a province administrator (of the province's own unit) or the
 * system administrator reads and changes the defaults the province's new directives start from.
 * A change names the version it was made on (SETTINGS_CHANGED when someone saved in between) and is
 * one audit entry with the settings before and after. Directives already issued keep theirs.
 */

const id = z.string().trim().min(1).max(200);
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
const days = (bounds: { readonly min: number; readonly max: number }) => z.number().int().min(bounds.min).max(bounds.max);

/** The bounds are the domain's (validateProvinceSettings); the schema only holds the shape to them. */
export const settingsSchema = z.object({
  acknowledgeWorkingDays: days(PROVINCE_SETTINGS_BOUNDS.acknowledgeWorkingDays),
  reminders: z.object({ atHalf: z.boolean(), atThreeQuarters: z.boolean(), dayBefore: z.boolean() }),
  escalation: z.object({
    parentAfterWorkingDays: days(PROVINCE_SETTINGS_BOUNDS.escalationWorkingDays),
    provinceAfterWorkingDays: days(PROVINCE_SETTINGS_BOUNDS.escalationWorkingDays),
  }),
  extensionsCloseWorkingDays: days(PROVINCE_SETTINGS_BOUNDS.extensionsCloseWorkingDays),
  quietHours: z.object({ from: hhmm, to: hhmm }).nullable(),
  beforeDate: z.enum(['inclusive', 'exclusive']),
  reportRegime: z.object({ type: z.enum(REPORT_REGIMES), cutOffDay: days(PROVINCE_SETTINGS_BOUNDS.dayOfMonth), dueDay: days(PROVINCE_SETTINGS_BOUNDS.dayOfMonth) }),
});
export type ProvinceSettingsInput = z.infer<typeof settingsSchema>;

const settingsView = z.object({
  /** The provinces the user keeps the settings of, for the picker. */
  provinces: z.array(z.object({ id: z.string(), name: z.string() })),
  provinceId: z.string(),
  settings: settingsSchema,
  /** What the province would have with nothing saved (the built-in defaults and the installation's reading of "trước ngày"). */
  defaults: settingsSchema,
  /** 0 while nothing is saved; an update names it. */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** The name of whoever saved last, as the screen says it. */
  updatedByName: z.string().nullable(),
});

/** The provinces whose settings the user keeps, in tree order: NOT_ADMINISTRATOR for someone who keeps none. */
function keptProvinces(hierarchy: Hierarchy, grants: readonly RoleGrant[]): Array<{ id: string; name: string }> {
  const out: Array<{ id: string; name: string }> = [];
  const walk = (unitId: string) => {
    const unit = hierarchy.units.get(unitId);
    if (!unit) return;
    if (unit.level === 'province') {
      if (administeringGrant(hierarchy, grants, unit.id)) out.push({ id: unit.id, name: unit.name });
      return;
    }
    for (const child of hierarchy.children.get(unitId) ?? []) walk(child);
  };
  hierarchy.roots.forEach(walk);
  return out;
}

/** The grant by which the user keeps `provinceId`'s settings: UNIT_NOT_FOUND for a province outside their reach, or a unit that is no province. */
async function keeperOf(ctx: AuthedContext, provinceId: string | undefined): Promise<{ grant: RoleGrant; provinceId: string; provinces: Array<{ id: string; name: string }> }> {
  if (!isAdministrator(ctx.grants)) throw new DomainError('NOT_ADMINISTRATOR', 'Only an administrator keeps settings');
  const hierarchy = await ctx.access.hierarchy();
  const provinces = keptProvinces(hierarchy, ctx.grants);
  // Unnamed: the user's own province when they keep it (a system administrator keeps every one), else the first.
  const own = provinceOfUnit(hierarchy, ctx.user.unitId);
  const chosen = provinceId ?? (provinces.some((p) => p.id === own) ? own! : provinces[0]?.id);
  if (chosen === undefined) throw new DomainError('NOT_ADMINISTRATOR', 'Only the administrator of a province keeps its settings');
  const grant = provinces.some((p) => p.id === chosen) ? administeringGrant(hierarchy, ctx.grants, chosen) : null;
  if (!grant) throw new DomainError('UNIT_NOT_FOUND', `Not keeping the settings of ${chosen}`, { unitId: chosen });
  return { grant, provinceId: chosen, provinces };
}

async function view(ctx: AuthedContext, provinceId: string, provinces: Array<{ id: string; name: string }>): Promise<z.infer<typeof settingsView>> {
  const stored = await ctx.repos.provinceSettings.get(provinceId);
  const { settings } = await provinceSettings(ctx, provinceId);
  return {
    provinces,
    provinceId,
    settings: plain(settings),
    defaults: plain(initialSettings(ctx, provinceId)),
    version: stored.version,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
    updatedByName: stored.updatedBy === null ? null : ((await ctx.repos.administration.get(stored.updatedBy))?.displayName ?? stored.updatedBy),
  };
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export const settingsProcedures = {
  /** A province's settings as they apply now (the user's own, or the first they keep, when none is named), with its version and the provinces the user keeps. */
  settings: authedProcedure
    .input(z.object({ provinceId: id.optional() }).optional())
    .output(settingsView)
    .query(async ({ ctx, input }) => {
      const { provinceId, provinces } = await keeperOf(ctx, input?.provinceId);
      return view(ctx, provinceId, provinces);
    }),

  /**
   * Saves a province's settings, all fields at once, if they still stand at `version`; else
   * SETTINGS_CHANGED with the version that stands (the screen reloads and shows them). Directives
   * issued from now on start from them; those issued before keep what they were issued under.
   */
  updateSettings: authedProcedure
    .input(z.object({ provinceId: id, version: z.number().int().min(0).max(2_147_483_647), settings: settingsSchema }))
    .output(settingsView)
    .mutation(async ({ ctx, input }) => {
      const { grant, provinceId, provinces } = await keeperOf(ctx, input.provinceId);
      const settings = validateProvinceSettings(input.settings);
      const defaults = initialSettings(ctx, provinceId);
      const result = await ctx.repos.provinceSettings.update(provinceId, input.version, settings, { userId: ctx.user.id, at: new Date().toISOString() }, (before) => {
        const was = before.version === 0 ? defaults : mergeProvinceSettings(before.settings, defaults);
        return auditEntry(ctx, {
          actor: { userId: ctx.user.id, role: grant.role, unitId: grant.unitId },
          action: 'province_settings.update',
          entityType: 'province_settings',
          entityId: provinceId,
          before: { version: before.version, settings: was },
          after: { version: before.version + 1, settings, changed: changedSettings(was, settings) },
        });
      });
      if (!result.ok) {
        throw new DomainError('SETTINGS_CHANGED', `The settings of ${provinceId} changed since version ${input.version}`, { version: result.current.version });
      }
      return view(ctx, provinceId, provinces);
    }),
} satisfies TRPCRouterRecord;
