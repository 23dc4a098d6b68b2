import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDirective } from '@chidao/api';
import { DIRECTIVE_1119, planAssignments } from '@chidao/domain';
import { directiveWorkflowId } from '@chidao/workflows';
import { eventually } from '@chidao/testing';
import { log, seededRandom, startChaosStack, type ChaosStack } from './harness';

/**
 * kill -9 the worker at random moments of the Kiên Giang fan-out (công văn 1119, 186 units) and
 * start it again, several times. Afterwards every assignment exists exactly once, in Temporal and
 * in the database, and the two agree (the reconciliation check finds no difference).
 */
let stack: ChaosStack;
beforeAll(async () => {
  stack = await startChaosStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('the worker killed during a province fan-out', () => {
  it('leaves every assignment exactly once, in Temporal and in the database', async () => {
    const random = seededRandom('worker kills');
    const expected = planAssignments(await stack.repos.units.hierarchy(), DIRECTIVE_1119).length;
    const recorded = async () => (await stack.repos.assignments.statesForDirective(DIRECTIVE_1119.id)).length;
    // Kill points spread over the fan-out: after some rows are written, then a random extra moment.
    const thresholds = [
      [0, 0.1],
      [0.15, 0.45],
      [0.5, 0.75],
      [0.8, 0.97],
    ].map(([a, b]) => Math.floor(expected * (a! + random() * (b! - a!))));

    stack.startWorker();
    await issueDirective({ repos: stack.repos, client: stack.client, taskQueue: stack.taskQueue }, DIRECTIVE_1119);
    let kills = 0;
    for (const threshold of thresholds) {
      await eventually(async () => expect(await recorded()).toBeGreaterThanOrEqual(threshold), 300_000);
      await sleep(Math.floor(random() * 1500));
      await stack.killWorker();
      kills += 1;
      const at = await recorded();
      log(`kill -9 worker #${kills} with ${at}/${expected} assignments recorded`);
      // Down for a moment (a crash loop, not a clean restart), then up again.
      await sleep(Math.floor(random() * 2000));
      stack.startWorker();
    }
    expect(kills).toBe(thresholds.length);

    await eventually(async () => expect(await recorded()).toBe(expected), 600_000);
    // Every planned assignment once in each place, no extra, no second run, rows matching the workflows.
    expect(await stack.expectReconciled(DIRECTIVE_1119.id)).toBe(expected);
    const running = await stack.client.workflow.count(`WorkflowType = 'assignmentWorkflow' AND ExecutionStatus = 'Running'`);
    expect(running.count).toBe(expected);
    const all = await stack.client.workflow.count(`WorkflowType = 'assignmentWorkflow'`);
    expect(all.count).toBe(expected);
    expect((await stack.client.workflow.getHandle(directiveWorkflowId(DIRECTIVE_1119.id)).describe()).status.name).toBe('RUNNING');
    expect(stack.worker?.child.exitCode).toBeNull();
  });
});
