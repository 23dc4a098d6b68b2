// vitest globalSetup: the PostgreSQL cluster, the workflow bundle, a Temporal server and a seeded
// database for the whole test run, which each file's engine harness shares out (engine-harness.ts).
export { setupEngineHarness as default } from '@chidao/api/engine-harness';
