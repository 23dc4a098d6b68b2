// vitest globalSetup: one PostgreSQL cluster and one workflow bundle for the whole test run.
export { setupEngineTests as default } from './testing';
