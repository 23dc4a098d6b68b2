import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  DomainError,
  checkForward,
  isTerminal,
  reassign,
  answerExplanation,
  decideExtension,
  newAssignment,
  partiesOf,
  requestExplanation,
  requestExtension,
  type ExplanationRequest,
  type ExtensionRequest,
  nextReport,
  answeredThrough,
  periodOfReport,
  transition,
  validateReport,
  type Actor,
  type AssignmentAction,
  type AssignmentState,
  type AssignmentStatus,
  type Report,
} from '@chidao/domain/workflow';
import type { Alarm, AssignmentPlan, DeadlineKind, Delivery, DeliveryTerms, DirectiveActivities, StateRecord } from './activities';
import { asFailure } from './failures';
import { assignmentWorkflowId, directiveWorkflowId } from './ids';
import {
  acknowledgeUpdate,
  amendAcknowledgementSignal,
  amendAcknowledgementUpdate,
  amendDeadlineSignal,
  amendDirectiveDeadlineUpdate,
  answerExplanationUpdate,
  assignmentSnapshotQuery,
  childReassignedSignal,
  decideExtensionUpdate,
  forwardUpdate,
  reassignUpdate,
  requestExplanationUpdate,
  requestExtensionUpdate,
  childProgressSignal,
  closeSignal,
  directiveSnapshotQuery,
  escalationResolvedSignal,
  recallSignal,
  recallUpdate,
  reviewUpdate,
  setChildDeadlineUpdate,
  submitReportUpdate,
  type RecallInput,
} from './messages';

const activities = proxyActivities<DirectiveActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
/**
 * Short read-model writes on the paths that must be fast: a local activity runs in the worker inside
 * the workflow task that asked for it, instead of being scheduled through the server and reported
 * back as a task of its own (docs/benchmarks: on the embedded Temporal server every round trip is
 * a few SQLite transactions behind one writer).
 */
const local = proxyLocalActivities<DirectiveActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface DirectiveInput {
  readonly v: 1;
  readonly directiveId: string;
  /** Continue-as-new once the history passes this many events (default HISTORY_LIMIT); passed down the tree. */
  readonly historyLimit?: number;
  /** What the previous run handed over when it continued as new. */
  readonly carried?: DirectiveCarried;
}

export interface DirectiveCarried {
  readonly delivered: string[];
  readonly issuerUnitId: string | null;
  readonly run: number;
}

export interface AssignmentInput {
  readonly v: 1;
  readonly directiveId: string;
  readonly unitId: string;
  readonly parentUnitId: string | null;
  readonly taskIds: readonly string[];
  /** Set when a unit forwarded or reassigned the task to this one. */
  readonly terms?: DeliveryTerms;
  /** Continue-as-new once the history passes this many events (default HISTORY_LIMIT). */
  readonly historyLimit?: number;
  /** What the previous run handed over when it continued as new: setup is done, the alarm loop resumes. */
  readonly carried?: AssignmentCarried;
}

/** An assignment workflow's whole state, carried across continue-as-new. */
export interface AssignmentCarried {
  readonly run: number;
  readonly status: AssignmentStatus;
  readonly version: number;
  readonly plan: AssignmentPlan;
  readonly reports: Report[];
  readonly extensions: ExtensionRequest[];
  readonly explanations: ExplanationRequest[];
  readonly children: Record<string, AssignmentState>;
  readonly forwarded: Record<string, DeliveryTerms>;
  readonly forwards: number;
  readonly fired: string[];
  readonly stoppedChains: string[];
  readonly reportInForce: ReportInForce | null;
  readonly acknowledgementInForce: AcknowledgementInForce | null;
  readonly acknowledgementAmendments: number;
  readonly amendments: number;
}

interface ReportInForce {
  readonly reportDate: string;
  readonly generation?: number | string;
}
interface AcknowledgementInForce {
  readonly acknowledgeDate: string;
  readonly acknowledgeGeneration?: string;
}

/**
 * A workflow continues as new past this many history events, or sooner when Temporal suggests it
 * (it warns at 10,240 events and fails at 51,200). Recorded histories are far shorter, so replaying
 * them never reaches this branch.
 */
export const HISTORY_LIMIT = 8_000;

function historyTooLong(limit: number | undefined): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > (limit ?? HISTORY_LIMIT);
}

const now = () => new Date().toISOString();
/** The escalation chain an alarm belongs to: its deadline, or one period of progress reports. */
const chainOf = (deadline: DeadlineKind, period?: number): string => (period === undefined ? deadline : `${deadline}:${period}`);

/** A report (or acknowledgement) day as yyyy-MM-dd, not in the past, and (when given) not after `latest`. */
function assertReportDate(reportDate: string, latest: string | null, field = 'reportDate'): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(reportDate) || Number.isNaN(Date.parse(reportDate))) {
    throw new DomainError('INVALID_INPUT', 'The date must be yyyy-MM-dd', { field });
  }
  const end = Date.parse(`${reportDate}T23:59:59.999+07:00`);
  if (end < Date.now()) throw new DomainError('INVALID_INPUT', 'The date is already past', { field });
  if (latest !== null && end > Date.parse(latest)) {
    throw new DomainError('INVALID_INPUT', 'An internal deadline cannot be later than the one owed above', { field });
  }
}

/**
 * Starts one assignment workflow per delivery. Ids come from business keys, so a delivery that
 * already runs (a retried fan-out) is found instead of duplicated. Children are started together:
 * one at a time, a province waited for each district's start before the next (issue 7); histories
 * recorded before that keep replaying the one-at-a-time order.
 */
async function deliver(directiveId: string, parentUnitId: string | null, deliveries: readonly Delivery[], historyLimit?: number): Promise<string[]> {
  const start = async (delivery: Delivery): Promise<void> => {
    try {
      await startAssignment(directiveId, parentUnitId, delivery, historyLimit);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
  if (patched('deliver-concurrently')) {
    await Promise.all(deliveries.map(start));
  } else {
    for (const delivery of deliveries) await start(delivery);
  }
  return deliveries.map((delivery) => delivery.unitId);
}

/**
 * Starts one assignment workflow. Children are abandoned by their parent and reached by workflow id,
 * so they outlive a parent that ends or continues as new.
 */
async function startAssignment(directiveId: string, parentUnitId: string | null, delivery: Delivery, historyLimit?: number): Promise<void> {
  const input: AssignmentInput = {
    v: 1,
    directiveId,
    unitId: delivery.unitId,
    parentUnitId,
    taskIds: delivery.taskIds,
    ...(delivery.terms ? { terms: delivery.terms } : {}),
    ...(historyLimit === undefined ? {} : { historyLimit }),
  };
  await startChild(assignmentWorkflow, {
    workflowId: assignmentWorkflowId(directiveId, delivery.unitId),
    args: [input],
    // A recall travels down the tree by signal; a parent that ends otherwise leaves the children be.
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
}

/** Passes a recall down to sub-assignments; one that already ended needs nothing. */
async function recallAll(directiveId: string, unitIds: readonly string[], recall: RecallInput): Promise<void> {
  await Promise.all(
    unitIds.map((unitId) =>
      getExternalWorkflowHandle(assignmentWorkflowId(directiveId, unitId))
        .signal(recallSignal, recall)
        .catch(() => undefined),
    ),
  );
}

/** One workflow per directive: delivers the top of the assignment tree, then tracks until recalled or closed. */
export async function directiveWorkflow(input: DirectiveInput): Promise<void> {
  const run = (input.carried?.run ?? 0) + 1;
  let delivered: string[] = input.carried ? [...input.carried.delivered] : [];
  let issuerUnitId: string | null = input.carried?.issuerUnitId ?? null;
  let recalled = false;
  let closed = false;
  const snapshot = () => ({ directiveId: input.directiveId, delivered, recalled, ...(run > 1 ? { run } : {}) });
  setHandler(directiveSnapshotQuery, snapshot);
  setHandler(closeSignal, () => {
    closed = true;
  });
  // A top-level assignment moved to another unit: recalls and amendments now go to that one.
  setHandler(childReassignedSignal, ({ fromUnitId, toUnitId }) => {
    delivered = [...delivered.filter((u) => u !== fromUnitId && u !== toUnitId), toUnitId];
  });
  setHandler(
    recallUpdate,
    async (recall) => {
      recalled = true;
      await condition(() => issuerUnitId !== null);
      await recallAll(input.directiveId, delivered, recall);
      return snapshot();
    },
    {
      validator: ({ actor, reason }) =>
        asFailure(() => {
          if (recalled) throw new DomainError('ILLEGAL_TRANSITION', 'The directive is already recalled');
          if (issuerUnitId !== null && actor.unitId !== issuerUnitId) throw new DomainError('OUT_OF_SCOPE', 'Only the issuer recalls');
          if (reason.trim().length === 0) throw new DomainError('INVALID_INPUT', 'A recall needs a reason');
        }),
    },
  );

  setHandler(
    amendDirectiveDeadlineUpdate,
    async ({ actor, reportDate, reason }) => {
      await condition(() => issuerUnitId !== null);
      await Promise.all(
        delivered.map((unitId) =>
          getExternalWorkflowHandle(assignmentWorkflowId(input.directiveId, unitId))
            .signal(amendDeadlineSignal, { v: 1, reportDate, by: actor.userId, reason, forward: true })
            .catch(() => undefined),
        ),
      );
      return { reportDate, assignments: delivered.length };
    },
    {
      validator: ({ actor, reportDate, reason }) =>
        asFailure(() => {
          if (recalled) throw new DomainError('ILLEGAL_TRANSITION', 'The directive is recalled');
          if (issuerUnitId !== null && actor.unitId !== issuerUnitId) throw new DomainError('OUT_OF_SCOPE', 'Only the issuer amends deadlines');
          assertReportDate(reportDate, null);
          if (reason.trim().length === 0) throw new DomainError('INVALID_INPUT', 'An amendment needs a reason', { field: 'reason' });
        }),
    },
  );

  setHandler(
    amendAcknowledgementUpdate,
    async ({ actor, acknowledgeDate, reason }) => {
      await condition(() => issuerUnitId !== null);
      await Promise.all(
        delivered.map((unitId) =>
          getExternalWorkflowHandle(assignmentWorkflowId(input.directiveId, unitId))
            .signal(amendAcknowledgementSignal, { v: 1, acknowledgeDate, by: actor.userId, reason })
            .catch(() => undefined),
        ),
      );
      return { acknowledgeDate, assignments: delivered.length };
    },
    {
      validator: ({ actor, acknowledgeDate, reason }) =>
        asFailure(() => {
          if (recalled) throw new DomainError('ILLEGAL_TRANSITION', 'The directive is recalled');
          if (issuerUnitId !== null && actor.unitId !== issuerUnitId) throw new DomainError('OUT_OF_SCOPE', 'Only the issuer amends deadlines');
          assertReportDate(acknowledgeDate, null, 'acknowledgeDate');
          if (reason.trim().length === 0) throw new DomainError('INVALID_INPUT', 'An amendment needs a reason', { field: 'reason' });
        }),
    },
  );

  if (!input.carried) {
    const plan = await activities.planDirective({ directiveId: input.directiveId });
    issuerUnitId = plan.issuerUnitId;
    delivered = await deliver(input.directiveId, null, plan.deliveries, input.historyLimit);
  }

  // Tracks until recalled or closed; a history grown long (amendments, reassignments) starts afresh
  // with its state, once no handler is running.
  for (;;) {
    await condition(() => closed || recalled || historyTooLong(input.historyLimit));
    if (closed || recalled) break;
    await condition(allHandlersFinished);
    if (closed || recalled) break;
    await continueAsNew<typeof directiveWorkflow>({ ...input, carried: { delivered, issuerUnitId, run } });
  }
  await condition(allHandlersFinished);
}

/**
 * One workflow per receiving unit. It records itself in the read model, delivers the
 * sub-assignments of units below it, takes the assignee's and the assigner's actions as updates,
 * and on its own reminds before each deadline and escalates after it, on the working-day calendar.
 */
export async function assignmentWorkflow(input: AssignmentInput): Promise<void> {
  // A patch first checked in a later task writes its marker and upserts the TemporalChangeVersion
  // search attribute there, a visibility write on the server in every acknowledgement's task. The
  // patch a user's action checks is decided here, in the run's first task, instead. Runs started
  // before this have no marker here and check it where they used to.
  if (patched('patches-up-front')) patched('state-change-locally');
  const id = workflowInfo().workflowId;
  const carried = input.carried;
  const run = (carried?.run ?? 0) + 1;
  let status: AssignmentStatus = carried?.status ?? newAssignment(input.directiveId, input.unitId, now());
  // Each read-model write carries the step number, so a late retry never overwrites a newer state.
  let version = carried?.version ?? 1;
  let plan: AssignmentPlan | null = carried?.plan ?? null;
  const reports: Report[] = carried ? [...carried.reports] : [];
  const extensions: ExtensionRequest[] = carried ? [...carried.extensions] : [];
  const explanations: ExplanationRequest[] = carried ? [...carried.explanations] : [];
  const children: Record<string, AssignmentState> = carried ? { ...carried.children } : {};
  // Units this assignment forwarded to (beyond the directive's plan), with the terms it gave them.
  const forwarded: Record<string, DeliveryTerms> = carried ? { ...carried.forwarded } : {};
  let forwards = carried?.forwards ?? 0;
  const fired = new Set<string>(carried?.fired ?? []);
  // A deadline kind, or `progress:<period>` for one period of progress reports.
  const stoppedChains = new Set<string>(carried?.stoppedChains ?? []);
  let closed = false;
  let recorded = carried !== undefined;
  // Bumped by every handler that changes what the alarm loop should wait for.
  let changes = 0;

  // The domain checks the acting unit against the parties recorded on the status; the role only
  // says in which capacity the actor claims to act.
  const roleOf = (actor: Actor): 'assignee' | 'assigner' | 'issuer' =>
    actor.unitId === input.unitId ? 'assignee' : actor.unitId === status.assignerUnitId ? 'assigner' : 'issuer';
  const apply = (action: AssignmentAction, actor: Actor) => transition(status, action, { ...actor, role: roleOf(actor) }, now());

  // The last progress signal to the parent, sent or on its way.
  let tellingParent: Promise<void> = Promise.resolve();
  /** Writes the current state, tells the delivering assignment, and resolves what the action answered. */
  async function persist(by: string, answered: DeadlineKind | null): Promise<void> {
    version += 1;
    changes += 1;
    // Set up long before any user acts: no condition to wait for (each is another pass into the sandbox).
    if (!recorded) await condition(() => recorded);
    const record: StateRecord = {
      id,
      state: status.state,
      acknowledgedAt: status.acknowledgedAt,
      acknowledgedBy: status.acknowledgedBy,
      closedAt: isTerminal(status.state) ? now() : null,
      version,
    };
    const tell = (state: AssignmentState) =>
      input.parentUnitId === null
        ? Promise.resolve()
        : getExternalWorkflowHandle(assignmentWorkflowId(input.directiveId, input.parentUnitId))
            .signal(childProgressSignal, { v: 1, unitId: input.unitId, state })
            .catch(() => undefined);
    if (patched('state-change-locally')) {
      // One local activity for the read model: an acknowledgement is answered within one workflow
      // task instead of after two activity tasks and a signal one after another. The parent is told
      // without waiting for it (waiting would take another workflow task), except when this run is
      // about to end; and not of an acknowledgement, which changes nothing it decides (it counts its
      // open children), so a burst of acknowledgements wakes no parents. Each signal is sent once the
      // one before it has arrived, so the parent never sees two changes out of order.
      await local.recordStateChange({ ...record, answered: answered ? [answered] : [], by, at: now() });
      if (status.state === 'acknowledged') return;
      const state = status.state;
      const told = (tellingParent = tellingParent.then(() => tell(state)));
      if (isTerminal(state)) await told;
      return;
    }
    await activities.recordState(record);
    if (answered) await activities.resolveEscalations({ id, deadline: answered, by, at: now() });
    await tell(status.state);
  }

  setHandler(assignmentSnapshotQuery, () => ({
    status,
    parentUnitId: input.parentUnitId,
    taskIds: input.taskIds,
    plan,
    reports,
    extensions,
    explanations,
    fired: [...fired],
    children,
    forwarded,
    terms: input.terms ?? null,
    ...(run > 1 ? { run } : {}),
  }));
  setHandler(childProgressSignal, (progress) => {
    children[progress.unitId] = progress.state;
  });
  // A sub-assignment was moved to another unit: recalls and amendments now go to that one.
  setHandler(childReassignedSignal, ({ fromUnitId, toUnitId, terms }) => {
    children[fromUnitId] = 'reassigned';
    children[toUnitId] ??= 'issued';
    if (terms && Object.hasOwn(forwarded, fromUnitId)) forwarded[toUnitId] = terms;
  });
  setHandler(closeSignal, () => {
    closed = true;
  });
  setHandler(escalationResolvedSignal, ({ deadline, period }) => {
    stoppedChains.add(chainOf(deadline, period));
    changes += 1;
  });
  let reassigning = false;
  setHandler(recallSignal, async (recall) => {
    await condition(() => plan !== null && !reassigning);
    // Recalled while (or after) its task moved to another unit: the recall follows the task.
    if (status.state === 'reassigned' && status.reassignedTo) await recallAll(input.directiveId, [status.reassignedTo], recall);
    if (isTerminal(status.state)) return;
    try {
      status = transition(status, { type: 'recall', reason: recall.reason }, { ...recall.actor, role: 'issuer' }, now());
    } catch (error) {
      // A signal has no caller to answer: a recall not from the issuer is dropped, never fatal.
      if (error instanceof DomainError) return;
      throw error;
    }
    await persist(recall.actor.userId, null);
    await recallAll(input.directiveId, Object.keys(children), recall);
    closed = true;
  });

  setHandler(
    acknowledgeUpdate,
    async ({ actor }) => {
      // Checked again here: two updates accepted together would both pass the validator.
      status = asFailure(() => apply({ type: 'acknowledge' }, actor));
      await persist(actor.userId, 'acknowledge');
      return { ...status, version };
    },
    { validator: ({ actor }) => asFailure(() => void apply({ type: 'acknowledge' }, actor)) },
  );

  /** Checks a report and says which progress period it answers (none for the final report). */
  const checkReport = ({ actor, report }: { actor: Actor; report: Parameters<typeof validateReport>[3] }): number | undefined => {
    if (!plan) throw new DomainError('UNAVAILABLE', 'The assignment is still being set up; try again');
    apply({ type: 'submitReport' }, actor);
    validateReport(plan.metrics, plan.rates, reports.at(-1) ?? null, report);
    return periodOfReport(plan.periods ?? [], answeredThrough(reports), report);
  };
  setHandler(
    submitReportUpdate,
    async ({ actor, report: input_ }) => {
      const period = asFailure(() => checkReport({ actor, report: input_ }));
      const { period: _named, ...rest } = input_;
      const report = nextReport(reports.at(-1) ?? null, period === undefined ? rest : { ...rest, period }, actor, now());
      const unacknowledged = status.state === 'issued';
      reports.push(report);
      status = asFailure(() => apply({ type: 'submitReport' }, actor));
      await condition(() => recorded);
      await activities.recordReport({
        id,
        version: report.version,
        figures: report.figures,
        narrative: report.narrative,
        final: report.final ?? false,
        ...(period === undefined ? {} : { period }),
        correctionReason: report.correction?.reason ?? null,
        submittedAt: report.submittedAt,
        submittedBy: report.submittedBy,
      });
      await persist(actor.userId, period === undefined ? 'report' : 'progress');
      // A report received without "tiếp nhận" first proves receipt: it answers the acknowledgement too.
      if (unacknowledged && patched('report-answers-acknowledgement')) {
        await activities.resolveEscalations({ id, deadline: 'acknowledge', by: actor.userId, at: now() });
      }
      // The final report answers the progress periods too; only schedules with periods have them.
      if (period === undefined && (plan?.periods?.length ?? 0) > 0) {
        await activities.resolveEscalations({ id, deadline: 'progress', by: actor.userId, at: now() });
      }
      await activities.assessReport({
        id,
        directiveId: input.directiveId,
        unitId: input.unitId,
        version: report.version,
        figures: report.figures,
        at: report.submittedAt,
      });
      return { status, report };
    },
    { validator: ({ actor, report }) => asFailure(() => void checkReport({ actor, report })) },
  );

  const checkReview = ({ actor, version: v, decision, reason }: { actor: Actor; version: number; decision: 'accept' | 'return'; reason?: string }) => {
    const latest = reports.at(-1);
    if (!latest || latest.version !== v) {
      throw new DomainError('ILLEGAL_TRANSITION', `Report version ${v} is not the latest`, { version: v });
    }
    return apply(decision === 'accept' ? { type: 'accept' } : { type: 'return', reason: reason ?? '' }, actor);
  };
  setHandler(
    reviewUpdate,
    async (review) => {
      status = asFailure(() => checkReview(review));
      await activities.recordReview({
        id,
        version: review.version,
        review: review.decision === 'accept' ? 'accepted' : 'returned',
        by: review.actor.userId,
        at: now(),
        reason: review.reason ?? null,
      });
      await persist(review.actor.userId, null);
      return status;
    },
    { validator: (review) => asFailure(() => void checkReview(review)) },
  );

  const reportedState = (): boolean => ['reported', 'accepted', 'completed'].includes(status.state);
  /**
   * With progress periods, only the final report (one answering no period) answers the report
   * deadline, and a period is answered by a report for it or a later one. Without periods, as
   * before: any report answers the report deadline.
   */
  const finalReported = (): boolean => reportedState() && (!plan?.periods?.length || reports.at(-1)?.period === undefined);
  const answered = (deadline: DeadlineKind, period?: number): boolean =>
    deadline === 'acknowledge'
      ? status.state !== 'issued'
      : deadline === 'progress'
        ? answeredThrough(reports) >= (period ?? 0) || finalReported()
        : finalReported();
  const needPlan = (): AssignmentPlan => {
    if (!plan) throw new DomainError('UNAVAILABLE', 'The assignment is still being set up; try again');
    return plan;
  };
  const overdue = (): boolean => {
    const p = needPlan();
    const t = Date.now();
    return (status.state === 'issued' && t > Date.parse(p.acknowledgeBy)) || (p.reportBy !== null && !answered('report') && t > Date.parse(p.reportBy));
  };
  const replace = <T extends { number: number }>(list: T[], item: T) => {
    const i = list.findIndex((x) => x.number === item.number);
    if (i >= 0) list[i] = item;
    else list.push(item);
  };
  const remember = (key: string, kind: string, data: Record<string, unknown>) =>
    activities.recordEvent({ id, key, kind, at: now(), data });

  // Deadlines moved from above, by an extension or by the unit that forwarded the task, so that a
  // later re-plan of the other one keeps them.
  let reportInForce: ReportInForce | null = carried?.reportInForce ?? (input.terms?.reportDate ? { reportDate: input.terms.reportDate } : null);
  let acknowledgementInForce: AcknowledgementInForce | null =
    carried?.acknowledgementInForce ?? (input.terms?.acknowledgeDate ? { acknowledgeDate: input.terms.acknowledgeDate } : null);
  let acknowledgementAmendments = carried?.acknowledgementAmendments ?? 0;
  // Re-plans (amendments, an approved extension) one at a time, in the order they arrived: two running
  // together could finish in the other order and leave the older deadline in force. Histories
  // recorded before this ran them together.
  let replanTickets = 0;
  let replanServing = 0;
  async function serially(work: () => Promise<void>): Promise<void> {
    if (!patched('serial-replans')) return work();
    const ticket = replanTickets;
    replanTickets += 1;
    await condition(() => replanServing === ticket);
    try {
      await work();
    } finally {
      replanServing += 1;
    }
  }

  setHandler(amendAcknowledgementSignal, async (amend) => {
    await condition(() => plan !== null);
    await serially(async () => {
      if (isTerminal(status.state)) return;
      // Only a unit that has not acknowledged yet has a window left to move; the units below may.
      if (status.state === 'issued') {
        acknowledgementAmendments += 1;
        const n = acknowledgementAmendments;
        acknowledgementInForce = { acknowledgeDate: amend.acknowledgeDate, acknowledgeGeneration: `k${n}` };
        plan = await activities.planAssignment({
          id,
          directiveId: input.directiveId,
          unitId: input.unitId,
          issuedAt: status.issuedAt,
          ...(reportInForce ?? {}),
          ...acknowledgementInForce,
        });
        changes += 1;
        await remember(`amend-ack:${n}`, 'acknowledgement.amended', { acknowledgeDate: amend.acknowledgeDate, by: amend.by, reason: amend.reason });
      }
      await Promise.all(
        Object.keys(children).map((unitId) =>
          getExternalWorkflowHandle(assignmentWorkflowId(input.directiveId, unitId))
            .signal(amendAcknowledgementSignal, amend)
            .catch(() => undefined),
        ),
      );
    });
  });

  let amendments = carried?.amendments ?? 0;
  setHandler(amendDeadlineSignal, async (amend) => {
    await condition(() => plan !== null);
    await serially(async () => {
      if (isTerminal(status.state)) return;
      amendments += 1;
      const n = amendments;
      plan = await activities.planAssignment({
        id,
        directiveId: input.directiveId,
        unitId: input.unitId,
        issuedAt: status.issuedAt,
        reportDate: amend.reportDate,
        generation: `a${n}`,
        ...(acknowledgementInForce ?? {}),
      });
      reportInForce = { reportDate: amend.reportDate, generation: `a${n}` };
      changes += 1;
      await remember(`amend:${n}`, 'deadline.amended', { reportDate: amend.reportDate, by: amend.by, reason: amend.reason });
      if (amend.forward) {
        await Promise.all(
          Object.keys(children).map((unitId) =>
            getExternalWorkflowHandle(assignmentWorkflowId(input.directiveId, unitId))
              .signal(amendDeadlineSignal, amend)
              .catch(() => undefined),
          ),
        );
      }
    });
  });
  const checkChildDeadline = (actor: Actor, reportDate: string) => {
    if (actor.unitId !== input.unitId) throw new DomainError('NOT_ASSIGNEE', 'Only the unit itself sets deadlines for the units it delivered to');
    if (isTerminal(status.state)) throw new DomainError('ILLEGAL_TRANSITION', `The assignment is ${status.state}`);
    if (Object.keys(children).length === 0) throw new DomainError('ILLEGAL_TRANSITION', 'No units below to give a deadline to');
    assertReportDate(reportDate, needPlan().reportBy);
  };
  setHandler(
    setChildDeadlineUpdate,
    async ({ actor, reportDate, instructions }) => {
      asFailure(() => checkChildDeadline(actor, reportDate));
      const reason = instructions.trim();
      await Promise.all(
        Object.keys(children).map((unitId) =>
          getExternalWorkflowHandle(assignmentWorkflowId(input.directiveId, unitId))
            .signal(amendDeadlineSignal, { v: 1, reportDate, by: actor.userId, reason, forward: false })
            .catch(() => undefined),
        ),
      );
      await remember(`child-deadline:${reportDate}:${Object.keys(children).length}`, 'children.deadline', { reportDate, instructions: reason });
      return { reportDate, assignments: Object.keys(children).length };
    },
    { validator: ({ actor, reportDate }) => asFailure(() => checkChildDeadline(actor, reportDate)) },
  );

  const forwardRequest = (f: { unitIds: readonly string[]; reportDate: string; acknowledgeDate?: string; instructions: string }) => ({
    unitIds: f.unitIds,
    terms: { reportDate: f.reportDate, ...(f.acknowledgeDate === undefined ? {} : { acknowledgeDate: f.acknowledgeDate }), instructions: f.instructions },
  });
  setHandler(
    forwardUpdate,
    async (f) => {
      // The validator could not know which units lie below, nor which of them hold the task through
      // another unit: the activity tells, and the same rule decides again with that.
      const known = await activities.forwardContext({ directiveId: input.directiveId, unitId: input.unitId });
      const decided = asFailure(() => {
        assertNotReassigning();
        const holding = f.unitIds.find((u) => known.holding.includes(u) && !Object.hasOwn(children, u));
        if (holding !== undefined) {
          throw new DomainError('ILLEGAL_TRANSITION', `Unit ${holding} already has an assignment of this directive`, { unitId: holding, field: 'unitIds' });
        }
        return checkForward(status, { reportBy: needPlan().reportBy, subordinates: known.subordinates, children }, f.actor, forwardRequest(f), now());
      });
      if (decided.deliver.length > 0) {
        forwards += 1;
        const terms: DeliveryTerms = { ...decided.terms, by: f.actor.userId };
        for (const unitId of decided.deliver) {
          children[unitId] = 'issued';
          forwarded[unitId] = terms;
        }
        await remember(`forward:${forwards}`, 'children.forwarded', { unitIds: [...decided.deliver], ...decided.terms, by: f.actor.userId });
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
          checkForward(status, { reportBy: needPlan().reportBy, subordinates: null, children }, f.actor, forwardRequest(f), now());
        }),
    },
  );

  const openChildren = () => Object.values(children).filter((state) => !isTerminal(state)).length;
  const assertNotReassigning = () => {
    if (reassigning) throw new DomainError('ILLEGAL_TRANSITION', 'The assignment is being reassigned');
  };
  setHandler(
    reassignUpdate,
    async ({ actor, toUnitId, reason }) => {
      asFailure(() => {
        assertNotReassigning();
        reassign(status, openChildren(), actor, { toUnitId, reason }, now());
      });
      const target = await activities.checkReassignTarget({
        directiveId: input.directiveId,
        fromUnitId: input.unitId,
        assignerUnitId: status.assignerUnitId ?? '',
        toUnitId,
      });
      asFailure(() => {
        if (target.problem) throw new DomainError(target.problem.code, target.problem.message, { unitId: toUnitId, field: 'toUnitId' });
      });
      // Checked again: the state may have moved while the activity ran. From here on a recall waits
      // for the reassignment, then follows the task to its new unit.
      const next = asFailure(() => reassign(status, openChildren(), actor, { toUnitId, reason }, now()));
      reassigning = true;
      // The new assignment first: if the unit turns out to hold one already, nothing has changed yet.
      const terms: DeliveryTerms = {
        ...(reportInForce ? { reportDate: reportInForce.reportDate } : {}),
        ...(input.terms?.instructions ? { instructions: input.terms.instructions } : {}),
        by: actor.userId,
        reassignedFrom: input.unitId,
      };
      try {
        await startAssignment(input.directiveId, input.parentUnitId, { unitId: toUnitId, taskIds: input.taskIds, terms }, input.historyLimit);
      } catch (error) {
        reassigning = false;
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          asFailure(() => {
            throw new DomainError('ILLEGAL_TRANSITION', `Unit ${toUnitId} already has an assignment of this directive`, { unitId: toUnitId, field: 'toUnitId' });
          });
        }
        throw error;
      }
      // From the state as it is now (an acknowledgement may have landed meanwhile); still open, since a
      // recall waits and nothing else ends an assignment.
      status = asFailure(() => transition(status, { type: 'reassign', toUnitId, reason: next.reassignReason ?? reason }, { ...actor, role: 'assigner' }, now()));
      reassigning = false;
      await persist(actor.userId, null);
      await activities.recordReassignment({ id, toUnitId, reason: next.reassignReason ?? reason, by: actor.userId, at: now() });
      // Whoever holds this assignment's siblings passes recalls and amendments to the new one from now on.
      const holder = input.parentUnitId === null ? directiveWorkflowId(input.directiveId) : assignmentWorkflowId(input.directiveId, input.parentUnitId);
      await getExternalWorkflowHandle(holder)
        .signal(childReassignedSignal, { v: 1, fromUnitId: input.unitId, toUnitId, terms })
        .catch(() => undefined);
      closed = true;
      return { fromUnitId: input.unitId, toUnitId, assignmentId: assignmentWorkflowId(input.directiveId, toUnitId) };
    },
    {
      validator: ({ actor, toUnitId, reason }) =>
        asFailure(() => {
          assertNotReassigning();
          reassign(status, openChildren(), actor, { toUnitId, reason }, now());
        }),
    },
  );

  setHandler(
    requestExtensionUpdate,
    async ({ actor, reason, proposedDate }) => {
      const request = asFailure(() => requestExtension(status, extensions, actor, { reason, proposedDate }, needPlan().reportBy, now()));
      extensions.push(request);
      await remember(`extension:${request.number}:request`, 'extension.request', { ...request });
      return request;
    },
    { validator: ({ actor, reason, proposedDate }) => asFailure(() => void requestExtension(status, extensions, actor, { reason, proposedDate }, needPlan().reportBy, now())) },
  );
  setHandler(
    decideExtensionUpdate,
    async ({ actor, approve, note }) => {
      const decided = asFailure(() => decideExtension(status, extensions, actor, { approve, ...(note ? { note } : {}) }, now()));
      replace(extensions, decided);
      if (decided.state === 'approved') {
        // New report alarms for the new deadline; those already fired stay fired.
        await serially(async () => {
          plan = await activities.planAssignment({
            id,
            directiveId: input.directiveId,
            unitId: input.unitId,
            issuedAt: status.issuedAt,
            reportDate: decided.proposedDate,
            generation: decided.number,
            ...(acknowledgementInForce ?? {}),
          });
          reportInForce = { reportDate: decided.proposedDate, generation: decided.number };
          changes += 1;
        });
      }
      await remember(`extension:${decided.number}:decision`, `extension.${decided.state}`, { ...decided });
      return decided;
    },
    { validator: ({ actor, approve, note }) => asFailure(() => void decideExtension(status, extensions, actor, { approve, ...(note ? { note } : {}) }, now())) },
  );
  setHandler(
    requestExplanationUpdate,
    async ({ actor, question }) => {
      const request = asFailure(() => requestExplanation(status, explanations, actor, question, overdue(), now()));
      explanations.push(request);
      await remember(`explanation:${request.number}:request`, 'explanation.request', { ...request });
      return request;
    },
    { validator: ({ actor, question }) => asFailure(() => void requestExplanation(status, explanations, actor, question, overdue(), now())) },
  );
  setHandler(
    answerExplanationUpdate,
    async ({ actor, answer }) => {
      const answeredRequest = asFailure(() => answerExplanation(status, explanations, actor, answer, now()));
      replace(explanations, answeredRequest);
      await remember(`explanation:${answeredRequest.number}:answer`, 'explanation.answer', { ...answeredRequest });
      return answeredRequest;
    },
    { validator: ({ actor, answer }) => asFailure(() => void answerExplanation(status, explanations, actor, answer, now())) },
  );

  if (!carried) {
    const { terms } = input;
    const issued = {
      id,
      directiveId: input.directiveId,
      unitId: input.unitId,
      parentUnitId: input.parentUnitId,
      taskIds: input.taskIds,
      issuedAt: status.issuedAt,
      version: 1,
      ...(terms?.instructions ? { instructions: terms.instructions } : {}),
      ...(terms?.reassignedFrom ? { reassignedFromUnitId: terms.reassignedFrom } : {}),
    };
    const planning = {
      id,
      directiveId: input.directiveId,
      unitId: input.unitId,
      issuedAt: status.issuedAt,
      ...(reportInForce ?? {}),
      ...(acknowledgementInForce ?? {}),
    };
    // One local activity before the children are delivered, instead of three activity tasks in a
    // row: at every level of a national fan-out this is the critical path.
    const setUp = patched('set-up-locally') ? await local.setUpAssignment({ issued, plan: planning }) : null;
    if (!setUp) await activities.recordIssued(issued);
    recorded = true;
    plan = setUp ? setUp.plan : await activities.planAssignment(planning);
    status = { ...status, ...partiesOf(plan.issuerUnitId, input.parentUnitId) };
    if (terms) {
      await remember(terms.reassignedFrom ? 'reassigned-from' : 'forwarded', terms.reassignedFrom ? 'assignment.reassigned_from' : 'assignment.forwarded', {
        ...terms,
        from: input.parentUnitId,
      });
    }
    const deliveries = setUp ? setUp.deliveries : await activities.planChildren({ directiveId: input.directiveId, unitId: input.unitId });
    for (const delivery of deliveries) children[delivery.unitId] ??= 'issued';
    await deliver(input.directiveId, input.unitId, deliveries, input.historyLimit);
  }

  // The alarm loop: sleep until the next alarm that still matters, or until something changes.

  const carry = (): AssignmentCarried => ({
    run,
    status,
    version,
    plan: needPlan(),
    reports,
    extensions,
    explanations,
    children,
    forwarded,
    forwards,
    fired: [...fired],
    stoppedChains: [...stoppedChains],
    reportInForce,
    acknowledgementInForce,
    acknowledgementAmendments,
    amendments,
  });

  const due = (alarm: Alarm): boolean =>
    !fired.has(alarm.key) &&
    !answered(alarm.deadline, alarm.period) &&
    !(alarm.action !== 'reminder' && stoppedChains.has(chainOf(alarm.deadline, alarm.period)));
  while (!closed && !isTerminal(status.state)) {
    if (historyTooLong(input.historyLimit)) {
      // Reports, children's progress and amendments have grown the history: start afresh with the
      // whole state, once no handler is halfway through. Children are reached by workflow id, so
      // they keep signalling (and being signalled by) the new run.
      await condition(allHandlersFinished);
      if (closed || isTerminal(status.state)) break;
      await continueAsNew<typeof assignmentWorkflow>({ ...input, carried: carry() });
    }
    const next = needPlan().alarms.filter(due).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
    const seen = changes;
    const interrupted = () => closed || changes !== seen || historyTooLong(input.historyLimit);
    if (!next) {
      await condition(interrupted);
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(interrupted, wait))) continue;
    fired.add(next.key);
    const current = needPlan();
    const deadlineAt =
      next.deadline === 'acknowledge'
        ? current.acknowledgeBy
        : next.deadline === 'progress'
          ? (current.periods?.find((p) => p.period === next.period)?.dueBy ?? current.acknowledgeBy)
          : (current.reportBy ?? current.acknowledgeBy);
    await activities.fireAlarm({ id, directiveId: input.directiveId, unitId: input.unitId, alarm: next, deadlineAt });
  }
  await condition(allHandlersFinished);
}
