import { cpus, loadavg, totalmem } from 'node:os';
import { issueDirective } from '@chidao/api';
import {
  buildHierarchy,
  descendantsOf,
  nationalDirective,
  nationalThreeLevelTree,
  planAssignments,
  type NationalTree,
} from '@chidao/domain';
import { nationalTwoLevelTree } from '@chidao/admin-units';
import { DEFAULT_TASK_QUEUE, assignmentSnapshotQuery, assignmentWorkflowId } from '@chidao/workflows';
import { cpuPerItem, cpuTimes, type CpuTimes } from './cpu';
import { call, createSessions, TrpcError, type Session } from './http';
import { completionsPerSecond, pool, retried, seconds, stats, until, type LatencyStats } from './measure';
import { speedReference } from './speed';
import { startBenchStack, waitForPoller, type BenchStack } from './stack';

export const SIZES = ['province', 'national3', 'national2'] as const;
export type Size = (typeof SIZES)[number];

export const SIZE_LABELS: Record<Size, string> = {
  province: 'one province (Kiên Giang 2020: 1 / 15 / 145)',
  national3: 'national three-level (2020: 63 / 705 / 10,600)',
  national2: 'national two-level (2025: 34 / 3,321)',
};

/** The issue's targets on a 2-core machine. */
export const TARGETS = {
  /** Fan-out takes at most twice the raw ceiling's time (at least half its throughput). */
  fanoutRatioMax: 2,
  ackP99Ms: 1_000,
  rollupP95Ms: 100,
  rssBytes: 1024 ** 3,
} as const;

/** One province of the 2020 tree with the ministry above it: 1 / 15 / 145 committees. */
export function provinceTree(provinceId = 'kg'): NationalTree {
  const tree = nationalThreeLevelTree();
  const h = buildHierarchy(tree.scheme, tree.units);
  const keep = new Set([tree.issuerUnitId, tree.compilerUnitId, provinceId, ...descendantsOf(h, provinceId).map((u) => u.id)]);
  return { ...tree, units: tree.units.filter((u) => keep.has(u.id)), provinceIds: [provinceId] };
}

export function treeOf(size: Size): NationalTree {
  return size === 'province' ? provinceTree() : size === 'national3' ? nationalThreeLevelTree() : nationalTwoLevelTree();
}

export interface SizeResult {
  readonly size: Size;
  readonly label: string;
  readonly startedAt: string;
  readonly machine: {
    readonly cores: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly temporal: string;
    readonly postgres: string;
    readonly loadAverageAtStart: readonly number[];
    readonly sharedMachine: boolean;
    /** CPU ms of speed.ts's fixed work at the start (lower is a faster host); absent before 3 December's last runs. */
    readonly speedReferenceMs?: number;
  };
  readonly units: { readonly provinces: number; readonly districts: number; readonly communes: number; readonly assignments: number };
  /** Communes in the inbox check and the two bursts: all of them unless the run was sampled. */
  readonly burstCommunes: number;
  readonly fanout: {
    readonly seconds: number;
    readonly readModelSeconds: number;
    readonly temporalSeconds: number;
    readonly delivered: number;
    readonly running: number;
    /** Communes whose chair's inbox (assignments.mine over HTTP) shows the assignment, checked after the fan-out. */
    readonly inboxVisible: number;
    readonly ceilingSeconds: number;
    readonly ceilingWorkflows: number;
    /** Fan-out time over the ceiling's time for the same number of workflows. */
    readonly ratio: number;
  };
  readonly acknowledge: {
    readonly clients: number;
    readonly seconds: number;
    readonly perSecond: number;
    /** Acknowledgements answered in each whole second of the burst (see completionsPerSecond); absent in earlier runs. */
    readonly completedEachSecond?: readonly number[];
    readonly latencyMs: LatencyStats;
    readonly errors: number;
    readonly errorCodes: Record<string, number>;
    readonly database: number;
    readonly temporal: number;
    readonly audited: number;
    /** CPU milliseconds per acknowledgement during the burst, by process (see cpu.ts). */
    readonly cpuMsPerAck?: CpuTimes;
    /** Acknowledgements of the units above the communes before the burst (untimed), and how many failed; absent before 3 December's last runs. */
    readonly warmUp?: { readonly acknowledgements: number; readonly errors: number };
  };
  readonly rollup: Record<'national' | 'province', { readonly unitId: string; readonly rollupMs: LatencyStats; readonly overviewMs: LatencyStats }>;
  readonly reports: {
    readonly clients: number;
    readonly seconds: number;
    readonly latencyMs: LatencyStats;
    readonly errors: number;
    readonly errorCodes: Record<string, number>;
    /** From the first submission until the national rollup counts every commune's report. */
    readonly reflectedSeconds: number;
    readonly reflected: number;
  };
  readonly peakRssBytes: { readonly worker: number | null; readonly server: number | null };
  readonly targets: ReadonlyArray<{ readonly name: string; readonly met: boolean; readonly detail: string }>;
}

export interface RunOptions {
  readonly quiet: boolean;
  readonly clients: number;
  readonly reads: number;
  readonly profileDir?: string;
  readonly log: (line: string) => void;
  /** Say the machine was shared with other work (recorded in the results). */
  readonly shared: boolean;
  /**
   * Bursts (inbox check, acknowledgements, reports) over this many communes spread over the tree
   * instead of all of them; the fan-out and the dashboard reads stay at full size. For a shared machine
   * where a full national burst would not finish in time; the results say so.
   */
  readonly sample?: number;
}

const CEILING_QUEUE = 'bench-ceiling';

/** Times `n` trivial workflows started (64 starts in flight) and completed on the same server. */
async function ceiling(stack: BenchStack, n: number): Promise<number> {
  const worker = stack.startBenchProcess('ceiling-worker', 'src/ceiling-worker.ts', { CEILING_TASK_QUEUE: CEILING_QUEUE });
  try {
    await waitForPoller(stack.client, CEILING_QUEUE, worker.exited);
    const run = `${Date.now()}`;
    const ids = Array.from({ length: n }, (_, i) => `bench-ceiling/${run}/${i}`);
    const t0 = performance.now();
    const handles = await pool(ids, 64, (workflowId) => stack.client.workflow.start('trivialWorkflow', { taskQueue: CEILING_QUEUE, workflowId, args: [] }));
    await pool(handles, 64, (handle) => handle.result());
    return performance.now() - t0;
  } finally {
    await worker.stop();
  }
}

const countBy = (codes: readonly string[]) => codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

/** One request's latency, outcome and the moment (performance.now()) its answer came. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; endedAt: number; ok: boolean; code: string | null }> {
  const t0 = performance.now();
  try {
    await fn();
    const endedAt = performance.now();
    return { ms: endedAt - t0, endedAt, ok: true, code: null };
  } catch (error) {
    const endedAt = performance.now();
    return { ms: endedAt - t0, endedAt, ok: false, code: error instanceof TrpcError ? (error.code ?? `HTTP_${error.status}`) : String((error as Error).message).slice(0, 60) };
  }
}

/** Deterministic figures for commune `i`: between 50% and 75% of smartphone users installed. */
export function figuresOf(i: number): { installs: number; adults15to60: number; smartphoneUsers: number } {
  const adults15to60 = 4_000 + (i % 37) * 150;
  const smartphoneUsers = Math.round(adults15to60 * 0.7);
  return { installs: Math.round((smartphoneUsers * (50 + (i % 26))) / 100), adults15to60, smartphoneUsers };
}

export async function runSize(size: Size, options: RunOptions): Promise<SizeResult> {
  const log = options.log;
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const tree = treeOf(size);
  const hierarchy = buildHierarchy(tree.scheme, tree.units);
  const directive = nationalDirective(tree);
  const plan = planAssignments(hierarchy, directive);
  const committees = (level: string) => tree.units.filter((u) => u.level === level && u.kind === 'people_committee');
  const allCommunes = committees('commune');
  const counts = { provinces: committees('province').length, districts: committees('district').length, communes: allCommunes.length, assignments: plan.length };
  log(`${size}: ${counts.provinces} provinces, ${counts.districts} districts, ${counts.communes} communes, ${plan.length} assignments; load ${loadAverageAtStart.join(' ')}`);
  const speedReferenceMs = speedReference().cpuMs;
  log(`host speed reference: ${speedReferenceMs} ms of CPU for the fixed work (lower is faster)`);

  log('starting Temporal, PostgreSQL, the worker and the API server');
  const stack = await startBenchStack({ units: tree.units, quiet: options.quiet, ...(options.profileDir ? { profileDir: options.profileDir } : {}) });
  // Ctrl-C or a kill stops every process the run started, not only this one.
  const interrupted = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const temporalCount = async (query: string) => Number((await stack.client.workflow.count(query)).count);
    const dbCount = async (sql: string, ...args: unknown[]) => Number((await stack.db.prisma.$queryRawUnsafe<[{ n: bigint }]>(sql, ...args))[0].n);

    log(`raw ceiling: ${plan.length} trivial workflows`);
    const ceilingMs = await ceiling(stack, plan.length);
    log(`raw ceiling: ${seconds(ceilingMs)} s`);

    log('fan-out: issuing the national directive');
    const t0 = performance.now();
    await issueDirective({ repos: stack.repos, client: stack.client, taskQueue: DEFAULT_TASK_QUEUE }, directive);
    let readModelAt = 0;
    let temporalAt = 0;
    const fanoutTimeout = Math.max(600_000, plan.length * 200);
    await until(
      'every assignment delivered',
      async () => {
        if (!readModelAt && (await dbCount('SELECT count(*) AS n FROM assignment WHERE directive_id = $1', directive.id)) === plan.length) readModelAt = performance.now();
        if (!temporalAt && (await temporalCount('WorkflowType = "assignmentWorkflow" AND ExecutionStatus = "Running"')) >= plan.length) temporalAt = performance.now();
        return readModelAt > 0 && temporalAt > 0;
      },
      fanoutTimeout,
      500,
    );
    const fanoutMs = Math.max(readModelAt, temporalAt) - t0;
    const delivered = await dbCount('SELECT count(*) AS n FROM assignment WHERE directive_id = $1', directive.id);
    const running = await retried(() => temporalCount('WorkflowType = "assignmentWorkflow" AND ExecutionStatus = "Running"'));
    log(`fan-out: ${delivered} delivered, ${running} running in ${seconds(fanoutMs)} s (ceiling ${seconds(ceilingMs)} s)`);

    const chairOf = (unitId: string) => `u.${unitId}`;
    const step = options.sample && options.sample < allCommunes.length ? allCommunes.length / options.sample : 1;
    const communes = step === 1 ? allCommunes : Array.from({ length: options.sample! }, (_, i) => allCommunes[Math.floor(i * step)]!);
    // The units above the communes (provinces, their departments, districts) acknowledge first, the
    // same way and untimed: the processes have just started, and a burst of 145 would otherwise
    // measure their first minute (code not yet optimized, connections not yet open), not a running
    // server. Not part of any count below, which are the communes'.
    const communeIdSet = new Set(allCommunes.map((c) => c.id));
    const above = plan.map((p) => p.unitId).filter((id) => !communeIdSet.has(id) && id !== tree.issuerUnitId);
    log(`sessions for ${communes.length} commune chairs, ${above.length} chairs above them and the ministry`);
    const sessions = await createSessions(stack.repos, [chairOf(tree.issuerUnitId), ...above.map(chairOf), ...communes.map((c) => chairOf(c.id))]);
    const sessionOf = (unitId: string): Session => sessions.get(chairOf(unitId))!;

    log('inbox check: every commune chair reads assignments.mine');
    const inbox = await pool(communes, options.clients, async (unit) => {
      const mine = await call<Array<{ id: string; directiveId: string }>>(stack.apiUrl, sessionOf(unit.id), 'query', 'assignments.mine', undefined).catch(() => []);
      return mine.some((a) => a.directiveId === directive.id && a.id === assignmentWorkflowId(directive.id, unit.id));
    });
    const inboxVisible = inbox.filter(Boolean).length;

    const acknowledge = (unitId: string) =>
      timed(() => call(stack.apiUrl, sessionOf(unitId), 'mutation', 'assignments.acknowledge', { assignmentId: assignmentWorkflowId(directive.id, unitId) }));
    log(`warm-up: ${above.length} units above the communes acknowledge, ${options.clients} clients`);
    const warmUp = await pool(above, options.clients, acknowledge);
    const warmUpErrors = warmUp.filter((a) => !a.ok).length;
    if (warmUpErrors > 0) log(`warm-up: ${warmUpErrors} of ${above.length} acknowledgements failed`);

    log(`acknowledgement burst: ${communes.length} communes, ${options.clients} clients`);
    const pids = { worker: stack.worker.child.pid ?? -1, server: stack.server.child.pid ?? -1 };
    const cpu0 = cpuTimes(pids);
    const a0 = performance.now();
    const acks = await pool(communes, options.clients, (unit) => acknowledge(unit.id));
    const ackMs = performance.now() - a0;
    const cpuMsPerAck = cpuPerItem(cpu0, cpuTimes(pids), acks.length);
    log(`acknowledgement CPU ms each: ${Object.entries(cpuMsPerAck).map(([k, v]) => `${k} ${v}`).join(', ')}; wall ${Math.round((ackMs / acks.length) * 10) / 10} ms each`);
    const ackEachSecond = completionsPerSecond(a0, acks.map((a) => a.endedAt));
    if (ackEachSecond.length > 0) {
      const each = stats(ackEachSecond);
      log(`acknowledgements completed each second: fewest ${Math.min(...ackEachSecond)}, median ${each.p50}, most ${each.max}`);
    }
    const communeIds = communes.map((c) => c.id);
    const ackDb = await dbCount(
      `SELECT count(*) AS n FROM assignment WHERE directive_id = $1 AND unit_id = ANY($2::text[]) AND state = 'acknowledged'`,
      directive.id,
      communeIds,
    );
    const audited = await dbCount(
      `SELECT count(*) AS n FROM audit_entry WHERE action = 'assignment.acknowledge' AND entity_id = ANY($1::text[])`,
      communeIds.map((id) => assignmentWorkflowId(directive.id, id)),
    );
    log('asking every commune workflow for its state');
    const ackTemporal = (
      await pool(communes, options.clients, async (unit) => {
        const snapshot = await retried(() => stack.client.workflow.getHandle(assignmentWorkflowId(directive.id, unit.id)).query(assignmentSnapshotQuery));
        return snapshot.status.state === 'acknowledged' && snapshot.status.acknowledgedBy === chairOf(unit.id);
      })
    ).filter(Boolean).length;
    const ackErrors = acks.filter((a) => !a.ok);
    log(`acknowledgements: ${acks.length - ackErrors.length} ok, ${ackErrors.length} errors in ${seconds(ackMs)} s; database ${ackDb}, Temporal ${ackTemporal}, audit ${audited}`);

    const national = tree.issuerUnitId;
    const province = tree.provinceIds.includes('kg') ? 'kg' : tree.provinceIds[0]!;
    const issuer = sessionOf(national);
    const nationalRollup = () =>
      call<{ rollup: { reported: number; figures: Record<string, number> } }>(stack.apiUrl, issuer, 'query', 'directives.rollup', { directiveId: directive.id, unitId: national });

    log(`report burst: ${communes.length} communes, ${options.clients} clients`);
    const r0 = performance.now();
    let reflectedAt = 0;
    let lastReported = 0;
    let burstDone = false;
    const watcher = (async () => {
      while (!burstDone || reflectedAt === 0) {
        const { rollup } = await nationalRollup();
        lastReported = rollup.reported;
        if (rollup.reported >= communes.length) {
          reflectedAt = performance.now();
          return;
        }
        if (burstDone && performance.now() - r0 > Math.max(600_000, communes.length * 100)) return;
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const reports = await pool(communes, options.clients, (unit, i) =>
      timed(() =>
        call(stack.apiUrl, sessionOf(unit.id), 'mutation', 'reports.submit', {
          assignmentId: assignmentWorkflowId(directive.id, unit.id),
          figures: figuresOf(i),
          narrative: 'Đã tuyên truyền, hướng dẫn người dân cài đặt Bluezone.',
        }),
      ),
    );
    const reportMs = performance.now() - r0;
    burstDone = true;
    await watcher;
    const reportErrors = reports.filter((r) => !r.ok);
    log(`reports: ${reports.length - reportErrors.length} ok, ${reportErrors.length} errors in ${seconds(reportMs)} s; rollup reflected ${lastReported} after ${reflectedAt ? seconds(reflectedAt - r0) : '—'} s`);

    const reads = async (path: 'directives.rollup' | 'directives.overview', unitId: string) => {
      const samples: number[] = [];
      for (let i = 0; i < options.reads; i++) {
        const t = performance.now();
        await call(stack.apiUrl, issuer, 'query', path, { directiveId: directive.id, unitId });
        samples.push(performance.now() - t);
      }
      return stats(samples.slice(Math.min(3, Math.floor(options.reads / 10)))); // the first few warm caches
    };
    log(`rollup reads: ${options.reads} each of the national and province dashboards`);
    const rollup = {
      national: { unitId: national, rollupMs: await reads('directives.rollup', national), overviewMs: await reads('directives.overview', national) },
      province: { unitId: province, rollupMs: await reads('directives.rollup', province), overviewMs: await reads('directives.overview', province) },
    };

    const peakRssBytes = { worker: stack.peakRss(stack.worker), server: stack.peakRss(stack.server) };
    const ratio = Math.round((fanoutMs / ceilingMs) * 100) / 100;
    const ackLatency = stats(acks.map((a) => a.ms));
    const isNational = size !== 'province';
    const mb = (b: number | null) => (b === null ? '?' : `${Math.round(b / 1024 / 1024)} MiB`);
    const targets = [
      { name: 'fan-out ≥ ½ raw ceiling', met: ratio <= TARGETS.fanoutRatioMax, detail: `${seconds(fanoutMs)} s vs ceiling ${seconds(ceilingMs)} s (×${ratio})` },
      { name: 'every assignment delivered', met: delivered === plan.length && running >= plan.length && inboxVisible === communes.length, detail: `${delivered}/${plan.length} rows, ${running} running, ${inboxVisible}/${communes.length} inboxes` },
      { name: 'acknowledgement p99 < 1 s', met: ackLatency.p99 < TARGETS.ackP99Ms, detail: `p99 ${ackLatency.p99} ms` },
      {
        name: 'no acknowledgement lost or duplicated',
        met: ackErrors.length === 0 && ackDb === communes.length && ackTemporal === communes.length && audited === communes.length,
        detail: `${ackErrors.length} errors; database ${ackDb}, Temporal ${ackTemporal}, audit ${audited} of ${communes.length}`,
      },
      ...(isNational
        ? [
            {
              name: 'rollup reads p95 < 100 ms',
              met: Math.max(rollup.national.rollupMs.p95, rollup.province.rollupMs.p95) < TARGETS.rollupP95Ms,
              detail: `national ${rollup.national.rollupMs.p95} ms, province ${rollup.province.rollupMs.p95} ms`,
            },
          ]
        : []),
      {
        name: 'worker and API < 1 GiB RSS',
        met: (peakRssBytes.worker ?? Infinity) < TARGETS.rssBytes && (peakRssBytes.server ?? Infinity) < TARGETS.rssBytes,
        detail: `worker ${mb(peakRssBytes.worker)}, API ${mb(peakRssBytes.server)}`,
      },
    ];

    return {
      size,
      label: SIZE_LABELS[size],
      startedAt,
      machine: {
        cores: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
        node: process.version,
        temporal: stack.versions.temporal,
        postgres: stack.versions.postgres,
        loadAverageAtStart,
        sharedMachine: options.shared,
        speedReferenceMs,
      },
      units: counts,
      burstCommunes: communes.length,
      fanout: {
        seconds: seconds(fanoutMs),
        readModelSeconds: seconds(readModelAt - t0),
        temporalSeconds: seconds(temporalAt - t0),
        delivered,
        running,
        inboxVisible,
        ceilingSeconds: seconds(ceilingMs),
        ceilingWorkflows: plan.length,
        ratio,
      },
      acknowledge: {
        clients: options.clients,
        seconds: seconds(ackMs),
        perSecond: Math.round((acks.length / (ackMs / 1000)) * 10) / 10,
        completedEachSecond: ackEachSecond,
        latencyMs: ackLatency,
        errors: ackErrors.length,
        errorCodes: countBy(ackErrors.map((e) => e.code ?? '?')),
        database: ackDb,
        temporal: ackTemporal,
        audited,
        cpuMsPerAck,
        warmUp: { acknowledgements: above.length, errors: warmUpErrors },
      },
      rollup,
      reports: {
        clients: options.clients,
        seconds: seconds(reportMs),
        latencyMs: stats(reports.map((r) => r.ms)),
        errors: reportErrors.length,
        errorCodes: countBy(reportErrors.map((e) => e.code ?? '?')),
        reflectedSeconds: reflectedAt ? seconds(reflectedAt - r0) : Number.NaN,
        reflected: lastReported,
      },
      peakRssBytes,
      targets,
    };
  } catch (error) {
    log(`failed: ${(error as Error).stack ?? String(error)}`);
    throw error;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    log('stopping');
    await stack.stop();
  }
}

