import { describe, expect, it } from 'vitest';
import { runSize } from './run';

/**
 * The benchmark at one province, as real processes, checking counts only: every assignment
 * delivered and in its inbox, every acknowledgement and report taken exactly once, the national
 * rollup reflecting every report. Times are the benchmark's business (npm run bench), never a test's.
 */
describe('the benchmark at one province', () => {
  it('delivers, acknowledges and rolls up every commune exactly once', { timeout: 1_200_000 }, async () => {
    const result = await runSize('province', { quiet: true, clients: 20, reads: 5, shared: true, log: () => {} });
    const { communes, assignments } = result.units;
    expect([result.units.provinces, result.units.districts, communes, assignments]).toEqual([1, 15, 145, 162]);
    expect(result.fanout).toMatchObject({ delivered: assignments, running: assignments, inboxVisible: communes });
    // The units above the communes (the province, its Sở, 15 districts) acknowledge first, untimed.
    expect(result.acknowledge).toMatchObject({ errors: 0, database: communes, temporal: communes, audited: communes, warmUp: { acknowledgements: 17, errors: 0 } });
    expect(result.reports).toMatchObject({ errors: 0, reflected: communes });
    expect(result.rollup.national.rollupMs.count).toBeGreaterThan(0);
  });
});
