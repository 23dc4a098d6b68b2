import { fileURLToPath } from 'node:url';

/**
 * How every bundle of the workflow code is made — the worker's, the tests', the replays' — so that
 * tests run what production runs.
 *
 * The SDK runs all workflows in one V8 context and gives each its own instance of every module it
 * loads after the bundle's bootstrap (for isolation), so a workflow evicted from the worker's cache
 * and replayed re-runs those modules. `preloadModules` loads these once, shared by every workflow
 * (and deep-frozen): only modules without per-workflow state belong here.
 * - The domain's workflow rules: pure functions; their only module state is memoized holiday
 *   tables, the same for every workflow.
 * - `@temporalio/workflow`'s entry point and the few modules of it that the bundle's bootstrap does
 *   not already load (and share): re-exports, classes, and functions that find the running workflow
 *   when called (`assertInWorkflowContext`), none when loaded.
 * - Ours: the workflow functions and what they import from this package (a preloaded module's
 *   imports load with it, before any workflow exists, so they are shared too): message definitions,
 *   workflow ids, the failure mapping, the modules the workflows are made of (directive.ts,
 *   assignment/, calendar.ts, runtime.ts). Their top level only defines — functions, message definitions,
 *   activity proxies that find the running workflow when called; every workflow's state lives in
 *   objects its function creates (bundling.test.ts holds them to that).
 * Creating a workflow took 0.89 ms and 34 KiB of heap with 12 modules of its own; with these
 * preloaded, 0.36 ms and 12 KiB with none but two empty stubs (docs/benchmarks).
 */
const workflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url));

export const workflowBundling: { readonly workflowsPath: string; readonly preloadModules: string[] } = {
  workflowsPath,
  preloadModules: ['@chidao/domain/workflow', '@temporalio/workflow', workflowsPath],
};

/** The same, as Worker.create takes it when the worker bundles the workflows itself. */
export const workflowWorkerOptions = {
  workflowsPath: workflowBundling.workflowsPath,
  bundlerOptions: { preloadModules: workflowBundling.preloadModules },
};
