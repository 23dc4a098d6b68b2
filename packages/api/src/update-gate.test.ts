import { describe, expect, it, vi } from 'vitest';
import type { WorkflowStartUpdateInput, WorkflowStartUpdateOutput } from '@temporalio/client';
import { DEFAULT_UPDATES_IN_FLIGHT, updateGate } from './update-gate';

/** A stand-in for the Temporal call behind the gate: each update finishes when the test says so. */
function fakeTemporal() {
  const started: string[] = [];
  const pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const next = (input: WorkflowStartUpdateInput) =>
    new Promise<WorkflowStartUpdateOutput>((resolve, reject) => {
      const id = input.workflowExecution.workflowId;
      started.push(id);
      pending.set(id, { resolve: () => resolve({ updateId: `u-${id}`, workflowRunId: 'run' }), reject });
    });
  return { started, pending, next, inFlight: () => pending.size };
}

const input = (workflowId: string) =>
  ({ workflowExecution: { workflowId }, updateName: 'acknowledge', args: [], headers: {}, options: {} }) as unknown as WorkflowStartUpdateInput;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the update gate', () => {
  it('lets at most the limit through, and the others in the order they came as places free', async () => {
    const temporal = fakeTemporal();
    const gate = updateGate(2);
    const answers = ['a', 'b', 'c', 'd', 'e'].map((id) => gate.startUpdate!(input(id), temporal.next));
    await settle();
    expect(temporal.started).toEqual(['a', 'b']);

    const done = (id: string) => {
      temporal.pending.get(id)!.resolve();
      temporal.pending.delete(id);
    };
    done('b');
    await settle();
    expect(temporal.started).toEqual(['a', 'b', 'c']);
    done('a');
    done('c');
    await settle();
    expect(temporal.started).toEqual(['a', 'b', 'c', 'd', 'e']);
    done('d');
    done('e');
    expect((await Promise.all(answers)).map((a) => a.updateId)).toEqual(['u-a', 'u-b', 'u-c', 'u-d', 'u-e']);
  });

  it('gives up on an update that waited longer than its deadline for a place, without ever sending it', async () => {
    vi.useFakeTimers();
    try {
      const temporal = fakeTemporal();
      const gate = updateGate(1, 1_000);
      const first = gate.startUpdate!(input('a'), temporal.next);
      const waiting = gate.startUpdate!(input('b'), temporal.next);
      const refused = waiting.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(1_001);
      expect(await refused).toMatchObject({ code: 'ENGINE_UNAVAILABLE', details: { retryAfterSeconds: 5 } });
      // The place frees; the update that gave up is not sent, the next one is.
      temporal.pending.get('a')!.resolve();
      temporal.pending.delete('a');
      expect((await first).updateId).toBe('u-a');
      const third = gate.startUpdate!(input('c'), temporal.next);
      await vi.advanceTimersByTimeAsync(0);
      expect(temporal.started).toEqual(['a', 'c']);
      temporal.pending.get('c')!.resolve();
      expect((await third).updateId).toBe('u-c');
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes a failed update on to its caller and frees its place', async () => {
    const temporal = fakeTemporal();
    const gate = updateGate(1);
    const first = gate.startUpdate!(input('a'), temporal.next);
    const second = gate.startUpdate!(input('b'), temporal.next);
    await settle();
    temporal.pending.get('a')!.reject(new Error('workflow not found'));
    temporal.pending.delete('a');
    await expect(first).rejects.toThrow('workflow not found');
    await settle();
    expect(temporal.started).toEqual(['a', 'b']);
    temporal.pending.get('b')!.resolve();
    expect((await second).updateId).toBe('u-b');
  });

  it('refuses a limit that is not a whole number of at least one', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) expect(() => updateGate(bad)).toThrow(RangeError);
    expect(DEFAULT_UPDATES_IN_FLIGHT).toBeGreaterThanOrEqual(1);
  });
});
