import { REVIEW_STATES, type ReviewState, type SubtreeTotals } from '@chidao/domain';
import type { Db } from './client';

/**
 * The precomputed rollup (table `rollup_node`, kept by triggers on `assignment` and `report`): a
 * dashboard reads the totals of a unit's children, one indexed query whatever the tree's size.
 */
export function createRollupRepository(db: Db) {
  const { prisma } = db;
  return {
    /** Subtree totals of the directive's nodes directly below `unitId`, in the tree's order (by path). */
    async childrenOf(directiveId: string, unitId: string): Promise<Array<{ unitId: string; totals: SubtreeTotals }>> {
      const rows = await prisma.$queryRaw<
        Array<{ unit_id: string; figures: Record<string, number | string>; pending: Record<string, boolean>; reported: number; expected: number; status_counts: Record<string, number> }>
      >`
        SELECT n.unit_id, n.figures, n.pending, n.reported, n.expected, n.status_counts
        FROM rollup_node n JOIN unit u ON u.id = n.unit_id
        WHERE n.directive_id = ${directiveId} AND n.parent_unit_id = ${unitId}
        ORDER BY u.path`;
      return rows.map((row) => ({
        unitId: row.unit_id,
        totals: {
          figures: Object.fromEntries(Object.entries(row.figures).map(([k, v]) => [k, Number(v)])),
          pending: Object.keys(row.pending),
          reported: row.reported,
          expected: row.expected,
          statusCounts: Object.fromEntries(
            Object.entries(row.status_counts).filter(([k]) => (REVIEW_STATES as readonly string[]).includes(k)).map(([k, v]) => [k as ReviewState, Number(v)]),
          ),
        },
      }));
    },
  };
}
