import type { Db } from './client';
import { Prisma } from './generated/prisma/client';
import { isoDate } from './values';

/** One task an urging named, with the assignment whose timeline records it. */
export interface UrgingItemRecord {
  readonly assignmentId: string;
  readonly directiveId: string;
  readonly unitId: string;
  readonly taskId: string;
}

export interface UrgingRecord {
  readonly id: string;
  readonly issuerUnitId: string;
  readonly reference: string;
  readonly subject: string;
  readonly body: string;
  /** yyyy-MM-dd. */
  readonly respondBy: string;
  readonly items: readonly UrgingItemRecord[];
  readonly issuedBy: string;
  readonly issuedAt: string;
}

export function createUrgingRepository(db: Db) {
  const { prisma } = db;
  return {
    /**
     * The urging and an event on every named assignment's timeline, in one transaction: all of it or
     * none. Its id makes a second recording of the same urging a no-op.
     */
    async record(urging: UrgingRecord): Promise<void> {
      const at = new Date(urging.issuedAt);
      await prisma.$transaction([
        prisma.urging.createMany({
          data: [
            {
              id: urging.id,
              issuerUnitId: urging.issuerUnitId,
              reference: urging.reference,
              subject: urging.subject,
              body: urging.body,
              respondBy: new Date(`${urging.respondBy}T00:00:00Z`),
              items: urging.items as unknown as Prisma.InputJsonArray,
              issuedBy: urging.issuedBy,
              issuedAt: at,
            },
          ],
          skipDuplicates: true,
        }),
        prisma.assignmentEvent.createMany({
          data: urging.items.map((item) => ({
            assignmentId: item.assignmentId,
            key: `urging:${urging.id}:${item.taskId}`,
            kind: 'assignment.urged',
            at,
            data: { urgingId: urging.id, reference: urging.reference, subject: urging.subject, respondBy: urging.respondBy, taskId: item.taskId, by: urging.issuedBy },
          })),
          skipDuplicates: true,
        }),
      ]);
    },

    async get(id: string): Promise<UrgingRecord | null> {
      const row = await prisma.urging.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },

    /** A unit's urgings, newest first. */
    async forIssuer(issuerUnitId: string, limit = 50): Promise<UrgingRecord[]> {
      const rows = await prisma.urging.findMany({ where: { issuerUnitId }, orderBy: { issuedAt: 'desc' }, take: limit });
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: Prisma.UrgingGetPayload<object>): UrgingRecord {
  return {
    id: row.id,
    issuerUnitId: row.issuerUnitId,
    reference: row.reference,
    subject: row.subject,
    body: row.body,
    respondBy: isoDate(row.respondBy),
    items: row.items as unknown as UrgingItemRecord[],
    issuedBy: row.issuedBy,
    issuedAt: row.issuedAt.toISOString(),
  };
}
