import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDirective } from '@chidao/api';
import { DEMO_PASSWORD, DIRECTIVE_1119 } from '@chidao/domain';
import { acknowledgeUpdate, assignmentWorkflowId } from '@chidao/workflows';
import { eventually } from '@chidao/testing';
import { log, seededRandom, startChaosStack, type ChaosStack } from './harness';

/**
 * kill -9 the API server in the middle of an acknowledgement or a report and retry from the client
 * with the same Idempotency-Key, as the web app does: exactly one effect, in the read model, the
 * workflow's history and the audit trail.
 */
let stack: ChaosStack;
beforeAll(async () => {
  stack = await startChaosStack();
  stack.startWorker();
  await stack.startServer();
  await issueDirective({ repos: stack.repos, client: stack.client, taskQueue: stack.taskQueue }, DIRECTIVE_1119);
});
afterAll(async () => {
  await stack?.stop();
});

/** A browser's side of the API: cookie jar, the CSRF header from its cookie, a key per user action. */
class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const name = pair!.slice(0, pair!.indexOf('='));
      const value = pair!.slice(pair!.indexOf('=') + 1);
      if (/Max-Age=0/.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async signIn(username: string): Promise<void> {
    this.remember(await fetch(`${this.base}/healthz`));
    const response = await this.mutate('session.signIn', { username, password: DEMO_PASSWORD }, randomUUID());
    expect(response.status).toBe(200);
  }

  /** One attempt; rejects when the server dies before answering. */
  async mutate(path: string, input: unknown, key: string): Promise<Response> {
    const response = await fetch(`${this.base}/trpc/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': this.cookies.get('chidao_csrf') ?? '',
        'idempotency-key': key,
      },
      body: JSON.stringify(input),
    });
    this.remember(response);
    return response;
  }

  /**
   * Retries with the same key until the server gives a final answer, as the web client does: on a
   * connection failure, UNAVAILABLE, or REQUEST_IN_PROGRESS (the dead attempt's lease on the key).
   */
  async mutateUntilAnswered(path: string, input: unknown, key: string): Promise<{ status: number; body: unknown }> {
    for (let attempt = 1; ; attempt++) {
      const response = await this.mutate(path, input, key).catch(() => null);
      if (response) {
        const body = (await response.json()) as { error?: { data?: { domainCode?: string } } };
        const code = body.error?.data?.domainCode;
        if (code !== 'REQUEST_IN_PROGRESS' && code !== 'UNAVAILABLE') return { status: response.status, body };
      }
      if (attempt > 200) throw new Error(`${path}: no final answer after ${attempt} attempts`);
      await sleep(1_000);
    }
  }
}

async function acceptedUpdates(workflowId: string, name: string): Promise<number> {
  const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === name).length;
}
const auditCount = async (assignmentId: string, action: string) =>
  (await stack.repos.audit.forEntity('assignment', assignmentId)).filter((e) => e.action === action).length;
const delivered = (unitId: string) =>
  eventually(async () => expect((await stack.repos.assignments.get(assignmentWorkflowId(DIRECTIVE_1119.id, unitId)))?.acknowledgeBy).toBeTruthy(), 300_000);
const claimed = (key: string) => eventually(async () => expect(await stack.db.prisma.idempotencyKey.count({ where: { key } })).toBe(1), 60_000);

describe('the API server killed in the middle of a user action', () => {
  it('acknowledges once when the client retries the acknowledgement with the same key', async () => {
    const unit = 'kg.rach-gia.p-vinh-quang';
    const id = assignmentWorkflowId(DIRECTIVE_1119.id, unit);
    await delivered(unit);
    const browser = new Browser(stack.serverUrl);
    await browser.signIn(`ct.${unit}`);

    // With no worker the workflow cannot answer, so the server is surely inside the request
    // (key claimed, update sent) when it dies: the client never gets a response.
    await stack.killWorker();
    const key = randomUUID();
    const first = browser.mutate('assignments.acknowledge', { assignmentId: id }, key).then(
      () => 'answered',
      () => 'connection lost',
    );
    await claimed(key);
    await sleep(1_000);
    await stack.killServer();
    expect(await first).toBe('connection lost');
    log('API server killed during an acknowledgement');

    stack.startWorker();
    await stack.startServer();
    const retried = await browser.mutateUntilAnswered('assignments.acknowledge', { assignmentId: id }, key);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ result: { data: { id, state: 'acknowledged' } } });
    // Once more, after the answer was stored: the same answer, still one effect.
    const again = await browser.mutateUntilAnswered('assignments.acknowledge', { assignmentId: id }, key);
    expect(again).toEqual(retried);

    expect((await stack.repos.assignments.get(id))?.state).toBe('acknowledged');
    expect(await acceptedUpdates(id, 'acknowledge')).toBe(1);
    expect(await auditCount(id, 'assignment.acknowledge')).toBe(1);
    await stack.expectReconciled(DIRECTIVE_1119.id);
  });

  it('keeps one report when the server dies at random moments of the submission and the client retries', async () => {
    const random = seededRandom('server kills during reports');
    const units = ['kg.ha-tien.p-dong-ho', 'kg.phu-quoc.tt-duong-dong', 'kg.rach-gia.p-vinh-lac'];
    const figures = { installs: 1_200, adults15to60: 9_000, smartphoneUsers: 6_000 };
    for (const unit of units) {
      const id = assignmentWorkflowId(DIRECTIVE_1119.id, unit);
      await delivered(unit);
      await stack.client.workflow.getHandle(id).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: { userId: `ct.${unit}`, unitId: unit } }] });
      const browser = new Browser(stack.serverUrl);
      await browser.signIn(`ct.${unit}`);
      const input = { assignmentId: id, figures, narrative: 'Đã vận động từng hộ cài đặt Bluezone.' };
      const key = randomUUID();
      const first = browser.mutate('reports.submit', input, key).then(
        (r) => `answered ${r.status}`,
        () => 'connection lost',
      );
      const delay = Math.floor(random() * 400);
      await sleep(delay);
      await stack.killServer();
      log(`${unit}: API server killed ${delay} ms into the report: ${await first}`);
      await stack.startServer();

      const retried = await browser.mutateUntilAnswered('reports.submit', input, key);
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ result: { data: { version: 1, figures } } });
      expect((await stack.repos.reports.history(id)).map((r) => r.version)).toEqual([1]);
      expect(await acceptedUpdates(id, 'submitReport')).toBe(1);
      expect(await auditCount(id, 'report.submit')).toBe(1);
    }
    await stack.expectReconciled(DIRECTIVE_1119.id);
  });
});
