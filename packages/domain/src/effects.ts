/**
 * What the engine's workflows ask of the world outside them, as the activities must do it: the
 * contract between @chidao/workflows (which calls these) and @chidao/activities (which implements
 * them). It lives here, in plain domain types, so that neither package depends on the other and the
 * workflow behaviour tests in packages/workflows can run the real activities.
 */
import type { AssignmentState } from './assignment';
import type { ErrorCode } from './errors';
import type { AdjustmentRequest } from './requests';
import type { MetricDef, RateDef } from './reports';
import type { AssignmentSchedule, DeadlineKind, ScheduledAlarm } from './tracking';
import type { HandlingRole } from './directive';

/** A moment the workflow acts on its own: a reminder before a deadline, or a step of escalation after it. */
export type Alarm = ScheduledAlarm;

/**
 * What a unit that forwards or reassigns a task hands over beyond the directive's own terms: a report
 * day no later than its own, an acknowledgement day, instructions; who did it; for a reassignment,
 * the unit that had the task before.
 */
export interface DeliveryTerms {
  /** Report by the end of this day (yyyy-MM-dd); the directive's deadline for the unit when absent. */
  readonly reportDate?: string;
  readonly acknowledgeDate?: string;
  readonly instructions?: string;
  /** The user who forwarded or reassigned. */
  readonly by?: string;
  readonly reassignedFrom?: string;
  /** A reorganisation's successor: whose tasks it takes over, on what basis, with what figures. */
  readonly succession?: SuccessionTerms;
  /** The issuer had ended the periodic reports at this instant: the new assignment owes no period after it. */
  readonly progressEndedAt?: string;
}

/**
 * A reorganisation's successor (./reorganisation.ts): the old units whose open assignments it takes
 * over, the legal basis (a resolution and its effective date, in words), the figures summed from
 * their latest reports (null: none had reported) with their review, and the unit its rollup hangs
 * under in the directive's tree.
 */
export interface SuccessionTerms {
  readonly from: readonly string[];
  readonly basis: string;
  readonly carried: { readonly figures: Readonly<Record<string, number>>; readonly review: 'accepted' | 'pending' } | null;
  readonly rollupParentUnitId: string;
}

/** One sub-assignment to deliver: the unit and the tasks of the directive it must carry out. */
export interface Delivery {
  readonly unitId: string;
  readonly taskIds: readonly string[];
  /** Set when a unit forwards or reassigns the task; planned deliveries follow the directive alone. */
  readonly terms?: DeliveryTerms;
}

/** What an assignment needs to track itself: deadlines on the working-day calendar and the directive's metrics. */
export interface AssignmentPlan extends AssignmentSchedule {
  readonly issuerUnitId: string;
  readonly metrics: readonly MetricDef[];
  readonly rates: readonly RateDef[];
  /** The unit's role when not lead: a unit told for information (info) owes no report (plans made before roles: lead). */
  readonly role?: HandlingRole;
}

export interface StateRecord {
  readonly id: string;
  readonly state: AssignmentState;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly closedAt: string | null;
  readonly version: number;
}

/**
 * What workflows ask of the outside world. Implemented in @chidao/activities; workflows import
 * this interface as a type only. Every call is idempotent: retries and replays converge.
 */
export interface DirectiveActivities {
  /** Assignments the directive delivers directly (those with no recipient ancestor). */
  planDirective(input: { directiveId: string }): Promise<{ issuerUnitId: string; deliveries: Delivery[] }>;
  /** Directives with an assignment still open: the ones a calendar change must reach. */
  directivesStillOpen(input: Record<string, never>): Promise<string[]>;
  /** Assignments delivered through the assignment of `unitId` (a district's communes). */
  planChildren(input: { directiveId: string; unitId: string }): Promise<Delivery[]>;
  /**
   * Computes the assignment's deadlines and alarms from `issuedAt` and records the deadlines. With
   * `reportDate` (an approved extension), the report deadline is the end of that day, and the report
   * alarms get keys of that `generation` so they are new alarms, not ones already fired.
   */
  planAssignment(input: {
    id: string;
    directiveId: string;
    unitId: string;
    issuedAt: string;
    reportDate?: string;
    generation?: number | string;
    /** An amended acknowledgement window: due by the end of that day, its alarms keyed by `acknowledgeGeneration`. */
    acknowledgeDate?: string;
    acknowledgeGeneration?: string;
    /** A regime until ended: plan the progress periods from this one on (the next PERIODS_AHEAD; absent: from the first). */
    periodsFrom?: number;
    /** The issuer ended the progress reports at this instant (kết thúc báo cáo định kỳ): later periods are owed no more. */
    progressEndedAt?: string;
  }): Promise<AssignmentPlan>;
  /** Keeps a request or its answer (extension, explanation) on the assignment's timeline, once per key. */
  recordEvent(input: { id: string; key: string; kind: string; at: string; data: Record<string, unknown> }): Promise<void>;
  /** Keeps an adjustment request (đề nghị điều chỉnh) or its decision where the issuer's list reads it. */
  recordAdjustment(input: { id: string; directiveId: string; unitId: string; request: AdjustmentRequest }): Promise<void>;
  recordIssued(input: {
    id: string;
    directiveId: string;
    unitId: string;
    parentUnitId: string | null;
    taskIds: readonly string[];
    issuedAt: string;
    version: number;
    /** A forwarded assignment: the forwarding unit's instructions. */
    instructions?: string;
    /** A reassigned task's new assignment: the unit that had it before. */
    reassignedFromUnitId?: string;
    /** A reorganisation's successor: the old units it succeeds, and where its rollup hangs. */
    succeedsUnitIds?: readonly string[];
    rollupParentUnitId?: string;
  }): Promise<void>;
  recordState(input: StateRecord): Promise<void>;
  /**
   * An assignment's first step in one call (a local activity, instead of three activity tasks on the
   * fan-out's critical path at every level): `recordIssued`, then `planAssignment`, then `planChildren`.
   */
  setUpAssignment(input: {
    issued: Parameters<DirectiveActivities['recordIssued']>[0];
    plan: Parameters<DirectiveActivities['planAssignment']>[0];
  }): Promise<{ plan: AssignmentPlan; deliveries: Delivery[] }>;
  /**
   * A user's action in one call: `recordState`, then `resolveEscalations` for each deadline kind the
   * action answered (a local activity on an acknowledgement's path instead of two activity tasks).
   */
  recordStateChange(input: StateRecord & { answered: readonly DeadlineKind[]; by: string; at: string }): Promise<void>;
  /**
   * What a forward needs besides the workflow's own state: the units directly below `unitId`, and
   * those of them that already hold an assignment of the directive through another unit.
   */
  forwardContext(input: { directiveId: string; unitId: string }): Promise<{ subordinates: string[]; holding: string[] }>;
  /** Whether `toUnitId` may take over the task (below the assigner, holding none of the directive); a refusal is a value. */
  checkReassignTarget(input: {
    directiveId: string;
    fromUnitId: string;
    assignerUnitId: string;
    toUnitId: string;
  }): Promise<{ problem: null } | { problem: { code: ErrorCode; message: string } }>;
  /** A successor takes over more old units (a decision taken after the reorganisation): its list in the read model. */
  recordSuccession(input: { id: string; succeeds: readonly string[] }): Promise<void>;
  /** The reassigned assignment's end: where the task went and why, its open escalations resolved, an event on its timeline. */
  recordReassignment(input: { id: string; toUnitId: string; reason: string; by: string; at: string }): Promise<void>;
  /** Sends a reminder or raises an escalation, once per alarm key. */
  fireAlarm(input: { id: string; directiveId: string; unitId: string; alarm: Alarm; deadlineAt: string }): Promise<void>;
  /** Acting on the task resolves the escalations its missed deadline caused. */
  /** Resolves the open escalations of a deadline (of one task: `taskId`). */
  resolveEscalations(input: { id: string; deadline: DeadlineKind; by: string; at: string; taskId?: string }): Promise<void>;
  recordReport(input: {
    id: string;
    version: number;
    figures: Readonly<Record<string, number>>;
    narrative: string;
    final: boolean;
    /** The progress period it answers; absent for the final report (and in histories before periods). */
    period?: number;
    correctionReason: string | null;
    submittedAt: string;
    submittedBy: string;
  }): Promise<void>;
  /** Flags the unit at risk to its parent when the report's rate is behind the path to the target. */
  /** Whether the report puts the unit behind target (escalated if so); void in histories recorded before it said. */
  assessReport(input: { id: string; directiveId: string; unitId: string; version: number; figures: Readonly<Record<string, number>>; at: string }): Promise<{ atRisk: boolean } | void>;
  recordReview(input: { id: string; version: number; review: 'accepted' | 'returned'; by: string; at: string; reason: string | null }): Promise<void>;
}

/**
 * The notification dispatcher's activities (packages/activities/src/notifications.ts): expand the
 * outbox into notifications and deliveries, find what is due, send one channel's due deliveries.
 * `now` is the workflow's clock, so quiet hours and the digest follow a test's skipped time too.
 */
export interface NotificationActivities {
  /** Turns up to `limit` outbox events into notifications and deliveries; `more` when others wait. */
  expandNotifications(input: { limit: number; now: string }): Promise<{ expanded: number; notifications: number; more: boolean }>;
  /** The configured channels with deliveries due by `now`, and when the next later one falls due. */
  dueNotifications(input: { now: string }): Promise<{ channels: Array<'push' | 'email' | 'zalo' | 'sms'>; nextAt: string | null }>;
  /** Sends up to `limit` due deliveries of one channel; fails (retried with backoff) while the provider cannot take them. */
  deliverNotifications(input: { channel: 'push' | 'email' | 'zalo' | 'sms'; now: string; limit: number }): Promise<{ sent: number; failed: number; more: boolean }>;
}
