import {
  ancestorsOf,
  assessProgress,
  checkReassignTarget,
  DomainError,
  subordinatesOf,
  getUnit,
  planAssignments,
  DEFAULT_TRACKING,
  scheduleAssignment,
  addresses,
  namesRoles,
  strongestRole,
  unitRoleIn,
  type BusinessCalendar,
  type Directive,
  type Hierarchy,
  type PlannedAssignment,
} from '@chidao/domain';
import type { Delivery, DirectiveActivities } from '@chidao/domain';
import type { Repositories } from '@chidao/db';

export { createNotificationActivities, type NotificationDeps } from './notifications';

export interface ActivityDeps {
  readonly repos: Repositories;
  /**
   * The working-day calendar; by default the one in the database (repos.calendar), read again for
   * each schedule so that an administrator's change counts for the very next deadline.
   */
  readonly calendar?: BusinessCalendar;
}

const REASON = { acknowledge: 'acknowledge_overdue', report: 'report_overdue', progress: 'progress_overdue', task: 'task_overdue' } as const;

/**
 * Activities are thin: load, apply a domain rule, persist; each is idempotent by its keys.
 * Directives and plans are cached per directive since a province's fan-out asks once per district.
 */
export function createActivities({ repos, calendar: fixedCalendar }: ActivityDeps): DirectiveActivities {
  const calendarNow = (): Promise<BusinessCalendar> => (fixedCalendar ? Promise.resolve(fixedCalendar) : repos.calendar.load());
  const loaded = new Map<string, Promise<{ directive: Directive; hierarchy: Hierarchy; plan: PlannedAssignment[] }>>();

  /**
   * The directive, the unit tree and its plan, cached per directive; read again when `unitId` is not
   * in the cached tree (a unit added since, such as a reorganisation's successor).
   */
  async function load(directiveId: string, unitId?: string) {
    let cached = loaded.get(directiveId);
    if (cached && unitId !== undefined && !(await cached.then((c) => c.hierarchy.units.has(unitId), () => false))) {
      if (loaded.get(directiveId) === cached) loaded.delete(directiveId);
      // Added from another process (the administration screen, a seeding): this one's tree is old.
      repos.units.forget();
      cached = loaded.get(directiveId);
    }
    if (!cached) {
      cached = (async () => {
        const [directive, hierarchy] = await Promise.all([repos.directives.get(directiveId), repos.units.hierarchy()]);
        if (!directive) throw new Error(`Directive ${directiveId} is not in the database`);
        return { directive, hierarchy, plan: planAssignments(hierarchy, directive) };
      })();
      loaded.set(directiveId, cached);
      cached.catch(() => loaded.delete(directiveId));
    }
    return cached;
  }

  const toDelivery = (p: PlannedAssignment): Delivery => ({ unitId: p.unitId, taskIds: p.taskIds });

  const activities: Omit<DirectiveActivities, 'setUpAssignment' | 'recordStateChange'> = {
    async planDirective({ directiveId }) {
      const { directive, plan } = await load(directiveId);
      return { issuerUnitId: directive.issuerUnitId, deliveries: plan.filter((p) => p.parentUnitId === null).map(toDelivery) };
    },

    async directivesStillOpen() {
      return repos.assignments.directivesWithOpenAssignments();
    },

    async planChildren({ directiveId, unitId }) {
      return (await load(directiveId)).plan.filter((p) => p.parentUnitId === unitId).map(toDelivery);
    },

    async planAssignment({ id, directiveId, unitId, issuedAt, reportDate, generation, acknowledgeDate, acknowledgeGeneration, periodsFrom, progressEndedAt }) {
      const { directive, hierarchy } = await load(directiveId, unitId);
      const policy = {
        ...DEFAULT_TRACKING,
        ...directive.tracking,
        ...(reportDate ? { reportBy: { type: 'date' as const, date: reportDate } } : {}),
        ...(acknowledgeDate ? { acknowledgeWithin: { type: 'date' as const, date: acknowledgeDate } } : {}),
      };
      // A unit the directive does not address has the role recorded when it was delivered (recordIssued).
      const role =
        namesRoles(directive) && !addresses(hierarchy, directive, unitId)
          ? ((await repos.assignments.holders(directiveId, [unitId]))[0]?.role ?? 'lead')
          : unitRoleIn(hierarchy, directive, unitId);
      const range = { ...(periodsFrom ? { from: periodsFrom } : {}), ...(progressEndedAt ? { endedAt: progressEndedAt } : {}) };
      const computed = scheduleAssignment(await calendarNow(), hierarchy, directive, unitId, issuedAt, policy, range, role);
      // An extension's or amendment's alarms are new alarms: their keys carry its generation.
      const rekey = (a: (typeof computed.alarms)[number]) =>
        a.deadline === 'report' && generation
          ? { ...a, key: `${a.key}@${generation}` }
          : a.deadline === 'acknowledge' && acknowledgeGeneration
            ? { ...a, key: `${a.key}@${acknowledgeGeneration}` }
            : a;
      const schedule = generation || acknowledgeGeneration ? { ...computed, alarms: computed.alarms.map(rekey) } : computed;
      await repos.lifecycle.recordDeadlines({
        id,
        acknowledgeBy: schedule.acknowledgeBy,
        reportBy: schedule.reportBy,
        periods: schedule.periods ?? [],
        ...(periodsFrom ? { periodsFrom } : {}),
        ...(schedule.acknowledgeCounted ? { acknowledgeCounted: schedule.acknowledgeCounted } : {}),
        ...(schedule.reportCounted ? { reportCounted: schedule.reportCounted } : {}),
      });
      return { ...schedule, issuerUnitId: directive.issuerUnitId, metrics: directive.metrics ?? [], rates: directive.rates ?? [], ...(role === 'lead' ? {} : { role }) };
    },

    async recordIssued(input) {
      const { directive, hierarchy } = await load(input.directiveId, input.unitId);
      let role = unitRoleIn(hierarchy, directive, input.unitId);
      if (namesRoles(directive) && !addresses(hierarchy, directive, input.unitId)) {
        // Forwarding, reassigning and succeeding keep the role of the unit the task came from.
        const from = input.reassignedFromUnitId ? [input.reassignedFromUnitId] : input.succeedsUnitIds?.length ? [...input.succeedsUnitIds] : input.parentUnitId ? [input.parentUnitId] : [];
        const held = await repos.assignments.holders(input.directiveId, from);
        if (held.length > 0) role = strongestRole(held.map((h) => h.role));
      }
      await repos.assignments.recordIssued({ ...input, taskIds: [...input.taskIds], role });
    },

    async recordState(input) {
      await repos.lifecycle.recordState(input);
    },

    async forwardContext({ directiveId, unitId }) {
      const hierarchy = await repos.units.hierarchy();
      const subordinates = subordinatesOf(hierarchy, unitId);
      const rows = await repos.assignments.holders(directiveId, subordinates);
      return { subordinates, holding: rows.filter((r) => r.parentUnitId !== unitId).map((r) => r.unitId) };
    },

    async checkReassignTarget({ directiveId, fromUnitId, assignerUnitId, toUnitId }) {
      const hierarchy = await repos.units.hierarchy();
      const holding = new Set((await repos.assignments.holders(directiveId, [toUnitId])).map((r) => r.unitId));
      try {
        checkReassignTarget(hierarchy, { fromUnitId, assignerUnitId }, toUnitId, (u) => holding.has(u));
        return { problem: null };
      } catch (error) {
        // A broken rule is an answer, not a failure to retry.
        if (error instanceof DomainError) return { problem: { code: error.code, message: error.message } };
        throw error;
      }
    },

    async recordSuccession({ id, succeeds }) {
      await repos.assignments.addSucceeds(id, succeeds);
    },

    async recordReassignment({ id, toUnitId, reason, by, at }) {
      await repos.lifecycle.recordReassignment({ id, toUnitId, reason });
      // Nothing it owed is owed by it any more: the escalations about it close with it.
      await repos.escalations.resolveAllFor(id, by, at);
      await repos.events.append({ assignmentId: id, key: 'reassigned', kind: 'assignment.reassigned', at, data: { toUnitId, reason, by } });
    },

    async fireAlarm({ id, directiveId, unitId, alarm, deadlineAt }) {
      const { directive, hierarchy } = await load(directiveId, unitId);
      await repos.events.append({
        assignmentId: id,
        key: alarm.key,
        kind: alarm.action === 'reminder' || alarm.action === 'remind' ? 'reminder' : 'escalation',
        at: alarm.at,
        data: {
          deadline: alarm.deadline,
          action: alarm.action,
          deadlineAt,
          ...(alarm.period === undefined ? {} : { period: alarm.period }),
          ...(alarm.task === undefined ? {} : { taskId: alarm.task }),
        },
      });
      if (alarm.action !== 'escalate_parent' && alarm.action !== 'escalate_province') return;
      // The chair of the parent unit first, then provincial leadership (the issuer's province).
      const parentId = getUnit(hierarchy, unitId).parentId ?? directive.issuerUnitId;
      const province = ancestorsOf(hierarchy, unitId).at(-1)?.id ?? directive.issuerUnitId;
      const recipientUnitId = alarm.action === 'escalate_parent' ? parentId : province;
      // A unit right under the province already reached its leadership at the first step.
      if (alarm.action === 'escalate_province' && province === parentId) return;
      await repos.escalations.raise({
        id: `${id}#${alarm.key}`,
        directiveId,
        assignmentId: id,
        unitId,
        recipientUnitId,
        level: alarm.action === 'escalate_parent' ? 'parent' : 'province',
        reason: REASON[alarm.deadline],
        raisedAt: alarm.at,
        dueAt: deadlineAt,
      });
    },

    async recordEvent({ id, key, kind, at, data }) {
      await repos.events.append({ assignmentId: id, key, kind, at, data });
    },

    async recordAdjustment({ id, directiveId, unitId, request }) {
      await repos.adjustments.record({ ...request, assignmentId: id, directiveId, unitId });
    },

    async resolveEscalations({ id, deadline, by, at, taskId }) {
      // A task's chain is its own: its escalations are those raised by its alarms (`<id>#task:<task id>:…`).
      if (deadline === 'task') {
        if (taskId !== undefined) await repos.escalations.resolveWithPrefix(id, `${id}#task:${taskId}:`, by, at);
        return;
      }
      await repos.escalations.resolveFor(id, REASON[deadline], by, at);
    },

    async recordReport({ id, period, ...report }) {
      await repos.reports.record({ ...report, period: period ?? null, assignmentId: id });
    },

    async assessReport({ id, directiveId, unitId, version, figures, at }) {
      const { directive, hierarchy } = await load(directiveId, unitId);
      const assessment = assessProgress(directive, figures, at);
      if (!assessment?.atRisk) return { atRisk: false };
      await repos.escalations.raise({
        id: `${id}#behind_target#${version}`,
        directiveId,
        assignmentId: id,
        unitId,
        recipientUnitId: getUnit(hierarchy, unitId).parentId ?? directive.issuerUnitId,
        level: 'parent',
        reason: 'behind_target',
        raisedAt: at,
        dueAt: at,
      });
      return { atRisk: true };
    },

    async recordReview({ id, ...review }) {
      await repos.reports.review({ ...review, assignmentId: id });
    },
  };

  return {
    ...activities,

    async setUpAssignment({ issued, plan }) {
      await activities.recordIssued(issued);
      const planned = await activities.planAssignment(plan);
      return { plan: planned, deliveries: await activities.planChildren({ directiveId: issued.directiveId, unitId: issued.unitId }) };
    },

    async recordStateChange({ answered, by, at, ...record }) {
      await repos.lifecycle.recordStateChange({ ...record, resolve: { reasons: answered.map((d) => REASON[d]), by, at } });
    },
  };
}
