import { auditInsert, type AuditEntryInput } from './audit';
import type { Db } from './client';
import { Prisma } from './generated/prisma/client';

/**
 * Settings per province (issue 23), as stored: what a province saved (merged over the built-in
 * defaults by @chidao/domain mergeProvinceSettings when read), its version and who changed it last.
 * A change names the version it was made on and is written with its audit entry in one transaction.
 */

export interface StoredProvinceSettings {
  readonly provinceId: string;
  /** As saved; read it through mergeProvinceSettings. */
  readonly settings: unknown;
  /** 0 while the province has saved nothing. */
  readonly version: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

export type SettingsUpdate =
  | { readonly ok: true; readonly stored: StoredProvinceSettings }
  | { readonly ok: false; readonly current: StoredProvinceSettings };

const none = (provinceId: string): StoredProvinceSettings => ({ provinceId, settings: null, version: 0, updatedAt: null, updatedBy: null });

const toStored = (row: { provinceId: string; settings: unknown; version: number; updatedAt: Date; updatedBy: string }): StoredProvinceSettings => ({
  provinceId: row.provinceId,
  settings: row.settings,
  version: row.version,
  updatedAt: row.updatedAt.toISOString(),
  updatedBy: row.updatedBy,
});

export function createProvinceSettingsRepository(db: Db) {
  const { prisma } = db;
  return {
    async get(provinceId: string): Promise<StoredProvinceSettings> {
      const row = await prisma.provinceSetting.findUnique({ where: { provinceId } });
      return row ? toStored(row) : none(provinceId);
    },

    /** Several provinces' at once (a delivery run's recipients), each with its version 0 row where none is saved. */
    async many(provinceIds: readonly string[]): Promise<Map<string, StoredProvinceSettings>> {
      const rows = await prisma.provinceSetting.findMany({ where: { provinceId: { in: [...new Set(provinceIds)] } } });
      const found = new Map(rows.map((r) => [r.provinceId, toStored(r)]));
      return new Map(provinceIds.map((id) => [id, found.get(id) ?? none(id)]));
    },

    /**
     * Saves `settings` as version `expectedVersion + 1` if the province's settings still stand at
     * `expectedVersion`, with the audit entry `audit` makes of what stood before; otherwise changes
     * nothing and answers what stands now. Two changes of one province take turns (an advisory lock:
     * the first save has no row to lock).
     */
    async update(
      provinceId: string,
      expectedVersion: number,
      settings: unknown,
      by: { readonly userId: string; readonly at: string },
      audit: (before: StoredProvinceSettings) => AuditEntryInput,
    ): Promise<SettingsUpdate> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(7304, hashtext(${provinceId}))`;
        const row = await tx.provinceSetting.findUnique({ where: { provinceId } });
        const current = row ? toStored(row) : none(provinceId);
        if (current.version !== expectedVersion) return { ok: false as const, current };
        const data = {
          settings: JSON.parse(JSON.stringify(settings)) as Prisma.InputJsonValue,
          version: expectedVersion + 1,
          updatedAt: new Date(by.at),
          updatedBy: by.userId,
        };
        const saved = await tx.provinceSetting.upsert({ where: { provinceId }, create: { provinceId, ...data }, update: data });
        await auditInsert(tx, audit(current));
        return { ok: true as const, stored: toStored(saved) };
      });
    },
  };
}
