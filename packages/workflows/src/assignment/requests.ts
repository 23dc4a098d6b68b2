import { setHandler } from '@temporalio/workflow';
import { answerExplanation, decideAdjustment, decideExtension, finalReported, requestAdjustment, requestExplanation, requestExtension } from '@chidao/domain/workflow';
import { asFailure } from '../failures';
import { answerExplanationUpdate, decideAdjustmentUpdate, decideExtensionUpdate, requestAdjustmentUpdate, requestExplanationUpdate, requestExtensionUpdate } from '../messages';
import { activities, now } from '../runtime';
import type { AdjustmentRequest } from '@chidao/domain/workflow';
import type { AssignmentRun } from './state';

/** Puts a request in its list: replaces the one of its number, or adds it. */
function replace<T extends { number: number }>(list: T[], item: T): void {
  const i = list.findIndex((x) => x.number === item.number);
  if (i >= 0) list[i] = item;
  else list.push(item);
}

/** Requests between the assignee and the assigner: an extension of the report deadline (gia hạn), an explanation of a delay (giải trình). */
export function registerRequests(run: AssignmentRun): void {
  // Plans made before requests closed before the deadline have no closing time: open until the end.
  const closesAt = (): string | null => run.needPlan().extensionsCloseAt ?? null;
  setHandler(
    requestExtensionUpdate,
    async ({ actor, reason, proposedDate }) => {
      const request = asFailure(() => requestExtension(run.status, run.extensions, actor, { reason, proposedDate }, run.needPlan().reportBy, now(), closesAt()));
      run.extensions.push(request);
      await run.remember(`extension:${request.number}:request`, 'extension.request', { ...request });
      return request;
    },
    {
      validator: ({ actor, reason, proposedDate }) =>
        asFailure(() => void requestExtension(run.status, run.extensions, actor, { reason, proposedDate }, run.needPlan().reportBy, now(), closesAt())),
    },
  );
  setHandler(
    decideExtensionUpdate,
    async ({ actor, approve, note }) => {
      const decided = asFailure(() => decideExtension(run.status, run.extensions, actor, { approve, ...(note ? { note } : {}) }, now()));
      replace(run.extensions, decided);
      if (decided.state === 'approved') {
        // New report alarms for the new deadline; those already fired stay fired.
        await run.serially(async () => {
          run.plan = await activities.planAssignment(
            run.planning({ reportDate: decided.proposedDate, generation: decided.number, ...(run.acknowledgementInForce ?? {}) }),
          );
          run.reportInForce = { reportDate: decided.proposedDate, generation: decided.number };
          run.changes += 1;
        });
      }
      await run.remember(`extension:${decided.number}:decision`, `extension.${decided.state}`, { ...decided });
      return decided;
    },
    { validator: ({ actor, approve, note }) => asFailure(() => void decideExtension(run.status, run.extensions, actor, { approve, ...(note ? { note } : {}) }, now())) },
  );
  setHandler(
    requestExplanationUpdate,
    async ({ actor, question }) => {
      const request = asFailure(() => requestExplanation(run.status, run.explanations, actor, question, run.overdue() || run.atRisk, now()));
      run.explanations.push(request);
      await run.remember(`explanation:${request.number}:request`, 'explanation.request', { ...request });
      return request;
    },
    { validator: ({ actor, question }) => asFailure(() => void requestExplanation(run.status, run.explanations, actor, question, run.overdue() || run.atRisk, now())) },
  );
  setHandler(
    answerExplanationUpdate,
    async ({ actor, answer }) => {
      const answered = asFailure(() => answerExplanation(run.status, run.explanations, actor, answer, now()));
      replace(run.explanations, answered);
      await run.remember(`explanation:${answered.number}:answer`, 'explanation.answer', { ...answered });
      return answered;
    },
    { validator: ({ actor, answer }) => asFailure(() => void answerExplanation(run.status, run.explanations, actor, answer, now())) },
  );

  // Đề nghị điều chỉnh: the assignee asks the issuer to change or drop one of its tasks.
  const keep = (request: AdjustmentRequest) => activities.recordAdjustment({ id: run.id, directiveId: run.input.directiveId, unitId: run.input.unitId, request });
  setHandler(
    requestAdjustmentUpdate,
    async ({ actor, taskId, kind, reason, proposal }) => {
      const input = { taskId, kind, reason, ...(proposal !== undefined ? { proposal } : {}) };
      const request = asFailure(() => requestAdjustment(run.status, run.adjustments, actor, input, run.input.taskIds, now()));
      run.adjustments.push(request);
      await keep(request);
      await run.remember(`adjustment:${request.number}:request`, 'adjustment.request', { ...request });
      return request;
    },
    {
      validator: ({ actor, taskId, kind, reason, proposal }) =>
        asFailure(() => void requestAdjustment(run.status, run.adjustments, actor, { taskId, kind, reason, ...(proposal !== undefined ? { proposal } : {}) }, run.input.taskIds, now())),
    },
  );
  setHandler(
    decideAdjustmentUpdate,
    async ({ actor, number, approve, note }) => {
      const answeredBefore = finalReported(run.obligations());
      const decided = asFailure(() => decideAdjustment(run.status, run.adjustments, actor, { number, approve, ...(note ? { note } : {}) }, now()));
      replace(run.adjustments, decided);
      await keep(decided);
      await run.remember(`adjustment:${decided.number}:decision`, `adjustment.${decided.state}`, { ...decided });
      // A dropped task no longer keeps the unit chased: if nothing else is open, its report deadline is answered.
      if (!answeredBefore && finalReported(run.obligations())) await activities.resolveEscalations({ id: run.id, deadline: 'report', by: actor.userId, at: now() });
      run.changes += 1;
      return decided;
    },
    { validator: ({ actor, number, approve, note }) => asFailure(() => void decideAdjustment(run.status, run.adjustments, actor, { number, approve, ...(note ? { note } : {}) }, now())) },
  );
}
