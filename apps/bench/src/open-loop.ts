import { loadavg } from 'node:os';
import { issueDirective } from '@chidao/api';
import { buildHierarchy, nationalDirective, planAssignments } from '@chidao/domain';
import { DEFAULT_TASK_QUEUE, assignmentWorkflowId } from '@chidao/workflows';
import { call, createSessions } from './http';
import { kneeOf, openLoop, poissonArrivals, pool, stats, until, type LatencyStats } from './measure';
import { figuresOf, SIZE_LABELS, timed, treeOf, type Size } from './run';
import { speedReference } from './speed';
import { startBenchStack } from './stack';

/** Issue 27's target for the open loop on this machine: p99 under 250 ms at 20 arrivals a second. */
export const OPEN_LOOP_TARGET = { ratePerSecond: 20, p99Ms: 250, kneeMs: 1_000 } as const;

export interface OpenLoopStep {
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly arrivals: number;
  /** Arrivals a second as they came (a Poisson process varies around its rate). */
  readonly achievedPerSecond: number;
  readonly acknowledge: { readonly latencyMs: LatencyStats; readonly errors: number };
  readonly report: { readonly latencyMs: LatencyStats; readonly errors: number };
  /** Both kinds together: what an official arriving at this rate waits. */
  readonly latencyMs: LatencyStats;
  readonly errorCodes: Record<string, number>;
}

export interface OpenLoopResult {
  readonly size: Size;
  readonly label: string;
  readonly startedAt: string;
  readonly machine: { readonly loadAverageAtStart: readonly number[]; readonly speedReferenceMs: number; readonly sharedMachine: boolean };
  readonly steps: readonly OpenLoopStep[];
  /** The lowest rate whose p99 passed 1 s; null when none of the rates did. */
  readonly kneePerSecond: number | null;
  /** Each acknowledgement and report answered ok is in the database exactly once. */
  readonly exactlyOnce: { readonly acknowledged: number; readonly acknowledgementsOk: number; readonly reportVersions: number; readonly reportsOk: number };
  readonly targets: ReadonlyArray<{ readonly name: string; readonly met: boolean; readonly detail: string }>;
}

export interface OpenLoopOptions {
  readonly quiet: boolean;
  readonly shared: boolean;
  readonly log: (line: string) => void;
  /** Arrivals a second, one step each, in this order (issue 27: 10, 20 and 40). */
  readonly rates: readonly number[];
  /** Each step's length (issue 27: two minutes). */
  readonly seconds: number;
}

/**
 * Officials arriving on their own, not a fixed crowd taking turns (issue 27): at each rate, arrivals
 * come as a Poisson process for the step's length, whatever the answers. Each arrival is a commune
 * chair acknowledging the national directive while some commune has not yet, and otherwise (and
 * every other time once some have) a chair who acknowledged sending a report, a new version each
 * time. A step's latency runs from the arrival's planned moment (see openLoop).
 */
export async function runOpenLoop(size: Size, options: OpenLoopOptions): Promise<OpenLoopResult> {
  const log = options.log;
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const tree = treeOf(size);
  const directive = nationalDirective(tree);
  const plan = planAssignments(buildHierarchy(tree.scheme, tree.units), directive);
  const communes = tree.units.filter((u) => u.level === 'commune' && u.kind === 'people_committee');
  const speedReferenceMs = speedReference().cpuMs;
  log(`open loop ${size}: ${communes.length} communes, rates ${options.rates.join(', ')} a second for ${options.seconds} s each; load ${loadAverageAtStart.join(' ')}`);
  const stack = await startBenchStack({ units: tree.units, quiet: options.quiet });
  const interrupted = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const dbCount = async (sql: string, ...args: unknown[]) => Number((await stack.db.prisma.$queryRawUnsafe<[{ n: bigint }]>(sql, ...args))[0].n);
    await issueDirective({ repos: stack.repos, client: stack.client, taskQueue: DEFAULT_TASK_QUEUE }, directive);
    await until('every assignment recorded', async () => (await dbCount('SELECT count(*) AS n FROM assignment WHERE directive_id = $1', directive.id)) === plan.length, Math.max(900_000, plan.length * 200), 500);
    log(`fan-out: ${plan.length} assignments recorded`);
    const chairOf = (unitId: string) => `u.${unitId}`;
    const sessions = await createSessions(stack.repos, communes.map((c) => chairOf(c.id)));
    const act = (kind: 'acknowledge' | 'report', index: number) => {
      const unit = communes[index]!;
      const session = sessions.get(chairOf(unit.id))!;
      const assignmentId = assignmentWorkflowId(directive.id, unit.id);
      return kind === 'acknowledge'
        ? timed(() => call(stack.apiUrl, session, 'mutation', 'assignments.acknowledge', { assignmentId }))
        : timed(() => call(stack.apiUrl, session, 'mutation', 'reports.submit', { assignmentId, figures: figuresOf(index), narrative: 'Đã tuyên truyền, hướng dẫn người dân cài đặt Bluezone.' }));
    };
    // A few untimed calls first, as in the closed loop: freshly started processes are not what officials meet.
    await pool(communes.slice(0, 10), 5, (_, i) => act('acknowledge', i));
    let nextToAcknowledge = 10;
    const acknowledgedOk: number[] = Array.from({ length: 10 }, (_, i) => i);
    let nextToReport = 0;
    let acknowledgementsOk = 10;
    let reportsOk = 0;

    const steps: OpenLoopStep[] = [];
    for (const rate of options.rates) {
      const arrivals = poissonArrivals(rate, options.seconds * 1000);
      log(`step ${rate}/s: ${arrivals.length} arrivals over ${options.seconds} s`);
      const kinds: Array<'acknowledge' | 'report'> = [];
      const answers = await openLoop(arrivals, async (i) => {
        const acknowledge = nextToAcknowledge < communes.length && (i % 2 === 0 || acknowledgedOk.length === 0);
        kinds[i] = acknowledge ? 'acknowledge' : 'report';
        if (acknowledge) {
          const index = nextToAcknowledge++;
          const answer = await act('acknowledge', index);
          if (answer.ok) {
            acknowledgedOk.push(index);
            acknowledgementsOk++;
          }
          return answer;
        }
        const index = acknowledgedOk[nextToReport++ % acknowledgedOk.length]!;
        const answer = await act('report', index);
        if (answer.ok) reportsOk++;
        return answer;
      });
      const of = (kind: 'acknowledge' | 'report') => answers.filter((_, i) => kinds[i] === kind);
      const summary = (list: typeof answers) => ({ latencyMs: stats(list.map((a) => a.ms)), errors: list.filter((a) => !a.result.ok).length });
      const errorCodes = answers.filter((a) => !a.result.ok).reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.result.code ?? '?']: (acc[a.result.code ?? '?'] ?? 0) + 1 }), {});
      const step: OpenLoopStep = {
        ratePerSecond: rate,
        seconds: options.seconds,
        arrivals: arrivals.length,
        achievedPerSecond: Math.round((arrivals.length / options.seconds) * 10) / 10,
        acknowledge: summary(of('acknowledge')),
        report: summary(of('report')),
        latencyMs: stats(answers.map((a) => a.ms)),
        errorCodes,
      };
      log(`step ${rate}/s: p50 ${step.latencyMs.p50} ms, p95 ${step.latencyMs.p95} ms, p99 ${step.latencyMs.p99} ms; errors ${Object.entries(errorCodes).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}`);
      steps.push(step);
    }

    const acknowledged = await dbCount(`SELECT count(*) AS n FROM assignment WHERE directive_id = $1 AND acknowledged_at IS NOT NULL AND unit_id = ANY($2::text[])`, directive.id, communes.map((c) => c.id));
    const reportVersions = await dbCount(`SELECT count(*) AS n FROM report r JOIN assignment a ON a.id = r.assignment_id WHERE a.directive_id = $1`, directive.id);
    const exactlyOnce = { acknowledged, acknowledgementsOk, reportVersions, reportsOk };
    const atTarget = steps.find((s) => s.ratePerSecond === OPEN_LOOP_TARGET.ratePerSecond);
    const kneePerSecond = kneeOf(steps.map((s) => ({ ratePerSecond: s.ratePerSecond, p99: s.latencyMs.p99 })), OPEN_LOOP_TARGET.kneeMs);
    const targets = [
      ...(atTarget
        ? [{ name: `p99 < ${OPEN_LOOP_TARGET.p99Ms} ms at ${OPEN_LOOP_TARGET.ratePerSecond}/s`, met: atTarget.latencyMs.p99 < OPEN_LOOP_TARGET.p99Ms, detail: `p99 ${atTarget.latencyMs.p99} ms` }]
        : []),
      {
        name: 'every answered action recorded once',
        met: acknowledged === acknowledgementsOk && reportVersions === reportsOk,
        detail: `acknowledged ${acknowledged} of ${acknowledgementsOk} ok; ${reportVersions} report versions of ${reportsOk} ok`,
      },
    ];
    return { size, label: SIZE_LABELS[size], startedAt, machine: { loadAverageAtStart, speedReferenceMs, sharedMachine: options.shared }, steps, kneePerSecond, exactlyOnce, targets };
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    log('stopping');
    await stack.stop();
  }
}

/** The result as lines for the console and the benchmarks' README. */
export function describeOpenLoop(result: OpenLoopResult): string {
  const rows = result.steps.map(
    (s) =>
      `| ${s.ratePerSecond} | ${s.arrivals} (${s.achievedPerSecond}/s) | ${s.latencyMs.p50} | ${s.latencyMs.p95} | ${s.latencyMs.p99} | ${s.acknowledge.latencyMs.p99} | ${s.report.latencyMs.p99} | ${s.acknowledge.errors + s.report.errors} |`,
  );
  return [
    `Open loop, ${result.label}, ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC (load ${result.machine.loadAverageAtStart.join(' ')}${result.machine.sharedMachine ? ', shared machine' : ''}):`,
    '',
    '| Arrivals a second | Arrivals | p50 ms | p95 ms | p99 ms | acknowledge p99 | report p99 | errors |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Knee (p99 past ${OPEN_LOOP_TARGET.kneeMs} ms): ${result.kneePerSecond === null ? 'not reached' : `${result.kneePerSecond}/s`}.`,
    ...result.targets.map((t) => `- ${t.met ? 'met' : '**missed**'}: ${t.name} (${t.detail})`),
    '',
  ].join('\n');
}
