import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { DEMO_PASSWORD } from '@chidao/db';
import { DIRECTIVE_1119 } from '@chidao/domain';
import { assignmentWorkflowId } from '@chidao/workflows';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { fingerprint } from './idempotency';
import { appRouter, domainCodeOf, type ContextDeps } from './index';
import { signedInAs, testAuth, testBrowser, testClock } from './testing';
import { rejection } from './test-support';

/**
 * Idempotency keys against the real engine: a retried action has one effect, in the read model, the
 * audit trail and the workflow's history, whatever happened to the first attempt.
 */

let harness: EngineHarness;
let base: ContextDeps;

beforeAll(async () => {
  harness = await startEngineHarness('idempotency-test');
  base = harness.deps;
});

afterAll(async () => {
  await harness?.stop();
});

const assignmentOf = (unitId: string) => assignmentWorkflowId(DIRECTIVE_1119.id, unitId);
/** A chair whose calls all send `key` (a user action and its retries). */
const chair = (unitId: string, key: string | null | (() => string | null), deps: ContextDeps = base) =>
  signedInAs(deps, `u.${unitId}`, { idempotencyKey: key });

/** Acknowledge updates the workflow accepted: a second effect would show here. */
async function acceptedUpdates(workflowId: string, name: string): Promise<number> {
  const history = await harness.env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === name).length;
}

async function auditCount(assignmentId: string, action: string): Promise<number> {
  return (await harness.repos.audit.forEntity('assignment', assignmentId)).filter((e) => e.action === action).length;
}

/**
 * A test clock and two ways to reach the API: `deps`, a healthy process, and `dying`, one that dies
 * after the workflow update (before the audit entry, or after it) and before storing the answer or
 * releasing the key.
 */
function dyingProcess({ beforeAudit }: { beforeAudit: boolean }) {
  const clock = testClock();
  const deps: ContextDeps = { ...base, auth: testAuth({ now: clock.now }) };
  const died = new Error('process died');
  const dying: ContextDeps = {
    ...deps,
    repos: {
      ...base.repos,
      ...(beforeAudit ? { audit: { ...base.repos.audit, append: () => Promise.reject(died) } } : {}),
      idempotency: { ...base.repos.idempotency, release: async () => undefined, complete: () => Promise.reject(died) },
    },
  };
  return { clock, deps, dying };
}

describe('idempotency keys', () => {
  it('refuse every mutation without a usable key, before reading its input', async () => {
    const mutations = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>).filter(
      ([, p]) => p._def.type === 'mutation',
    );
    expect(mutations.length).toBeGreaterThan(5);
    for (const key of [null, '', 'short', 'x'.repeat(129), 'has spaces in it, sixteen+', '../../../etc/passwd/aaaa']) {
      for (const [path] of mutations) {
        const caller = chair('kg.rach-gia.p-vinh-quang', key) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
        const [group, name] = path.split('.') as [string, string];
        expect({ path, key, ...(await rejection(caller[group]![name]!({}))) }).toEqual({
          path,
          key,
          code: 'BAD_REQUEST',
          domainCode: 'IDEMPOTENCY_KEY_REQUIRED',
        });
      }
    }
    expect((await harness.repos.assignments.get(assignmentOf('kg.rach-gia.p-vinh-quang')))?.state).toBe('issued');
  });

  it('answer a retry with the first result and do the action once', async () => {
    const id = assignmentOf('kg.rach-gia.p-vinh-hiep');
    const key = randomUUID();
    const first = await chair('kg.rach-gia.p-vinh-hiep', key).assignments.acknowledge({ assignmentId: id });
    expect(first.state).toBe('acknowledged');
    // The retry (a new request: the answer to the first was lost on the way) gets the same answer.
    const retry = await chair('kg.rach-gia.p-vinh-hiep', key).assignments.acknowledge({ assignmentId: id });
    expect(retry).toEqual(first);
    expect(await acceptedUpdates(id, 'acknowledge')).toBe(1);
    expect(await auditCount(id, 'assignment.acknowledge')).toBe(1);
    // A new action (new key) asks the rules again, which refuse a second acknowledgement.
    expect(await rejection(chair('kg.rach-gia.p-vinh-hiep', randomUUID()).assignments.acknowledge({ assignmentId: id }))).toEqual({
      code: 'CONFLICT',
      domainCode: 'ALREADY_ACKNOWLEDGED',
    });
  });

  it('refuse the same key with another input or another procedure', async () => {
    const key = randomUUID();
    const caller = chair('kg.rach-gia.p-vinh-bao', key);
    await caller.assignments.acknowledge({ assignmentId: assignmentOf('kg.rach-gia.p-vinh-bao') });
    expect(await rejection(caller.assignments.acknowledge({ assignmentId: assignmentOf('kg.rach-gia.p-vinh-lac') }))).toEqual({
      code: 'CONFLICT',
      domainCode: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(
      await rejection(caller.assignments.answerExplanation({ assignmentId: assignmentOf('kg.rach-gia.p-vinh-bao'), answer: 'Đã xong' })),
    ).toEqual({ code: 'CONFLICT', domainCode: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('keep keys apart per account: the same key from another user is another action', async () => {
    const key = randomUUID();
    const a = await chair('kg.rach-gia.p-an-hoa', key).assignments.acknowledge({ assignmentId: assignmentOf('kg.rach-gia.p-an-hoa') });
    const b = await chair('kg.rach-gia.p-an-binh', key).assignments.acknowledge({ assignmentId: assignmentOf('kg.rach-gia.p-an-binh') });
    expect([a.unitId, b.unitId]).toEqual(['kg.rach-gia.p-an-hoa', 'kg.rach-gia.p-an-binh']);
    expect(b.state).toBe('acknowledged');
  });

  it('run simultaneous duplicates once: the others are told to retry, and the retry gets the answer', async () => {
    const unit = 'kg.rach-gia.p-rach-soi';
    const id = assignmentOf(unit);
    const key = randomUUID();
    const attempts = await Promise.allSettled(Array.from({ length: 4 }, () => chair(unit, key).assignments.acknowledge({ assignmentId: id })));
    const succeeded = attempts.filter((a) => a.status === 'fulfilled');
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    for (const failed of attempts.filter((a) => a.status === 'rejected')) {
      expect(domainCodeOf(failed.reason as TRPCError)).toBe('REQUEST_IN_PROGRESS');
    }
    const retry = await chair(unit, key).assignments.acknowledge({ assignmentId: id });
    expect(retry).toEqual(succeeded[0]!.value);
    expect(await acceptedUpdates(id, 'acknowledge')).toBe(1);
    expect(await auditCount(id, 'assignment.acknowledge')).toBe(1);
  });

  it('give the key back when the action is refused, so nothing is stored and a retry asks again', async () => {
    const key = randomUUID();
    const caller = chair('kg.rach-gia.p-vinh-loi', key);
    const elsewhere = assignmentOf('kg.ha-tien.p-to-chau');
    expect((await rejection(caller.assignments.acknowledge({ assignmentId: elsewhere }))).domainCode).toBe('ASSIGNMENT_NOT_FOUND');
    expect(await harness.repos.idempotency.get('u.kg.rach-gia.p-vinh-loi', key)).toBeNull();
    expect((await rejection(caller.assignments.acknowledge({ assignmentId: elsewhere }))).domainCode).toBe('ASSIGNMENT_NOT_FOUND');
  });

  it('apply the effect once when the API died after the workflow update but before storing the answer', async () => {
    const unit = 'kg.rach-gia.p-vinh-thong';
    const id = assignmentOf(unit);
    const key = randomUUID();
    const { clock, deps, dying } = dyingProcess({ beforeAudit: true });
    // The first process: the workflow update goes through, then the process dies before anything
    // else (no audit entry, no stored answer, no release of the key).
    expect((await rejection(chair(unit, key, dying).assignments.acknowledge({ assignmentId: id }))).code).toBe('INTERNAL_SERVER_ERROR');
    expect(await acceptedUpdates(id, 'acknowledge')).toBe(1);

    // A retry while the dead attempt still holds the key is told to come back.
    expect(await rejection(chair(unit, key, deps).assignments.acknowledge({ assignmentId: id }))).toEqual({
      code: 'CONFLICT',
      domainCode: 'REQUEST_IN_PROGRESS',
    });
    // Once its lease has run out the retry runs again: Temporal answers the same update id with the
    // first outcome instead of running the update (whose validator would refuse a second acknowledgement).
    clock.advance(31_000);
    const retried = await chair(unit, key, deps).assignments.acknowledge({ assignmentId: id });
    expect(retried.state).toBe('acknowledged');
    expect(await acceptedUpdates(id, 'acknowledge')).toBe(1);
    expect(await auditCount(id, 'assignment.acknowledge')).toBe(1);
    expect((await harness.repos.idempotency.get(`u.${unit}`, key))?.state).toBe('done');
    // And later retries get the stored answer.
    expect(await chair(unit, key, deps).assignments.acknowledge({ assignmentId: id })).toEqual(retried);
  });

  it('record the action once when the API died after writing the audit entry but before storing the answer', async () => {
    const unit = 'kg.rach-gia.p-vinh-lac';
    const id = assignmentOf(unit);
    await chair(unit, randomUUID()).assignments.acknowledge({ assignmentId: id });
    const key = randomUUID();
    const { clock, deps, dying } = dyingProcess({ beforeAudit: false });
    const input = { assignmentId: id, figures: { installs: 1_200, adults15to60: 9_000, smartphoneUsers: 6_000 }, narrative: 'Đã vận động.' };
    // The answer never gets stored (the middleware carries on without it, as a dead process would).
    const first = await chair(unit, key, dying).reports.submit(input);
    expect(await auditCount(id, 'report.submit')).toBe(1);
    expect((await harness.repos.idempotency.get(`u.${unit}`, key))?.state).not.toBe('done');

    clock.advance(31_000);
    const retried = await chair(unit, key, deps).reports.submit(input);
    expect(retried).toEqual(first);
    expect(await acceptedUpdates(id, 'submitReport')).toBe(1);
    expect(await auditCount(id, 'report.submit')).toBe(1);
  });

  it('tell the user the engine is unavailable when no worker runs, free the key, and apply the action once when retried', async () => {
    const unit = 'kg.rach-gia.p-vinh-thanh';
    const id = assignmentOf(unit);
    const key = randomUUID();
    // A short deadline for the test; the server's is DEFAULT_ENGINE_DEADLINE_MS.
    const impatient: ContextDeps = { ...base, temporal: { ...base.temporal, deadlineMs: 2_000 } };
    await harness.pauseWorker();
    try {
      expect(await rejection(chair(unit, key, impatient).assignments.acknowledge({ assignmentId: id }))).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        domainCode: 'ENGINE_UNAVAILABLE',
      });
      // Nothing stored under the key: the retry runs the action rather than waiting out a lease.
      expect(await harness.repos.idempotency.get(`u.${unit}`, key)).toBeNull();
      expect((await harness.repos.assignments.get(id))?.state).toBe('issued');
    } finally {
      await harness.resumeWorker();
    }
    const retried = await chair(unit, key).assignments.acknowledge({ assignmentId: id });
    expect(retried.state).toBe('acknowledged');
    expect(await acceptedUpdates(id, 'acknowledge')).toBe(1);
    expect(await auditCount(id, 'assignment.acknowledge')).toBe(1);
  });

  it('let sign-in and sign-out repeat with their key (no answer is stored for them)', async () => {
    const key = randomUUID();
    const browser = testBrowser(base, { idempotencyKey: key });
    const username = 'ct.kg.rach-gia.x-phi-thong';
    expect((await browser.caller.session.signIn({ username, password: DEMO_PASSWORD })).username).toBe(username);
    expect((await browser.caller.session.signIn({ username, password: DEMO_PASSWORD })).username).toBe(username);
    expect((await browser.caller.session.me())?.username).toBe(username);
    expect((await browser.caller.session.signOut()).ok).toBe(true);
    expect((await browser.caller.session.signOut()).ok).toBe(true);
    expect(await browser.caller.session.me()).toBeNull();
  });

  it('replay a password change instead of reporting the old password as wrong', async () => {
    const key = randomUUID();
    const browser = testBrowser(base, { idempotencyKey: () => key });
    await browser.caller.session.signIn({ username: 'ct.kg.ha-tien.p-phao-dai', password: DEMO_PASSWORD });
    const change = { currentPassword: DEMO_PASSWORD, newPassword: 'một mật khẩu mới dài hơn' };
    const first = await browser.caller.session.changePassword(change);
    expect(await browser.caller.session.changePassword(change)).toEqual(first);
    // The stored fingerprint holds nothing derived from the passwords.
    const row = await harness.repos.idempotency.get('u.kg.ha-tien.p-phao-dai', key);
    expect(row).toMatchObject({ state: 'done', result: first });
    expect(row?.inputHash).toBe(fingerprint('session.changePassword', { currentPassword: 'khác', newPassword: 'cũng khác' }));
  });
});
