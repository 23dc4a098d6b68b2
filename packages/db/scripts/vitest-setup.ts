// vitest globalSetup: the Prisma client must exist before test files import it, and one embedded
// cluster serves every test file (each still gets databases of its own).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setupTestCluster } from '../src/testing';

export default async function setup(): Promise<() => Promise<void>> {
  execFileSync(process.execPath, [fileURLToPath(new URL('./generate.mjs', import.meta.url))], { stdio: 'inherit' });
  return setupTestCluster();
}
