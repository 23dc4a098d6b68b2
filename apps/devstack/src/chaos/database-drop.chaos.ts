import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDirective } from '@chidao/api';
import { DIRECTIVE_1119, planAssignments } from '@chidao/domain';
import { acknowledgeUpdate, assignmentWorkflowId } from '@chidao/workflows';
import { eventually } from '@chidao/testing';
import { log, seededRandom, startChaosStack, type ChaosStack } from './harness';

/**
 * Cut the worker's database connections again and again (pg_terminate_backend) while its
 * activities run the 1119 fan-out and record acknowledgements: the activities fail, Temporal
 * retries them, and in the end the read model matches the workflows with no difference.
 */
const APP = 'chidao-chaos-worker';
let stack: ChaosStack;
beforeAll(async () => {
  // The worker names its connections, so the test cuts only those.
  stack = await startChaosStack({ workerDatabaseUrl: (url) => `${url}${url.includes('?') ? '&' : '?'}application_name=${APP}` });
});
afterAll(async () => {
  await stack?.stop();
});

describe("the worker's database connections dropped while activities run", () => {
  it('retries the activities until the read model matches the workflows', async () => {
    const random = seededRandom('connection drops');
    const plan = planAssignments(await stack.repos.units.hierarchy(), DIRECTIVE_1119);
    const recorded = async () => (await stack.repos.assignments.statesForDirective(DIRECTIVE_1119.id)).length;
    stack.startWorker();
    await issueDirective({ repos: stack.repos, client: stack.client, taskQueue: stack.taskQueue }, DIRECTIVE_1119);

    let dropping = true;
    let dropped = 0;
    const dropper = (async () => {
      while (dropping) {
        const rows = await stack.db.prisma.$queryRaw<Array<{ ok: boolean }>>`
          SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = ${APP}`;
        dropped += rows.filter((r) => r.ok).length;
        await sleep(100 + Math.floor(random() * 600));
      }
    })();

    // Acknowledgements while the connections drop: each is an update whose activity writes the state.
    const communes = plan.filter((p) => p.parentUnitId !== null).slice(0, 6);
    await eventually(async () => expect(await recorded()).toBeGreaterThan(plan.length / 2), 300_000);
    await Promise.all(
      communes.map((p) =>
        eventually(
          () =>
            stack.client.workflow
              .getHandle(assignmentWorkflowId(DIRECTIVE_1119.id, p.unitId))
              .executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: { userId: `ct.${p.unitId}`, unitId: p.unitId } }] }),
          300_000,
        ),
      ),
    );
    await eventually(async () => expect(await recorded()).toBe(plan.length), 600_000);
    dropping = false;
    await dropper;
    log(`terminated ${dropped} of the worker's database connections`);
    expect(dropped).toBeGreaterThan(0);

    expect(await stack.expectReconciled(DIRECTIVE_1119.id)).toBe(plan.length);
    const states = new Map((await stack.repos.assignments.statesForDirective(DIRECTIVE_1119.id)).map((s) => [s.unitId, s.state]));
    for (const p of communes) expect(states.get(p.unitId)).toBe('acknowledged');
    expect(stack.worker?.child.exitCode).toBeNull();
  });
});
