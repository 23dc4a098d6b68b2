#!/usr/bin/env node
// `npm run chaos`: the fault tests (apps/devstack/src/chaos/*.chaos.ts). They start the Temporal dev
// server, PostgreSQL, the worker and the API server as separate processes and break them on purpose:
// kill -9, stop and restart, dropped connections. Apart from `npm test` because each runs for minutes
// and they must run one at a time; .ci/run calls both. Extra arguments go to vitest (a file filter).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap, pnpm, root } from './bootstrap.mjs';
import { run, say } from './lib.mjs';

await bootstrap();
say('type-checking');
await run(pnpm, ['exec', 'turbo', 'run', 'typecheck', '--filter=@chidao/devstack...', '--output-logs=errors-only'], { cwd: root });

const outputDir = join(root, 'test-output');
const report = join(outputDir, 'chaos.json');
mkdirSync(outputDir, { recursive: true });
rmSync(report, { force: true });
say('running the fault tests');
const failed = await run(
  pnpm,
  ['exec', 'vitest', 'run', '--config', 'vitest.chaos.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: join(root, 'apps', 'devstack') },
).then(
  () => false,
  () => true,
);

if (!existsSync(report)) {
  console.error('vitest wrote no report');
  process.exit(1);
}
const { numPassedTests, numFailedTests } = JSON.parse(readFileSync(report, 'utf8'));
console.log(`\nfault tests: ${numPassedTests} passed, ${numFailedTests} failed`);
process.exit(failed || numFailedTests > 0 || numPassedTests === 0 ? 1 : 0);
