import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundling } from '@chidao/workflows/bundling';

/**
 * Bundles the workflow code in a child process and returns the bundle. Webpack takes a few
 * hundred MiB while it runs; in its own process that memory is given back when it exits instead of
 * staying in the worker's peak (docs/benchmarks). The bundle is made from the sources at every start,
 * so it is never stale.
 */
export async function bundleWorkflowsApart(): Promise<{ code: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'chidao-workflows-'));
  try {
    const out = join(dir, 'workflows.js');
    // The same loader flags as this process (tsx), without its profiling ones.
    const flags = process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof') && !flag.startsWith('--heap-prof'));
    await promisify(execFile)(process.execPath, [...flags, fileURLToPath(import.meta.url), out], { maxBuffer: 16 * 1024 * 1024 });
    return { code: await readFile(out, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Run as a script: bundle into the file named on the command line.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) {
  const { code } = await bundleWorkflowCode(workflowBundling);
  await writeFile(process.argv[2], code);
}
