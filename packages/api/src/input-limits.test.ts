import { describe, expect, it } from 'vitest';
import { fingerprint } from './idempotency';
import { inputProblem, MAX_INPUT_DEPTH, MAX_INPUT_VALUES } from './input-limits';

/** `[[[…]]]`, `depth` levels, built without recursion (as JSON.parse builds it). */
const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('input limits', () => {
  it(`allow ${MAX_INPUT_DEPTH} levels of nesting and ${MAX_INPUT_VALUES} values, not one more`, () => {
    expect(inputProblem(nested(MAX_INPUT_DEPTH))).toBeNull();
    expect(inputProblem(nested(MAX_INPUT_DEPTH + 1))).toBe('too_deep');
    expect(inputProblem(nested(100_000))).toBe('too_deep');
    expect(inputProblem(Array(MAX_INPUT_VALUES - 1).fill(0))).toBeNull();
    expect(inputProblem(Array(MAX_INPUT_VALUES).fill(0))).toBe('too_many_values');
    expect(inputProblem({ a: Array(MAX_INPUT_VALUES).fill({}) })).toBe('too_many_values');
  });

  it('refuse U+0000 in any string or key, at any depth they allow', () => {
    expect(inputProblem({ a: [{ b: 'x\u0000' }] })).toBe('nul');
    expect(inputProblem({ 'k\u0000': 1 })).toBe('nul');
    expect(inputProblem('\u0000')).toBe('nul');
    expect(inputProblem({ a: ['Ủy ban', 1, null, true, undefined] })).toBeNull();
    expect(inputProblem(undefined)).toBeNull();
  });
});

describe('fingerprints', () => {
  it('are what they were before they were computed without recursion', () => {
    // Computed by the recursive version: answers stored under keys during an upgrade still match.
    expect(fingerprint('assignments.acknowledge', { assignmentId: 'directive:x/unit:y' })).toBe('b38e49b951d7f7d419ef712b6dc7ecf926e0f8159b1b9abdf9fe8dd33f5dc532');
    const report = { b: [1, 'hai', null, undefined, { z: true, a: 1.5 }], a: { password: 'x', newPassword: 'y', keep: undefined }, 'Ủy ban': 'Vĩnh Thanh Vân' };
    expect(fingerprint('reports.submit', report)).toBe('150bb13e603c840bc23e6adcdc1c74e0fb8b18a89a7674c01b9fc62847ebd7dd');
    expect(fingerprint('session.signOut', undefined)).toBe('6f577c05deecb633f2e4084df41893df5011f0c7af30a126cfa8e242bca11452');
    expect(fingerprint('x', [[[]], {}, '', 0, -0, 1e21])).toBe('e0f19a21e08c23463710541eac372312a009191fda0d069f851a1bdda4447e52');
  });

  it('take any nesting without overflowing the stack', () => {
    expect(fingerprint('x', nested(100_000))).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint('x', nested(100_000))).not.toBe(fingerprint('x', nested(99_999)));
  });
});
