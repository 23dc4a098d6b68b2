import type { ServerResponse } from 'node:http';
import type { Connection } from '@temporalio/client';
import type { Db } from '@chidao/db';

/** How long /readyz waits for each dependency before calling it unreachable. */
export const READINESS_TIMEOUT_MS = 3_000;

/** What /readyz checks, by the name its answer gives: each resolves when that dependency answers. */
export type ReadinessChecks = Readonly<Record<string, () => Promise<unknown>>>;

export interface Readiness {
  readonly checks: ReadinessChecks;
  /** Per check (READINESS_TIMEOUT_MS when absent); the checks run at once. */
  readonly timeoutMs?: number;
}

/**
 * The server's dependencies: PostgreSQL (a round trip through the same pool the API uses) and
 * Temporal (its frontend's system info, under a gRPC deadline). Give it a Temporal connection
 * without the client's retries (`interceptors: []`): a probe is one attempt, and a retry loop would
 * outlive the answer.
 */
export function readinessChecks(deps: { readonly db: Db; readonly connection: Connection }, timeoutMs = READINESS_TIMEOUT_MS): ReadinessChecks {
  return {
    postgresql: () => deps.db.prisma.$queryRaw`SELECT 1`,
    temporal: () => deps.connection.withDeadline(Date.now() + timeoutMs, () => deps.connection.workflowService.getSystemInfo({})),
  };
}

export interface ReadinessReport {
  readonly ready: boolean;
  /** `ok`, or `unavailable` (an error, or no answer in time: the log says which). */
  readonly checks: Record<string, 'ok' | 'unavailable'>;
  /** The causes of the failures, for the log (never sent: they name internal hosts). */
  readonly causes: Record<string, unknown>;
}

/** Runs every check at once, each bounded by the timeout. */
export async function probe(readiness: Readiness): Promise<ReadinessReport> {
  const timeoutMs = readiness.timeoutMs ?? READINESS_TIMEOUT_MS;
  const names = Object.keys(readiness.checks);
  const outcomes = await Promise.all(
    names.map(async (name) => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timed out'>((resolve) => {
        timer = setTimeout(() => resolve('timed out'), timeoutMs);
      });
      try {
        const answer = await Promise.race([readiness.checks[name]!().then(() => 'ok' as const), timedOut]);
        return answer === 'ok' ? { name, outcome: 'ok' as const } : { name, outcome: 'unavailable' as const, cause: `no answer within ${timeoutMs} ms` };
      } catch (cause) {
        return { name, outcome: 'unavailable' as const, cause };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(outcomes.map((o) => [o.name, o.outcome]));
  const causes = Object.fromEntries(outcomes.filter((o) => o.outcome !== 'ok').map((o) => [o.name, o.cause]));
  return { ready: outcomes.every((o) => o.outcome === 'ok'), checks, causes };
}

/**
 * Answers GET /readyz: 200 when every dependency answered, else 503 naming the ones that did not
 * (a load balancer takes the server out of rotation; /healthz stays "alive" meanwhile). The body says
 * which failed and how, never the cause, which the log has under the request id.
 */
export async function answerReadiness(
  res: ServerResponse,
  readiness: Readiness,
  requestId: string,
  logFailure: (report: ReadinessReport) => void,
): Promise<void> {
  const report = await probe(readiness);
  if (!report.ready) logFailure(report);
  const failed = Object.entries(report.checks).filter(([, outcome]) => outcome !== 'ok').map(([name]) => name);
  const body = { status: report.ready ? 'ready' : 'unavailable', checks: report.checks, ...(failed.length > 0 ? { failed } : {}), requestId };
  res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
