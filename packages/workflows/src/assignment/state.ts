import { condition, getExternalWorkflowHandle, patched, workflowInfo, type SignalDefinition } from '@temporalio/workflow';
import {
  DomainError,
  droppedTasks,
  isOverdue,
  isTerminal,
  newAssignment,
  transition,
  type Actor,
  type AssignmentAction,
  type AssignmentState,
  type AssignmentStatus,
  type AdjustmentRequest,
  type ExplanationRequest,
  type ExtensionRequest,
  type Obligations,
  type Report,
} from '@chidao/domain/workflow';
import type { AssignmentPlan, DeadlineKind, DeliveryTerms, StateRecord } from '../activities';
import { assignmentWorkflowId } from '../ids';
import type { AcknowledgementInForce, AssignmentCarried, AssignmentInput, ReportInForce } from '../inputs';
import { childProgressSignal } from '../messages';
import { activities, local, now, signalUnits } from '../runtime';

/** One assignment workflow run's state and the few things every handler group does with it. */
export type AssignmentRun = ReturnType<typeof assignmentRun>;

/**
 * The state of one run: made from the input (from what the previous run carried, when it continued
 * as new), changed by the handler groups, handed to the next run by `carry()` and written to the
 * read model by `persist()`. Created per run, so no workflow sees another's.
 */
export function assignmentRun(input: AssignmentInput) {
  const carried = input.carried;
  const state = {
    input,
    id: workflowInfo().workflowId,
    run: (carried?.run ?? 0) + 1,
    status: (carried?.status ?? newAssignment(input.directiveId, input.unitId, now())) as AssignmentStatus,
    // Each read-model write carries the step number, so a late retry never overwrites a newer state.
    version: carried?.version ?? 1,
    plan: (carried?.plan ?? null) as AssignmentPlan | null,
    reports: carried ? [...carried.reports] : ([] as Report[]),
    extensions: carried ? [...carried.extensions] : ([] as ExtensionRequest[]),
    adjustments: carried?.adjustments ? [...carried.adjustments] : ([] as AdjustmentRequest[]),
    explanations: carried ? [...carried.explanations] : ([] as ExplanationRequest[]),
    children: (carried ? { ...carried.children } : {}) as Record<string, AssignmentState>,
    // Units this assignment forwarded to (beyond the directive's plan), with the terms it gave them.
    forwarded: (carried ? { ...carried.forwarded } : {}) as Record<string, DeliveryTerms>,
    forwards: carried?.forwards ?? 0,
    fired: new Set<string>(carried?.fired ?? []),
    // A deadline kind, or `progress:<period>` for one period of progress reports.
    stoppedChains: new Set<string>(carried?.stoppedChains ?? []),
    // Deadlines moved from above, by an extension or by the unit that forwarded the task, so that a
    // later re-plan of the other one keeps them.
    reportInForce: (carried?.reportInForce ?? (input.terms?.reportDate ? { reportDate: input.terms.reportDate } : null)) as ReportInForce | null,
    acknowledgementInForce: (carried?.acknowledgementInForce ??
      (input.terms?.acknowledgeDate ? { acknowledgeDate: input.terms.acknowledgeDate } : null)) as AcknowledgementInForce | null,
    acknowledgementAmendments: carried?.acknowledgementAmendments ?? 0,
    amendments: carried?.amendments ?? 0,
    // A reorganisation's successor: the old units it took over (a later one joining is taken once).
    succeeds: new Set<string>(carried?.succeeds ?? input.terms?.succession?.from ?? []),
    // Behind target by its latest report (assessReport): an explanation may be asked before a deadline.
    atRisk: carried?.atRisk ?? false,
    // A regime until ended (báo cáo định kỳ … cho đến khi có chỉ đạo khác): the first period its plan holds, and when the issuer ended it.
    periodsFrom: carried?.periodsFrom ?? 1,
    progressEndedAt: carried?.progressEndedAt ?? input.terms?.progressEndedAt ?? (null as string | null),
    closed: false,
    recorded: carried !== undefined,
    reassigning: false,
    // Bumped by every handler that changes what the alarm loop should wait for.
    changes: 0,
  };
  // The last progress signal to the parent, sent or on its way.
  let tellingParent: Promise<void> = Promise.resolve();
  // Re-plans (amendments, an approved extension) one at a time, in the order they arrived: two running
  // together could finish in the other order and leave the older deadline in force. Histories
  // recorded before this ran them together.
  let replanTickets = 0;
  let replanServing = 0;

  const needPlan = (): AssignmentPlan => {
    if (!state.plan) throw new DomainError('UNAVAILABLE', 'The assignment is still being set up; try again');
    return state.plan;
  };
  // The domain checks the acting unit against the parties recorded on the status; the role only
  // says in which capacity the actor claims to act.
  const roleOf = (actor: Actor): 'assignee' | 'assigner' | 'issuer' =>
    actor.unitId === input.unitId ? 'assignee' : actor.unitId === state.status.assignerUnitId ? 'assigner' : 'issuer';
  const obligations = (): Obligations => {
    const dropped = droppedTasks(state.adjustments);
    return { state: state.status.state, reports: state.reports, periods: state.plan?.periods, ...(dropped.length > 0 ? { dropped } : {}) };
  };

  return Object.assign(state, {
    needPlan,
    obligations,
    apply: (action: AssignmentAction, actor: Actor): AssignmentStatus => transition(state.status, action, { ...actor, role: roleOf(actor) }, now()),
    overdue: (): boolean => isOverdue(obligations(), needPlan(), now()),
    /** The units delivered to, open or not. */
    below: (): string[] => Object.keys(state.children),
    /** Signals every unit below. */
    signalBelow: <T>(signal: SignalDefinition<[T]>, payload: T): Promise<unknown> => signalUnits(input.directiveId, Object.keys(state.children), signal, payload),
    remember: (key: string, kind: string, data: Record<string, unknown>) => activities.recordEvent({ id: state.id, key, kind, at: now(), data }),
    /** What planAssignment takes, with the deadlines in force (in the order given) and the progress periods it holds. */
    planning: <T extends object>(deadlines: T) => ({
      id: state.id,
      directiveId: input.directiveId,
      unitId: input.unitId,
      issuedAt: state.status.issuedAt,
      ...deadlines,
      ...(state.periodsFrom > 1 ? { periodsFrom: state.periodsFrom } : {}),
      ...(state.progressEndedAt !== null ? { progressEndedAt: state.progressEndedAt } : {}),
    }),

    /** Writes the current state, tells the delivering assignment, and resolves what the action answered. */
    async persist(by: string, answered: DeadlineKind | null): Promise<void> {
      state.version += 1;
      state.changes += 1;
      // Set up long before any user acts: no condition to wait for (each is another pass into the sandbox).
      if (!state.recorded) await condition(() => state.recorded);
      const { status } = state;
      const record: StateRecord = {
        id: state.id,
        state: status.state,
        acknowledgedAt: status.acknowledgedAt,
        acknowledgedBy: status.acknowledgedBy,
        closedAt: isTerminal(status.state) ? now() : null,
        version: state.version,
      };
      const tell = (childState: AssignmentState) =>
        input.parentUnitId === null
          ? Promise.resolve()
          : getExternalWorkflowHandle(assignmentWorkflowId(input.directiveId, input.parentUnitId))
              .signal(childProgressSignal, { v: 1, unitId: input.unitId, state: childState })
              .catch(() => undefined);
      if (patched('state-change-locally')) {
        // One local activity for the read model: an acknowledgement is answered within one workflow
        // task instead of after two activity tasks and a signal one after another. The parent is told
        // without waiting for it (waiting would take another workflow task), except when this run is
        // about to end; and not of an acknowledgement, which changes nothing it decides (it counts its
        // open children), so a burst of acknowledgements wakes no parents. Each signal is sent once the
        // one before it has arrived, so the parent never sees two changes out of order.
        await local.recordStateChange({ ...record, answered: answered ? [answered] : [], by, at: now() });
        if (state.status.state === 'acknowledged') return;
        const current = state.status.state;
        const told = (tellingParent = tellingParent.then(() => tell(current)));
        if (isTerminal(current)) await told;
        return;
      }
      await activities.recordState(record);
      if (answered) await activities.resolveEscalations({ id: state.id, deadline: answered, by, at: now() });
      await tell(state.status.state);
    },

    async serially(work: () => Promise<void>): Promise<void> {
      if (!patched('serial-replans')) return work();
      const ticket = replanTickets;
      replanTickets += 1;
      await condition(() => replanServing === ticket);
      try {
        await work();
      } finally {
        replanServing += 1;
      }
    },

    /** What the query answers. */
    snapshot: () => ({
      status: state.status,
      parentUnitId: input.parentUnitId,
      taskIds: input.taskIds,
      plan: state.plan,
      reports: state.reports,
      extensions: state.extensions,
      explanations: state.explanations,
      adjustments: state.adjustments,
      fired: [...state.fired],
      children: state.children,
      forwarded: state.forwarded,
      terms: input.terms ?? null,
      ...(state.run > 1 ? { run: state.run } : {}),
      ...(state.progressEndedAt !== null ? { progressEndedAt: state.progressEndedAt } : {}),
    }),

    /** What a new assignment delivered from this one inherits of the periodic reports: their end, once the issuer ended them. */
    progressEnd: (): { progressEndedAt?: string } => (state.progressEndedAt !== null ? { progressEndedAt: state.progressEndedAt } : {}),

    /** The whole state for the next run. */
    carry: (): AssignmentCarried => ({
      run: state.run,
      status: state.status,
      version: state.version,
      plan: needPlan(),
      reports: state.reports,
      extensions: state.extensions,
      explanations: state.explanations,
      ...(state.adjustments.length > 0 ? { adjustments: state.adjustments } : {}),
      children: state.children,
      forwarded: state.forwarded,
      forwards: state.forwards,
      fired: [...state.fired],
      stoppedChains: [...state.stoppedChains],
      reportInForce: state.reportInForce,
      acknowledgementInForce: state.acknowledgementInForce,
      acknowledgementAmendments: state.acknowledgementAmendments,
      amendments: state.amendments,
      ...(state.succeeds.size > 0 ? { succeeds: [...state.succeeds] } : {}),
      ...(state.atRisk ? { atRisk: true } : {}),
      ...(state.periodsFrom > 1 ? { periodsFrom: state.periodsFrom } : {}),
      ...(state.progressEndedAt !== null ? { progressEndedAt: state.progressEndedAt } : {}),
    }),
  });
}
