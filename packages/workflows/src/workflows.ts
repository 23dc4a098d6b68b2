/**
 * The workflow functions, by the names the worker registers them under: every bundle (bundling.ts)
 * is made from this file.
 * - ./directive.ts: one workflow per directive, the top of the assignment tree.
 * - ./assignment/: one workflow per receiving unit — its state (state.ts), the handler groups
 *   (reporting, tree, requests, alarms) and the function that puts them together (workflow.ts).
 * - ./calendar.ts: tells running directives that a year of the working-day calendar changed.
 * - ./notifications.ts: the installation's notification dispatcher (outbox → people → channels).
 * - ./runtime.ts: what they share (activity proxies, delivering and signalling assignments).
 */
export { directiveWorkflow } from './directive';
export { assignmentWorkflow } from './assignment/workflow';
export { calendarChangeWorkflow } from './calendar';
export { notificationDispatchWorkflow } from './notifications';
export { HISTORY_LIMIT } from './runtime';
export type { AssignmentCarried, AssignmentInput, DirectiveCarried, DirectiveInput } from './inputs';
