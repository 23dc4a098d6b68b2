// vitest globalSetup: one workflow bundle for the whole test run.
export { setupWorkflowBundle as default } from './testing';
