import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, AdjustmentRequest, AssignmentState, AssignmentStatus, ExplanationRequest, ExtensionRequest, Report, ReportInput } from '@chidao/domain';
import type { AssignmentPlan, DeadlineKind, DeliveryTerms } from './activities';

/**
 * Messages are defined once here and imported by the workflows, the API and the tests.
 * Payloads carry a version so that running workflows survive deploys that change them.
 */
export interface AcknowledgeInput {
  readonly v: 1;
  readonly actor: Actor;
}

export interface SubmitReportInput {
  readonly v: 1;
  readonly actor: Actor;
  readonly report: ReportInput;
}

export interface ReviewInput {
  readonly v: 1;
  readonly actor: Actor;
  readonly version: number;
  readonly decision: 'accept' | 'return';
  readonly reason?: string;
}

export interface RecallInput {
  readonly v: 1;
  readonly actor: Actor;
  readonly reason: string;
}

export interface ChildProgress {
  readonly v: 1;
  readonly unitId: string;
  readonly state: AssignmentState;
}

export interface AssignmentSnapshot {
  readonly status: AssignmentStatus;
  readonly parentUnitId: string | null;
  readonly taskIds: readonly string[];
  readonly plan: AssignmentPlan | null;
  readonly reports: readonly Report[];
  readonly extensions: readonly ExtensionRequest[];
  readonly explanations: readonly ExplanationRequest[];
  /** Requests to change or drop a task (absent in runs from before they existed). */
  readonly adjustments?: readonly AdjustmentRequest[];
  /** Alarm keys already acted on. */
  readonly fired: readonly string[];
  /**
   * Sub-assignments this one delivered (a district's communes), with the last state each told it:
   * every change but an acknowledgement, which changes nothing the parent decides (the read model
   * has it), so an acknowledged child shows as issued here until its next change.
   */
  readonly children: Readonly<Record<string, AssignmentState>>;
  /**
   * Sub-assignments this one forwarded to units the directive did not address, with the terms it
   * gave them (absent in runs from before forwarding existed).
   */
  readonly forwarded?: Readonly<Record<string, DeliveryTerms>>;
  /** The terms this assignment was delivered with, when it was forwarded or reassigned to its unit. */
  readonly terms?: DeliveryTerms | null;
  /** Which run of the workflow answers: 1, then one more after each continue-as-new. */
  readonly run?: number;
}

export interface DirectiveSnapshot {
  readonly directiveId: string;
  readonly delivered: readonly string[];
  readonly recalled: boolean;
  /** Which run of the workflow answers: 1, then one more after each continue-as-new. */
  readonly run?: number;
}

export interface ForwardInput {
  readonly v: 1;
  readonly actor: Actor;
  /** Units directly below the forwarding unit; the API resolves "all of them" into the list. */
  readonly unitIds: readonly string[];
  /** Report by the end of this day, yyyy-MM-dd: not later than the forwarding unit's own deadline. */
  readonly reportDate: string;
  /** Acknowledge by the end of this day; the directive's own window when absent. */
  readonly acknowledgeDate?: string;
  readonly instructions: string;
}

export interface ForwardResult {
  /** Units that got a new assignment. */
  readonly forwarded: readonly string[];
  /** Units that already carried the task through this assignment: nothing changed for them. */
  readonly already: readonly string[];
  readonly reportDate: string;
}

export interface ReassignInput {
  readonly v: 1;
  readonly actor: Actor;
  readonly toUnitId: string;
  readonly reason: string;
}

export interface ReassignResult {
  readonly fromUnitId: string;
  readonly toUnitId: string;
  /** The new assignment's workflow id. */
  readonly assignmentId: string;
}

/**
 * The assignee acknowledges receipt (đã tiếp nhận). Rejected for another unit or a wrong state.
 * Answers the status and the read-model version it wrote (absent from runs before it said so).
 */
export const acknowledgeUpdate = defineUpdate<AssignmentStatus & { readonly version?: number }, [AcknowledgeInput]>('acknowledge');
/** The assignee reports figures and a narrative; a correction is a new version. */
export const submitReportUpdate = defineUpdate<{ status: AssignmentStatus; report: Report }, [SubmitReportInput]>('submitReport');
/** The assigning unit accepts the latest report or returns it with a reason. */
export const reviewUpdate = defineUpdate<AssignmentStatus, [ReviewInput]>('review');
/** The assignee asks to move its report deadline (gia hạn). */
export const requestExtensionUpdate = defineUpdate<ExtensionRequest, [{ readonly v: 1; readonly actor: Actor; readonly reason: string; readonly proposedDate: string }]>(
  'requestExtension',
);
/** The assigning unit decides; an approval moves the report deadline and its running timers. */
export const decideExtensionUpdate = defineUpdate<ExtensionRequest, [{ readonly v: 1; readonly actor: Actor; readonly approve: boolean; readonly note?: string }]>(
  'decideExtension',
);
/** The assignee asks the issuer to change or drop one of its tasks (đề nghị điều chỉnh). */
export const requestAdjustmentUpdate = defineUpdate<
  AdjustmentRequest,
  [{ readonly v: 1; readonly actor: Actor; readonly taskId: string; readonly kind: 'change' | 'drop'; readonly reason: string; readonly proposal?: string }]
>('requestAdjustment');
/** The issuing unit decides; an approved drop takes the task off what the unit owes. */
export const decideAdjustmentUpdate = defineUpdate<
  AdjustmentRequest,
  [{ readonly v: 1; readonly actor: Actor; readonly number: number; readonly approve: boolean; readonly note?: string }]
>('decideAdjustment');
/** The assigner or issuer asks a late unit to explain (giải trình). */
export const requestExplanationUpdate = defineUpdate<ExplanationRequest, [{ readonly v: 1; readonly actor: Actor; readonly question: string }]>(
  'requestExplanation',
);
export const answerExplanationUpdate = defineUpdate<ExplanationRequest, [{ readonly v: 1; readonly actor: Actor; readonly answer: string }]>(
  'answerExplanation',
);
export interface AmendDeadline {
  readonly v: 1;
  /** The new report day, yyyy-MM-dd (the end of that day). */
  readonly reportDate: string;
  readonly by: string;
  readonly reason: string;
  /** Pass it on to the assignments this one delivered (an amendment by the issuer reaches everyone). */
  readonly forward: boolean;
}

/** A new report deadline from above: the assignment re-plans its report alarms. */
export const amendDeadlineSignal = defineSignal<[AmendDeadline]>('amendDeadline');
/** The issuer moves every unit's report deadline; running timers move with it. */
export const amendDirectiveDeadlineUpdate = defineUpdate<{ readonly reportDate: string; readonly assignments: number }, [{ readonly v: 1; readonly actor: Actor; readonly reportDate: string; readonly reason: string }]>(
  'amendDirectiveDeadline',
);
export interface AmendAcknowledgement {
  readonly v: 1;
  /** The new last day to acknowledge, yyyy-MM-dd (the end of that day). */
  readonly acknowledgeDate: string;
  readonly by: string;
  readonly reason: string;
}
/** A new acknowledgement window from the issuer: an assignment not yet acknowledged re-plans its acknowledgement alarms and passes it down. */
export const amendAcknowledgementSignal = defineSignal<[AmendAcknowledgement]>('amendAcknowledgement');
/** The issuer moves the acknowledgement window of every unit that has not acknowledged yet; running timers move with it. */
export const amendAcknowledgementUpdate = defineUpdate<{ readonly acknowledgeDate: string; readonly assignments: number }, [{ readonly v: 1; readonly actor: Actor; readonly acknowledgeDate: string; readonly reason: string }]>(
  'amendAcknowledgement',
);
/** A unit gives the units it delivered to an earlier internal report deadline (the district asks its communes a day early). */
export const setChildDeadlineUpdate = defineUpdate<{ readonly reportDate: string; readonly assignments: number }, [{ readonly v: 1; readonly actor: Actor; readonly reportDate: string; readonly instructions: string }]>(
  'setChildDeadline',
);
/**
 * The unit passes its task to units directly below it that the directive did not address, with its own
 * instructions and deadlines (chuyển giao xuống cấp dưới). Units that already carry it are left as they are.
 */
export const forwardUpdate = defineUpdate<ForwardResult, [ForwardInput]>('forward');
/**
 * The assigning unit moves this assignment to another unit (giao lại): this one ends as `reassigned`,
 * the other unit gets a fresh assignment with the same tasks and report deadline.
 */
export const reassignUpdate = defineUpdate<ReassignResult, [ReassignInput]>('reassign');
/** To the workflow that holds a reassigned assignment's siblings (its parent assignment, or the directive). */
export const childReassignedSignal = defineSignal<[{ readonly v: 1; readonly fromUnitId: string; readonly toUnitId: string; readonly terms?: DeliveryTerms }]>(
  'childReassigned',
);
/**
 * A reorganisation of units (a resolution merging communes, ending districts), to the directive it
 * reaches: each successor's assignment starts, carrying its predecessors' summed figures; each
 * predecessor ends as reassigned to it; each assignment of a unit that ceased ends. From the plan of
 * @chidao/domain's planReorganisation, made by the API from the read model.
 */
export interface Reorganisation {
  readonly v: 1;
  /** The resolution and its effective date, in words: the reason every ended assignment records. */
  readonly basis: string;
  /** The administrator who applied it. */
  readonly by: string;
  readonly successors: ReadonlyArray<{
    readonly unitId: string;
    readonly parentUnitId: string | null;
    readonly taskIds: readonly string[];
    readonly from: readonly string[];
    /** Their latest figures summed: the new assignment's first report. */
    readonly carried: CarriedFigures | null;
    /** Each one's own latest figures: taken in one by one (those not taken yet) if the successor already runs. */
    readonly predecessors?: readonly Predecessor[];
  }>;
  /** Old units whose tasks go into a successor already running (a decision taken after the first step). */
  readonly joins?: ReadonlyArray<{ readonly unitId: string; readonly predecessors: readonly Predecessor[] }>;
  readonly ending: readonly string[];
}
/** Predecessors' latest figures summed, and `accepted` when every one of them was. */
export interface CarriedFigures {
  readonly figures: Readonly<Record<string, number>>;
  readonly review: 'accepted' | 'pending';
}
/** An old unit whose task a successor takes over, with its latest figures (null: it had not reported). */
export interface Predecessor {
  readonly unitId: string;
  readonly carried: CarriedFigures | null;
}
export const reorganiseSignal = defineSignal<[Reorganisation]>('reorganise');
/**
 * To a successor already running: more old units' tasks come to it. Each is taken in once (a plan
 * computed twice, or before the first step was through, names some again), its figures added.
 */
export const predecessorsJoinedSignal = defineSignal<[{ readonly v: 1; readonly predecessors: readonly Predecessor[]; readonly basis: string; readonly by: string }]>(
  'predecessorsJoined',
);
/** To a predecessor: its task goes on at `toUnitId` (a reorganisation); it ends as reassigned there. */
export const succeededSignal = defineSignal<[{ readonly v: 1; readonly toUnitId: string; readonly reason: string; readonly by: string }]>('succeeded');
/** To the assignment of a unit that ceased (a district after 1/7/2025): it ends, owing nothing. */
export const unitCeasedSignal = defineSignal<[{ readonly v: 1; readonly reason: string; readonly by: string }]>('unitCeased');

/** The issuer ends the directive's periodic reports (kết thúc báo cáo định kỳ), passed down the tree with the one instant it took effect. */
export interface EndProgressReports {
  readonly v: 1;
  readonly at: string;
  readonly by: string;
  readonly reason: string;
}
/** Periodic reports end: periods whose figures close after `at` are owed no more; the assignment passes it below. */
export const endProgressReportsSignal = defineSignal<[EndProgressReports]>('endProgressReports');
/** The issuer ends the periodic reports of every unit the directive reached ("cho đến khi có chỉ đạo khác" answered). */
export const endProgressReportsUpdate = defineUpdate<{ readonly endedAt: string; readonly assignments: number }, [{ readonly v: 1; readonly actor: Actor; readonly reason: string }]>(
  'endProgressReports',
);

/** The issuer withdraws the directive; every assignment below stops. */
export const recallUpdate = defineUpdate<DirectiveSnapshot, [RecallInput]>('recall');
/** Passed down the tree by a recalled directive or assignment. */
export const recallSignal = defineSignal<[RecallInput]>('recall');
/** A sub-assignment tells the assignment that delivered it about its progress. */
export const childProgressSignal = defineSignal<[ChildProgress]>('childProgress');
/** Someone resolved an escalation of this deadline: the chain stops there. */
export const escalationResolvedSignal = defineSignal<[{ readonly v: 1; readonly deadline: DeadlineKind; readonly period?: number; readonly task?: string }]>(
  'escalationResolved',
);
/** Ends tracking without recall (tests, operators). */
export const closeSignal = defineSignal<[{ readonly v: 1; readonly reason: string }]>('close');

/**
 * A year of the working-day calendar changed (an administrator replaced its days off): passed down
 * the tree from each running directive; every assignment whose window the year touches re-plans.
 * `change` names the change (one per administrator's edit), so an event is recorded once per change.
 */
export interface CalendarChanged {
  readonly v: 1;
  readonly year: number;
  readonly change: string;
}
export const calendarChangedSignal = defineSignal<[CalendarChanged]>('calendarChanged');
export const assignmentSnapshotQuery = defineQuery<AssignmentSnapshot>('assignmentSnapshot');
export const directiveSnapshotQuery = defineQuery<DirectiveSnapshot>('directiveSnapshot');

/** The notification dispatcher's id (./notifications.ts): one for the installation. */
export const NOTIFICATIONS_WORKFLOW_ID = 'notifications';
/** The outbox has new rows (or a delivery fell due): the dispatcher looks now rather than at its next minute. */
export const notificationsWakeSignal = defineSignal('notificationsWake');
