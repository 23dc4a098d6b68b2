import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDirective } from '@chidao/api';
import { kienGiangUnits, type Directive } from '@chidao/domain';
import { acknowledgeUpdate, assignmentWorkflowId } from '@chidao/workflows';
import { eventually } from '@chidao/testing';
import { log, startChaosStack, type ChaosStack } from './harness';

/**
 * Stop the Temporal dev server (state in its SQLite file) while a directive runs, keep it down
 * while the deadline passes, start it again: the timers still fire, the overdue units escalate,
 * the unit that acknowledged in time does not, and the read model matches the workflows.
 *
 * No clock is faked. The directive is a Hỏa tốc one that must be acknowledged within minutes of
 * the test starting and escalates at once (its own tracking policy: every step at the deadline),
 * so the deadline falls in real time while Temporal is down. Directive.tracking exists for exactly
 * this: a dispatch may set its own window and escalation.
 */
const DISTRICT = 'kg.rach-gia';
const communes = kienGiangUnits()
  .filter((u) => u.parentId === DISTRICT)
  .map((u) => u.id);
const ON_TIME = communes[0]!;
const VN_OFFSET_MS = 7 * 3_600_000;

/** The deadline as the dispatch writes it: a day and a time of day in Asia/Ho_Chi_Minh (no DST). */
function vnDayAndTime(ms: number): { date: string; time: string } {
  const local = new Date(ms + VN_OFFSET_MS).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

function urgentDirective(deadlineMs: number): Directive {
  const { date, time } = vnDayAndTime(deadlineMs);
  const units = { type: 'units' as const, unitIds: [DISTRICT, ...communes] };
  return {
    id: `kg.${date.slice(0, 4)}.chaos-${deadlineMs}`,
    reference: `${deadlineMs % 10_000}/UBND-KGVX`,
    issuerUnitId: 'kg',
    place: 'Kiên Giang',
    date,
    subject: 'V/v kiểm tra khả năng chịu lỗi (hỏa tốc)',
    urgency: 'Hỏa tốc',
    recipients: [{ text: 'UBND thành phố Rạch Giá và các phường, xã', group: units }],
    tasks: [{ id: 't1', text: 'Xác nhận đã tiếp nhận trong ngày.', assignees: [units] }],
    targets: [],
    deadlines: [],
    coordinatorUnitId: null,
    signer: { capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Lâm Minh Thành' },
    copiesTo: [],
    tracking: {
      acknowledgeWithin: { type: 'date', date, time },
      reminders: { fractions: [], workingDaysBefore: [] },
      escalation: {
        steps: [
          { afterWorkingDays: 0, action: 'remind' },
          { afterWorkingDays: 0, action: 'escalate_parent' },
          { afterWorkingDays: 0, action: 'escalate_province' },
        ],
      },
    },
  };
}

let stack: ChaosStack;
beforeAll(async () => {
  stack = await startChaosStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('the Temporal server stopped while a directive runs', () => {
  it('fires the timers that fell due while it was down, and the overdue units escalate', async () => {
    // The next whole minute at least 90 s away: time enough to deliver 13 assignments first.
    const deadlineMs = Math.ceil((Date.now() + 90_000) / 60_000) * 60_000;
    const directive = urgentDirective(deadlineMs);
    const ids = [DISTRICT, ...communes].map((unit) => assignmentWorkflowId(directive.id, unit));
    stack.startWorker();
    await issueDirective({ repos: stack.repos, client: stack.client, taskQueue: stack.taskQueue }, directive);
    await eventually(async () => {
      const rows = await stack.db.prisma.assignment.findMany({ where: { directiveId: directive.id, acknowledgeBy: { not: null } } });
      expect(rows).toHaveLength(ids.length);
      expect(new Set(rows.map((r) => r.acknowledgeBy?.getTime()))).toEqual(new Set([deadlineMs]));
    }, 150_000);
    const onTime = assignmentWorkflowId(directive.id, ON_TIME);
    await stack.client.workflow.getHandle(onTime).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: { userId: `ct.${ON_TIME}`, unitId: ON_TIME } }] });

    // Before the outage nothing is due, so nothing has escalated.
    expect(Date.now()).toBeLessThan(deadlineMs);
    expect(await stack.db.prisma.escalation.count({ where: { directiveId: directive.id } })).toBe(0);

    await stack.stopTemporal();
    log(`Temporal stopped ${Math.round((deadlineMs - Date.now()) / 1000)} s before the deadline`);
    await sleep(Math.max(0, deadlineMs - Date.now()) + 5_000);
    expect(await stack.db.prisma.escalation.count({ where: { directiveId: directive.id } })).toBe(0);
    await stack.startTemporal();
    log('Temporal started again, after the deadline');

    // Every unit that had not acknowledged: reminded and escalated to its parent's chair; the
    // communes also to the province (the district is right under it: its parent step reached it).
    const overdue = ids.filter((id) => id !== onTime);
    const expectedEscalations = overdue
      .flatMap((id) => [`${id}#acknowledge:escalate_parent:1`, ...(id.endsWith(`unit:${DISTRICT}`) ? [] : [`${id}#acknowledge:escalate_province:2`])])
      .sort();
    await eventually(async () => {
      const raised = await stack.db.prisma.escalation.findMany({ where: { directiveId: directive.id }, orderBy: { id: 'asc' } });
      expect(raised.map((e) => e.id)).toEqual(expectedEscalations);
      const reminders = await stack.db.prisma.assignmentEvent.findMany({ where: { assignmentId: { in: ids }, key: 'acknowledge:remind:0' } });
      expect(reminders.map((e) => e.assignmentId).sort()).toEqual([...overdue].sort());
    }, 300_000);
    const district = await stack.repos.escalations.inbox(DISTRICT);
    expect(district.map((e) => e.unitId).sort()).toEqual(communes.filter((c) => c !== ON_TIME).sort());
    expect((await stack.repos.escalations.inbox('kg')).length).toBe(overdue.length);

    expect(await stack.expectReconciled(directive.id)).toBe(ids.length);
    expect(stack.worker?.child.exitCode).toBeNull();
  });
});
