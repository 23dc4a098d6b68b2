// Generates the Prisma client into src/generated/prisma (gitignored), skipping the work when the
// client is already newer than the schema. Runs on install, before typecheck and before tests.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schema = join(root, 'prisma', 'schema.prisma');
const config = join(root, 'prisma.config.ts');
const entry = join(root, 'src', 'generated', 'prisma', 'client.ts');
const force = process.argv.includes('--force');

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
if (!force && mtime(entry) > Math.max(mtime(schema), mtime(config))) process.exit(0);

const env = { ...process.env };
// `prisma generate` does not use the schema engine, but the CLI insists on locating (or else
// downloading) one; any existing file satisfies it where there is no network.
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
env.CHECKPOINT_DISABLE = '1';

const cli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
if (result.status !== 0) {
  process.stdout.write(result.stdout ?? '');
  console.error('prisma generate failed');
  process.exit(result.status ?? 1);
}
