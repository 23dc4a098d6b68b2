// A command of the workspace (`npm run reconcile`, `calendar`, `units`): bootstrap (quietly, on stderr),
// then run the TypeScript entry point with the user's arguments; its exit code is the command's.
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';
import { run } from './lib.mjs';

/**
 * `workspace`: the package's folder (`packages/reconcile`); `entry`: its file, relative to it;
 * `nodeOnly`: the command needs no Temporal binaries nor OCR (bootstrap's option).
 */
export async function runCommand(workspace, entry, { nodeOnly = false } = {}) {
  await bootstrap({ nodeOnly });
  await run(process.execPath, ['--import', 'tsx', join(root, workspace, entry), ...process.argv.slice(2)], { cwd: join(root, workspace) }).catch(
    (error) => {
      process.exitCode = error.exitCode ?? 1;
    },
  );
}
