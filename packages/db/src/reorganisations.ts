import type { Succession } from '@chidao/domain';
import { auditInsert, type AuditEntryInput } from './audit';
import type { Db } from './client';
import { Prisma } from './generated/prisma/client';

/** A reorganisation of units as applied to one running directive (table `reorganisation`). */
export interface ReorganisationRecord {
  readonly directiveId: string;
  readonly basis: string;
  /** Where each old unit went: the official lists', with the issuer's decisions folded in as moves. */
  readonly succession: Succession[];
  readonly appliedBy: string;
  readonly appliedAt: string;
}

const toRecord = (row: { directiveId: string; basis: string; succession: Prisma.JsonValue; appliedBy: string; appliedAt: Date }): ReorganisationRecord => ({
  directiveId: row.directiveId,
  basis: row.basis,
  succession: row.succession as unknown as Succession[],
  appliedBy: row.appliedBy,
  appliedAt: row.appliedAt.toISOString(),
});

/**
 * Reorganisations applied to directives. Only where each old unit went is kept: what moved already
 * is in the assignments, and what is still to decide is computed from both (planReorganisation).
 */
export function createReorganisationRepository(db: Db) {
  const { prisma } = db;
  return {
    /**
     * Keeps a reorganisation of a directive, with its audit entry in the same transaction. Applying
     * the same basis again changes nothing and returns the first one (with the decisions taken since).
     */
    async record(input: Omit<ReorganisationRecord, 'appliedAt'>, audit: AuditEntryInput): Promise<ReorganisationRecord> {
      return prisma.$transaction(async (tx) => {
        const inserted = await tx.$executeRaw`
          INSERT INTO reorganisation (directive_id, basis, succession, applied_by, applied_at, updated_at)
          VALUES (${input.directiveId}, ${input.basis}, ${JSON.stringify(input.succession)}::jsonb, ${input.appliedBy}, now(), now())
          ON CONFLICT (directive_id, basis) DO NOTHING`;
        if (inserted > 0) await auditInsert(tx, audit);
        const row = await tx.reorganisation.findUniqueOrThrow({ where: { directiveId_basis: { directiveId: input.directiveId, basis: input.basis } } });
        return toRecord(row);
      });
    },

    /** The directive's reorganisations, oldest first. */
    async forDirective(directiveId: string): Promise<ReorganisationRecord[]> {
      const rows = await prisma.reorganisation.findMany({ where: { directiveId }, orderBy: { appliedAt: 'asc' } });
      return rows.map(toRecord);
    },

    /**
     * The issuer's decision for one old unit: its task goes to `toUnitId` (a move, like the lists'
     * own). Locked while it changes, and audited in the same transaction.
     */
    async decide(directiveId: string, basis: string, unitId: string, toUnitId: string, audit: AuditEntryInput): Promise<ReorganisationRecord> {
      return prisma.$transaction(async (tx) => {
        const [locked] = await tx.$queryRaw<Array<{ succession: Prisma.JsonValue }>>`
          SELECT succession FROM reorganisation WHERE directive_id = ${directiveId} AND basis = ${basis} FOR UPDATE`;
        if (!locked) throw new Error(`No reorganisation ${basis} of ${directiveId}`);
        const succession = (locked.succession as unknown as Succession[]).map(
          (s): Succession => (s.oldUnitId === unitId && s.kind !== 'ceases' ? { kind: 'moves', oldUnitId: unitId, oldCode: 'oldCode' in s ? s.oldCode : '', to: toUnitId } : s),
        );
        const row = await tx.reorganisation.update({
          where: { directiveId_basis: { directiveId, basis } },
          data: { succession: succession as unknown as Prisma.InputJsonValue },
        });
        await auditInsert(tx, audit);
        return toRecord(row);
      });
    },
  };
}
