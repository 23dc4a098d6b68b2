import { condition, patched, setHandler } from '@temporalio/workflow';
import { DomainError, answeredThrough, finalReported, taskMarkedDone, assertLatestReport, nextReport, periodOfReport, sumFigures, validateReport, type Actor, type ReportInput } from '@chidao/domain/workflow';
import { asFailure } from '../failures';
import { acknowledgeUpdate, reviewUpdate, submitReportUpdate } from '../messages';
import { activities, now } from '../runtime';
import type { SuccessionTerms } from '../activities';
import type { CarriedFigures } from '../messages';
import type { AssignmentRun } from './state';

/** The assignee's acknowledgement and reports, and the assigner's review of them. */
export function registerReporting(run: AssignmentRun): void {
  const { id, input } = run;

  setHandler(
    acknowledgeUpdate,
    async ({ actor }) => {
      // Checked again here: two updates accepted together would both pass the validator.
      run.status = asFailure(() => run.apply({ type: 'acknowledge' }, actor));
      await run.persist(actor.userId, 'acknowledge');
      return { ...run.status, version: run.version };
    },
    { validator: ({ actor }) => asFailure(() => void run.apply({ type: 'acknowledge' }, actor)) },
  );

  /** Checks a report and says which progress period it answers (none for the final report). */
  const checkReport = ({ actor, report }: { actor: Actor; report: ReportInput }): number | undefined => {
    const plan = run.needPlan();
    run.apply({ type: 'submitReport' }, actor);
    // Told for information (để biết): the unit acknowledges receipt and owes no report (plans made before roles have none).
    if (plan.role === 'info') throw new DomainError('ILLEGAL_TRANSITION', 'A unit told of the directive for information sends no report', { role: 'info' });
    validateReport(plan.metrics, plan.rates, run.reports.at(-1) ?? null, report, input.taskIds);
    return periodOfReport(plan.periods ?? [], answeredThrough(run.reports), report);
  };
  setHandler(
    submitReportUpdate,
    async ({ actor, report: submitted }) => {
      const period = asFailure(() => checkReport({ actor, report: submitted }));
      const { period: _named, ...rest } = submitted;
      const report = nextReport(run.reports.at(-1) ?? null, period === undefined ? rest : { ...rest, period }, actor, now());
      const unacknowledged = run.status.state === 'issued';
      run.reports.push(report);
      run.status = asFailure(() => run.apply({ type: 'submitReport' }, actor));
      await condition(() => run.recorded);
      await activities.recordReport({
        id,
        version: report.version,
        figures: report.figures,
        narrative: report.narrative,
        ...(report.tasks ? { tasks: report.tasks } : {}),
        final: report.final ?? false,
        ...(period === undefined ? {} : { period }),
        correctionReason: report.correction?.reason ?? null,
        submittedAt: report.submittedAt,
        submittedBy: report.submittedBy,
      });
      // A task due before the report, now done: the escalations its own alarms raised are resolved.
      // Only plans with such alarms ask (plans made before tasks had deadlines have none).
      const before = run.reports.slice(0, -1);
      for (const [taskId, mark] of Object.entries(report.tasks ?? {})) {
        if (mark.done && !taskMarkedDone(before, taskId) && run.needPlan().alarms.some((a) => a.task === taskId)) {
          await activities.resolveEscalations({ id, deadline: 'task', taskId, by: actor.userId, at: now() });
        }
      }
      // A final report leaving one of its tasks open does not answer the report deadline (its escalations stay open).
      await run.persist(actor.userId, period === undefined ? (finalReported(run.obligations()) ? 'report' : null) : 'progress');
      // A report received without "tiếp nhận" first proves receipt: it answers the acknowledgement too.
      if (unacknowledged && patched('report-answers-acknowledgement')) {
        await activities.resolveEscalations({ id, deadline: 'acknowledge', by: actor.userId, at: now() });
      }
      // The final report answers the progress periods too; only schedules with periods have them.
      if (period === undefined && (run.plan?.periods?.length ?? 0) > 0) {
        await activities.resolveEscalations({ id, deadline: 'progress', by: actor.userId, at: now() });
      }
      const assessed = await activities.assessReport({
        id,
        directiveId: input.directiveId,
        unitId: input.unitId,
        version: report.version,
        figures: report.figures,
        at: report.submittedAt,
      });
      // Behind target by its latest report: the assigner may ask it to explain before any deadline passes.
      run.atRisk = assessed?.atRisk ?? false;
      return { status: run.status, report };
    },
    { validator: ({ actor, report }) => asFailure(() => void checkReport({ actor, report })) },
  );

  const checkReview = ({ actor, version, decision, reason }: { actor: Actor; version: number; decision: 'accept' | 'return'; reason?: string }) => {
    assertLatestReport(run.reports, version);
    return run.apply(decision === 'accept' ? { type: 'accept' } : { type: 'return', reason: reason ?? '' }, actor);
  };
  setHandler(
    reviewUpdate,
    async (review) => {
      run.status = asFailure(() => checkReview(review));
      await activities.recordReview({
        id,
        version: review.version,
        review: review.decision === 'accept' ? 'accepted' : 'returned',
        by: review.actor.userId,
        at: now(),
        reason: review.reason ?? null,
      });
      await run.persist(review.actor.userId, null);
      return run.status;
    },
    { validator: (review) => asFailure(() => void checkReview(review)) },
  );
}

/**
 * Figures a reorganisation brings to a successor, as a report of it: at its start, its predecessors'
 * latest figures summed (version 1); when more old units join it later, theirs added to its latest.
 * Accepted where every summed report was (and its own latest, if any), else awaiting its assigner's
 * review. Its own next report follows as the next version, checked against this one like any other.
 */
export async function carryFigures(run: AssignmentRun, carried: CarriedFigures, narrative: string, by: string): Promise<void> {
  const at = now();
  const previous = run.reports.at(-1) ?? null;
  const figures = sumFigures([previous?.figures ?? {}, carried.figures]);
  const accepted = carried.review === 'accepted' && (previous === null || run.status.state === 'accepted');
  const report = nextReport(previous, { figures, narrative }, { userId: by, unitId: run.input.unitId }, at);
  run.reports.push(report);
  run.status = { ...run.status, state: accepted ? 'accepted' : 'reported', reportedAt: at, ...(accepted ? { acceptedAt: at } : {}) };
  await activities.recordReport({
    id: run.id,
    version: report.version,
    figures: report.figures,
    narrative,
    final: false,
    correctionReason: null,
    submittedAt: at,
    submittedBy: by,
  });
  if (accepted) await activities.recordReview({ id: run.id, version: report.version, review: 'accepted', by, at, reason: null });
  await run.persist(by, null);
}

/** Figures of several old units summed metric by metric; `accepted` when every one was; null for none. */
export function sumCarried(each: readonly CarriedFigures[]): CarriedFigures | null {
  if (each.length === 0) return null;
  return { figures: sumFigures(each.map((c) => c.figures)), review: each.every((c) => c.review === 'accepted') ? 'accepted' : 'pending' };
}

/** The successor's first report: its predecessors' figures summed. */
export async function carryReport(run: AssignmentRun, succession: SuccessionTerms, by: string): Promise<void> {
  if (!succession.carried) return;
  await carryFigures(run, succession.carried, `Số liệu cộng từ báo cáo mới nhất của ${succession.from.length} đơn vị trước khi sắp xếp (${succession.basis}).`, by);
}
