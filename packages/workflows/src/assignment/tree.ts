import { condition, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { DomainError, checkChildDeadline, checkForward, isTerminal, reassign, sameDeadlines, scheduleTouchesYear, transition, type Actor } from '@chidao/domain/workflow';
import type { DeliveryTerms } from '../activities';
import { asFailure } from '../failures';
import { assignmentWorkflowId, directiveWorkflowId } from '../ids';
import {
  amendAcknowledgementSignal,
  amendDeadlineSignal,
  calendarChangedSignal,
  childProgressSignal,
  childReassignedSignal,
  forwardUpdate,
  reassignUpdate,
  recallSignal,
  setChildDeadlineUpdate,
  predecessorsJoinedSignal,
  succeededSignal,
  unitCeasedSignal,
} from '../messages';
import { activities, deliver, now, recallAll, startAssignment } from '../runtime';
import { carryFigures, sumCarried } from './reporting';
import type { AssignmentRun } from './state';

/**
 * Moves in the tree: what the units below tell, and what passes down it (recalls, amended
 * deadlines, the unit's own deadline for the units below, forwarding) or sideways (reassigning).
 * Three groups, registered where the workflow always registered them: messages that arrive before
 * the workflow starts wait for their handler and are taken in the order of registration.
 */

/** The units below report their state and move their tasks. */
export function registerChildSignals(run: AssignmentRun): void {
  setHandler(childProgressSignal, (progress) => {
    run.children[progress.unitId] = progress.state;
  });
  // A sub-assignment was moved to another unit: recalls and amendments now go to that one.
  setHandler(childReassignedSignal, ({ fromUnitId, toUnitId, terms }) => {
    run.children[fromUnitId] = 'reassigned';
    run.children[toUnitId] ??= 'issued';
    if (terms && Object.hasOwn(run.forwarded, fromUnitId)) run.forwarded[toUnitId] = terms;
  });
}

/** The issuer recalls the directive: the recall ends this assignment and passes down. */
export function registerRecall(run: AssignmentRun): void {
  const { input } = run;
  setHandler(recallSignal, async (recall) => {
    await condition(() => run.plan !== null && !run.reassigning);
    // Recalled while (or after) its task moved to another unit: the recall follows the task.
    if (run.status.state === 'reassigned' && run.status.reassignedTo) await recallAll(input.directiveId, [run.status.reassignedTo], recall);
    if (isTerminal(run.status.state)) return;
    try {
      run.status = transition(run.status, { type: 'recall', reason: recall.reason }, { ...recall.actor, role: 'issuer' }, now());
    } catch (error) {
      // A signal has no caller to answer: a recall not from the issuer is dropped, never fatal.
      if (error instanceof DomainError) return;
      throw error;
    }
    await run.persist(recall.actor.userId, null);
    await recallAll(input.directiveId, run.below(), recall);
    run.closed = true;
  });
}

/**
 * A reorganisation (./directive.ts passes it): the task goes on at the unit that succeeds this one,
 * or this unit ceased and owes nothing more. Both act on the issuer's authority (the assigning
 * district may be gone) with the resolution as the reason; an assignment already ended ignores them.
 */
export function registerReorganisation(run: AssignmentRun): void {
  const end = async (by: string, action: Parameters<typeof transition>[1]) => {
    await condition(() => run.plan !== null && !run.reassigning);
    const issuerUnitId = run.status.issuerUnitId;
    if (isTerminal(run.status.state) || issuerUnitId === undefined) return false;
    run.status = transition(run.status, action, { userId: by, unitId: issuerUnitId, role: 'issuer' }, now());
    await run.persist(by, null);
    return true;
  };
  setHandler(succeededSignal, async ({ toUnitId, reason, by }) => {
    if (!(await end(by, { type: 'succeed', toUnitId, reason }))) return;
    await activities.recordReassignment({ id: run.id, toUnitId, reason, by, at: now() });
    run.closed = true;
  });
  // A successor takes in more old units (decided after the first step, or named again by a plan made
  // before the first was through): each once, the figures of those new to it added.
  setHandler(predecessorsJoinedSignal, async ({ predecessors, basis, by }) => {
    await condition(() => run.plan !== null && !run.reassigning);
    await run.serially(async () => {
      const fresh = predecessors.filter((p) => !run.succeeds.has(p.unitId));
      if (fresh.length === 0 || isTerminal(run.status.state)) return;
      for (const p of fresh) run.succeeds.add(p.unitId);
      await activities.recordSuccession({ id: run.id, succeeds: [...run.succeeds] });
      const carried = sumCarried(fresh.flatMap((p) => (p.carried ? [p.carried] : [])));
      const from = fresh.map((p) => p.unitId);
      await run.remember(`joined:${[...from].sort().join(',')}`, 'assignment.joined', { from, basis, by, figures: carried?.figures ?? null });
      if (carried) await carryFigures(run, carried, `Cộng thêm số liệu từ báo cáo mới nhất của ${fresh.length} đơn vị trước khi sắp xếp (${basis}).`, by);
    });
  });
  setHandler(unitCeasedSignal, async ({ reason, by }) => {
    if (!(await end(by, { type: 'recall', reason }))) return;
    await run.remember('unit-ceased', 'assignment.unit_ceased', { reason, by });
    run.closed = true;
  });
}

/** Amended deadlines from above, the unit's deadline for the units below, forwarding and reassigning. */
export function registerTreeMoves(run: AssignmentRun): void {
  const { input } = run;

  setHandler(amendAcknowledgementSignal, async (amend) => {
    await condition(() => run.plan !== null);
    await run.serially(async () => {
      if (isTerminal(run.status.state)) return;
      // Only a unit that has not acknowledged yet has a window left to move; the units below may.
      if (run.status.state === 'issued') {
        run.acknowledgementAmendments += 1;
        const n = run.acknowledgementAmendments;
        run.acknowledgementInForce = { acknowledgeDate: amend.acknowledgeDate, acknowledgeGeneration: `k${n}` };
        run.plan = await activities.planAssignment(run.planning({ ...(run.reportInForce ?? {}), ...run.acknowledgementInForce }));
        run.changes += 1;
        await run.remember(`amend-ack:${n}`, 'acknowledgement.amended', { acknowledgeDate: amend.acknowledgeDate, by: amend.by, reason: amend.reason });
      }
      await run.signalBelow(amendAcknowledgementSignal, amend);
    });
  });

  setHandler(amendDeadlineSignal, async (amend) => {
    await condition(() => run.plan !== null);
    await run.serially(async () => {
      if (isTerminal(run.status.state)) return;
      run.amendments += 1;
      const n = run.amendments;
      run.plan = await activities.planAssignment(run.planning({ reportDate: amend.reportDate, generation: `a${n}`, ...(run.acknowledgementInForce ?? {}) }));
      run.reportInForce = { reportDate: amend.reportDate, generation: `a${n}` };
      run.changes += 1;
      await run.remember(`amend:${n}`, 'deadline.amended', { reportDate: amend.reportDate, by: amend.by, reason: amend.reason });
      if (amend.forward) await run.signalBelow(amendDeadlineSignal, amend);
    });
  });

  // A changed calendar year: re-plan with the deadlines in force (same alarm keys: what was sent
  // stays sent) if the year lies in this assignment's window, then pass it on below.
  setHandler(calendarChangedSignal, async (change) => {
    await condition(() => run.plan !== null);
    await run.serially(async () => {
      if (isTerminal(run.status.state)) return;
      const before = run.needPlan();
      if (scheduleTouchesYear(before, run.status.issuedAt, change.year)) {
        const after = await activities.planAssignment(run.planning({ ...(run.reportInForce ?? {}), ...(run.acknowledgementInForce ?? {}) }));
        if (!sameDeadlines(before, after)) {
          run.plan = after;
          run.changes += 1;
          await run.remember(`calendar:${change.change}`, 'deadline.replanned', {
            year: change.year,
            acknowledgeBy: [before.acknowledgeBy, after.acknowledgeBy],
            reportBy: [before.reportBy, after.reportBy],
          });
        }
      }
      await run.signalBelow(calendarChangedSignal, change);
    });
  });

  const checkDeadlineBelow = (actor: Actor, reportDate: string) =>
    checkChildDeadline(run.status, { children: run.below().length, plan: run.plan }, actor, reportDate, now());
  setHandler(
    setChildDeadlineUpdate,
    async ({ actor, reportDate, instructions }) => {
      asFailure(() => checkDeadlineBelow(actor, reportDate));
      const reason = instructions.trim();
      await run.signalBelow(amendDeadlineSignal, { v: 1, reportDate, by: actor.userId, reason, forward: false });
      await run.remember(`child-deadline:${reportDate}:${run.below().length}`, 'children.deadline', { reportDate, instructions: reason });
      return { reportDate, assignments: run.below().length };
    },
    { validator: ({ actor, reportDate }) => asFailure(() => checkDeadlineBelow(actor, reportDate)) },
  );

  const forwardRequest = (f: { unitIds: readonly string[]; reportDate: string; acknowledgeDate?: string; instructions: string }) => ({
    unitIds: f.unitIds,
    terms: { reportDate: f.reportDate, ...(f.acknowledgeDate === undefined ? {} : { acknowledgeDate: f.acknowledgeDate }), instructions: f.instructions },
  });
  const assertNotReassigning = () => {
    if (run.reassigning) throw new DomainError('ILLEGAL_TRANSITION', 'The assignment is being reassigned');
  };
  setHandler(
    forwardUpdate,
    async (f) => {
      // The validator could not know which units lie below, nor which of them hold the task through
      // another unit: the activity tells, and the same rule decides again with that.
      const known = await activities.forwardContext({ directiveId: input.directiveId, unitId: input.unitId });
      const decided = asFailure(() => {
        assertNotReassigning();
        const holding = f.unitIds.find((u) => known.holding.includes(u) && !Object.hasOwn(run.children, u));
        if (holding !== undefined) {
          throw new DomainError('ILLEGAL_TRANSITION', `Unit ${holding} already has an assignment of this directive`, { unitId: holding, field: 'unitIds' });
        }
        return checkForward(run.status, { reportBy: run.needPlan().reportBy, subordinates: known.subordinates, children: run.children }, f.actor, forwardRequest(f), now());
      });
      if (decided.deliver.length > 0) {
        run.forwards += 1;
        const terms: DeliveryTerms = { ...decided.terms, by: f.actor.userId, ...run.progressEnd() };
        for (const unitId of decided.deliver) {
          run.children[unitId] = 'issued';
          run.forwarded[unitId] = terms;
        }
        await run.remember(`forward:${run.forwards}`, 'children.forwarded', { unitIds: [...decided.deliver], ...decided.terms, by: f.actor.userId });
        await deliver(
          input.directiveId,
          input.unitId,
          decided.deliver.map((unitId) => ({ unitId, taskIds: input.taskIds, terms })),
          input.historyLimit,
        );
      }
      return { forwarded: [...decided.deliver], already: [...decided.already], reportDate: decided.terms.reportDate };
    },
    {
      validator: (f) =>
        asFailure(() => {
          assertNotReassigning();
          checkForward(run.status, { reportBy: run.needPlan().reportBy, subordinates: null, children: run.children }, f.actor, forwardRequest(f), now());
        }),
    },
  );

  const openChildren = () => Object.values(run.children).filter((state) => !isTerminal(state)).length;
  const checkReassign = (actor: Actor, toUnitId: string, reason: string) => {
    assertNotReassigning();
    return reassign(run.status, openChildren(), actor, { toUnitId, reason }, now());
  };
  setHandler(
    reassignUpdate,
    async ({ actor, toUnitId, reason }) => {
      asFailure(() => checkReassign(actor, toUnitId, reason));
      const target = await activities.checkReassignTarget({
        directiveId: input.directiveId,
        fromUnitId: input.unitId,
        assignerUnitId: run.status.assignerUnitId ?? '',
        toUnitId,
      });
      asFailure(() => {
        if (target.problem) throw new DomainError(target.problem.code, target.problem.message, { unitId: toUnitId, field: 'toUnitId' });
      });
      // Checked again: the state may have moved while the activity ran. From here on a recall waits
      // for the reassignment, then follows the task to its new unit.
      const next = asFailure(() => reassign(run.status, openChildren(), actor, { toUnitId, reason }, now()));
      run.reassigning = true;
      // The new assignment first: if the unit turns out to hold one already, nothing has changed yet.
      const terms: DeliveryTerms = {
        ...(run.reportInForce ? { reportDate: run.reportInForce.reportDate } : {}),
        ...(input.terms?.instructions ? { instructions: input.terms.instructions } : {}),
        by: actor.userId,
        reassignedFrom: input.unitId,
        ...run.progressEnd(),
      };
      try {
        await startAssignment(input.directiveId, input.parentUnitId, { unitId: toUnitId, taskIds: input.taskIds, terms }, input.historyLimit);
      } catch (error) {
        run.reassigning = false;
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          asFailure(() => {
            throw new DomainError('ILLEGAL_TRANSITION', `Unit ${toUnitId} already has an assignment of this directive`, { unitId: toUnitId, field: 'toUnitId' });
          });
        }
        throw error;
      }
      // From the state as it is now (an acknowledgement may have landed meanwhile); still open, since a
      // recall waits and nothing else ends an assignment.
      const moved = next.reassignReason ?? reason;
      run.status = asFailure(() => transition(run.status, { type: 'reassign', toUnitId, reason: moved }, { ...actor, role: 'assigner' }, now()));
      run.reassigning = false;
      await run.persist(actor.userId, null);
      await activities.recordReassignment({ id: run.id, toUnitId, reason: moved, by: actor.userId, at: now() });
      // Whoever holds this assignment's siblings passes recalls and amendments to the new one from now on.
      const holder = input.parentUnitId === null ? directiveWorkflowId(input.directiveId) : assignmentWorkflowId(input.directiveId, input.parentUnitId);
      await getExternalWorkflowHandle(holder)
        .signal(childReassignedSignal, { v: 1, fromUnitId: input.unitId, toUnitId, terms })
        .catch(() => undefined);
      run.closed = true;
      return { fromUnitId: input.unitId, toUnitId, assignmentId: assignmentWorkflowId(input.directiveId, toUnitId) };
    },
    { validator: ({ actor, toUnitId, reason }) => asFailure(() => void checkReassign(actor, toUnitId, reason)) },
  );
}
