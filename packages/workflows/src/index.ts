// What clients (API, worker, tests) import. Workflow code itself is in ./workflows.
export * from './ids';
export * from './messages';
export type * from './activities';
export type { AssignmentInput, DirectiveInput } from './workflows';
export * from './client';
export * from './notify-relay';
