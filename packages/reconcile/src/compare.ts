import { isTerminal, type AssignmentState } from '@chidao/domain';
import type { AssignmentSnapshot } from '@chidao/workflows';

/**
 * What must match between the assignment workflows (the truth: Temporal's durable state) and the
 * read model in PostgreSQL (what the API shows). Pure: the caller gathers both sides
 * (./collect.ts) and this says every way they differ. An empty list means they agree.
 */

/** One assignment the directive must deliver, from the domain's plan. */
export interface PlannedUnit {
  readonly id: string;
  readonly unitId: string;
  readonly parentUnitId: string | null;
  readonly taskIds: readonly string[];
  /**
   * Whether the workflow's `escalate_province` step raises an escalation record: not for a unit
   * right under the province, whose parent step already reached provincial leadership.
   */
  readonly provinceStepRaises: boolean;
}

/** Temporal's status name: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, … */
export type ExecutionStatus = string;

/** One run of an assignment workflow as Temporal's visibility lists it. */
export interface Execution {
  readonly workflowId: string;
  readonly runId: string;
  readonly status: ExecutionStatus;
}

export interface AssignmentRow {
  readonly id: string;
  readonly unitId: string;
  readonly parentUnitId: string | null;
  readonly taskIds: readonly string[];
  readonly state: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly acknowledgeBy: string | null;
  readonly reportBy: string | null;
  readonly closedAt: string | null;
}

export interface EventRow {
  readonly assignmentId: string;
  readonly key: string;
  readonly kind: string;
}

export interface EscalationRow {
  readonly id: string;
  readonly assignmentId: string;
  readonly reason: string;
  readonly state: string;
}

export interface ReportRow {
  readonly assignmentId: string;
  readonly version: number;
  readonly figures: Readonly<Record<string, number>>;
  readonly narrative: string;
  readonly submittedBy: string;
  readonly review: string;
}

export interface DirectiveSides {
  readonly directiveId: string;
  readonly planned: readonly PlannedUnit[];
  readonly executions: readonly Execution[];
  /** The `assignmentSnapshot` query's answer per workflow id, or why it could not be read. */
  readonly snapshots: Readonly<Record<string, AssignmentSnapshot | { readonly error: string }>>;
  readonly assignments: readonly AssignmentRow[];
  readonly events: readonly EventRow[];
  readonly escalations: readonly EscalationRow[];
  readonly reports: readonly ReportRow[];
}

export type DifferenceKind =
  | 'workflow_missing'
  | 'workflow_unplanned'
  | 'workflow_duplicated'
  | 'workflow_failed'
  | 'workflow_unreadable'
  | 'row_missing'
  | 'row_unplanned'
  | 'field_differs'
  | 'event_missing'
  | 'event_unexplained'
  | 'escalation_missing'
  | 'escalation_unexplained'
  | 'escalation_unresolved'
  | 'report_missing'
  | 'report_unexplained'
  | 'report_differs';

export interface Difference {
  readonly kind: DifferenceKind;
  /** The assignment (workflow id) it concerns. */
  readonly id: string;
  readonly field?: string;
  /** What Temporal says, and what the database says. */
  readonly workflow?: unknown;
  readonly database?: unknown;
  readonly detail?: string;
}

/** Kinds of `assignment_event` rows the alarm loop writes; others (extensions, amendments) are not alarms. */
const ALARM_EVENT_KINDS = new Set(['reminder', 'escalation']);
const ENDED_BADLY = new Set<ExecutionStatus>(['FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT']);
const REPORT_ANSWERED = new Set<AssignmentState>(['reported', 'accepted', 'completed']);

const instantOf = (iso: string | null | undefined): number | null => (iso == null ? null : Date.parse(iso));
const sameInstant = (a: string | null | undefined, b: string | null | undefined) => instantOf(a) === instantOf(b);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function sameFigures(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

/** Every difference between the workflows of one directive and its read model, in a stable order. */
export function compareDirective(sides: DirectiveSides): Difference[] {
  const out: Difference[] = [];
  const planned = new Map(sides.planned.map((p) => [p.id, p] as const));
  const runs = groupBy(sides.executions, (e) => e.workflowId);
  const rows = new Map(sides.assignments.map((r) => [r.id, r] as const));
  const events = groupBy(sides.events, (e) => e.assignmentId);
  const escalations = groupBy(sides.escalations, (e) => e.assignmentId);
  const reports = groupBy(sides.reports, (r) => r.assignmentId);
  const ids = [...new Set([...planned.keys(), ...runs.keys(), ...rows.keys()])].sort();

  for (const id of ids) {
    const plan = planned.get(id);
    // A run that continued as new is the same assignment going on in its next run, not a second one.
    const executions = (runs.get(id) ?? []).filter((e) => e.status !== 'CONTINUED_AS_NEW');
    const row = rows.get(id);

    // Exactly once, in both places, and only what the plan asks for.
    if (!plan) {
      if (executions.length > 0) out.push({ kind: 'workflow_unplanned', id, workflow: executions.map((e) => e.status) });
      if (row) out.push({ kind: 'row_unplanned', id, database: row.state });
      continue;
    }
    if (executions.length === 0) out.push({ kind: 'workflow_missing', id });
    if (executions.length > 1) out.push({ kind: 'workflow_duplicated', id, workflow: executions.map((e) => `${e.runId} ${e.status}`) });
    for (const e of executions.filter((e) => ENDED_BADLY.has(e.status))) {
      out.push({ kind: 'workflow_failed', id, workflow: e.status, detail: `run ${e.runId}` });
    }
    if (!row) out.push({ kind: 'row_missing', id });
    if (executions.length === 0) continue;

    const snapshot = sides.snapshots[id];
    if (!snapshot || 'error' in snapshot) {
      out.push({ kind: 'workflow_unreadable', id, detail: snapshot ? snapshot.error : 'no snapshot' });
      continue;
    }
    const field = (name: string, workflow: unknown, database: unknown) => out.push({ kind: 'field_differs', id, field: name, workflow, database });

    // The delivery itself: who delivered it, which tasks; the workflow's input must match the plan too.
    if (snapshot.parentUnitId !== plan.parentUnitId) field('parentUnitId (plan)', snapshot.parentUnitId, plan.parentUnitId);
    if (!sameList(snapshot.taskIds, plan.taskIds)) field('taskIds (plan)', snapshot.taskIds, plan.taskIds);
    if (!row) continue;
    const { status } = snapshot;
    if (row.parentUnitId !== snapshot.parentUnitId) field('parentUnitId', snapshot.parentUnitId, row.parentUnitId);
    if (!sameList(row.taskIds, snapshot.taskIds)) field('taskIds', snapshot.taskIds, row.taskIds);
    if (row.state !== status.state) field('state', status.state, row.state);
    if (!sameInstant(row.acknowledgedAt, status.acknowledgedAt)) field('acknowledgedAt', status.acknowledgedAt, row.acknowledgedAt);
    if (row.acknowledgedBy !== status.acknowledgedBy) field('acknowledgedBy', status.acknowledgedBy, row.acknowledgedBy);
    if ((row.closedAt !== null) !== isTerminal(status.state)) field('closedAt', isTerminal(status.state) ? 'set' : null, row.closedAt);
    if (snapshot.plan) {
      if (!sameInstant(row.acknowledgeBy, snapshot.plan.acknowledgeBy)) field('acknowledgeBy', snapshot.plan.acknowledgeBy, row.acknowledgeBy);
      if (!sameInstant(row.reportBy, snapshot.plan.reportBy)) field('reportBy', snapshot.plan.reportBy, row.reportBy);
    }

    // Alarms: every one the workflow acted on left its event, and no event claims an alarm it did not act on.
    const fired = new Set(snapshot.fired);
    const alarmEvents = (events.get(id) ?? []).filter((e) => ALARM_EVENT_KINDS.has(e.kind));
    const eventKeys = new Set(alarmEvents.map((e) => e.key));
    for (const key of [...fired].sort()) if (!eventKeys.has(key)) out.push({ kind: 'event_missing', id, field: key });
    for (const key of [...eventKeys].sort()) if (!fired.has(key)) out.push({ kind: 'event_unexplained', id, field: key });

    // Escalations: one per escalation step fired, none the workflow did not raise, resolved once answered.
    const alarms = new Map((snapshot.plan?.alarms ?? []).map((a) => [a.key, a] as const));
    const raised = escalations.get(id) ?? [];
    const raisedIds = new Set(raised.map((e) => e.id));
    const expected = new Set<string>();
    for (const key of fired) {
      const alarm = alarms.get(key);
      if (!alarm) continue;
      const raises = alarm.action === 'escalate_parent' || (alarm.action === 'escalate_province' && plan.provinceStepRaises);
      if (raises) expected.add(`${id}#${key}`);
    }
    for (const e of [...expected].sort()) if (!raisedIds.has(e)) out.push({ kind: 'escalation_missing', id, field: e });
    const reportVersions = new Set(snapshot.reports.map((r) => r.version));
    for (const e of raised) {
      const behindTarget = /#behind_target#(\d+)$/.exec(e.id);
      const explained = behindTarget ? reportVersions.has(Number(behindTarget[1])) : expected.has(e.id);
      if (!explained) out.push({ kind: 'escalation_unexplained', id, field: e.id });
      // A reassigned assignment owes nothing any more: everything about it is resolved.
      const answered =
        status.state === 'reassigned' ||
        (e.reason === 'acknowledge_overdue' && status.state !== 'issued') ||
        (e.reason === 'report_overdue' && REPORT_ANSWERED.has(status.state));
      if (answered && e.state !== 'resolved') out.push({ kind: 'escalation_unresolved', id, field: e.id, workflow: status.state, database: e.state });
    }

    // Reports: every version, with the same figures and words; the latest one's review matches the state.
    const stored = new Map((reports.get(id) ?? []).map((r) => [r.version, r] as const));
    for (const report of snapshot.reports) {
      const r = stored.get(report.version);
      if (!r) {
        out.push({ kind: 'report_missing', id, field: `v${report.version}` });
        continue;
      }
      if (!sameFigures(report.figures, r.figures)) out.push({ kind: 'report_differs', id, field: `v${report.version}.figures`, workflow: report.figures, database: r.figures });
      if (report.narrative !== r.narrative) out.push({ kind: 'report_differs', id, field: `v${report.version}.narrative`, workflow: report.narrative, database: r.narrative });
      if (report.submittedBy !== r.submittedBy) out.push({ kind: 'report_differs', id, field: `v${report.version}.submittedBy`, workflow: report.submittedBy, database: r.submittedBy });
    }
    for (const version of [...stored.keys()].sort((a, b) => a - b)) {
      if (!reportVersions.has(version)) out.push({ kind: 'report_unexplained', id, field: `v${version}` });
    }
    const latest = snapshot.reports.at(-1);
    const latestRow = latest ? stored.get(latest.version) : undefined;
    const review = status.state === 'accepted' || status.state === 'completed' ? 'accepted' : status.state === 'returned' ? 'returned' : status.state === 'reported' ? 'pending' : null;
    if (latestRow && review !== null && latestRow.review !== review) {
      out.push({ kind: 'report_differs', id, field: `v${latestRow.version}.review`, workflow: review, database: latestRow.review });
    }
  }
  return out;
}

/** One line per difference, for people. */
export function describeDifference(d: Difference): string {
  const parts = [`${d.kind}`, d.id];
  if (d.field) parts.push(d.field);
  if (d.workflow !== undefined || d.database !== undefined) {
    parts.push(`temporal=${JSON.stringify(d.workflow ?? null)} database=${JSON.stringify(d.database ?? null)}`);
  }
  if (d.detail) parts.push(d.detail);
  return parts.join('  ');
}
