import { fileURLToPath } from 'node:url';

/**
 * How every bundle of the workflow code is made — the worker's, the tests', the replays' — so that
 * tests run what production runs.
 *
 * The SDK runs all workflows in one V8 context and gives each its own instance of every module it
 * loads after the bundle's bootstrap (for isolation), so a workflow evicted from the worker's cache
 * and replayed re-runs those modules. `preloadModules` loads these once, shared by every workflow
 * (and deep-frozen): only modules without per-workflow state belong here. The domain's workflow
 * rules are pure functions; their only module state is memoized holiday tables, the same for every
 * workflow. The SDK's own modules and ours with workflow APIs stay per workflow.
 */
export const workflowBundling: { readonly workflowsPath: string; readonly preloadModules: string[] } = {
  workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
  preloadModules: ['@chidao/domain/workflow'],
};

/** The same, as Worker.create takes it when the worker bundles the workflows itself. */
export const workflowWorkerOptions = {
  workflowsPath: workflowBundling.workflowsPath,
  bundlerOptions: { preloadModules: workflowBundling.preloadModules },
};
