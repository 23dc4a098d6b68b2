#!/usr/bin/env node
// `npm test`: bootstrap, type-check every package, build the web app for the browser tests,
// then run every test in one vitest run and close with the plain summary line CI reads.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap, pnpm, root } from './bootstrap.mjs';
import { run, say } from './lib.mjs';

const extra = process.argv.slice(2);
await bootstrap();
say('type-checking and building');
await run(pnpm, ['exec', 'turbo', 'run', 'typecheck', 'build', '--output-logs=errors-only'], { cwd: root });

const outputDir = join(root, 'test-output');
const report = join(outputDir, 'vitest.json');
mkdirSync(outputDir, { recursive: true });
rmSync(report, { force: true });
say('running the tests');
const failed = await run(
  pnpm,
  ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  { cwd: root },
).then(
  () => false,
  () => true,
);

if (!existsSync(report)) {
  console.error('vitest wrote no report');
  process.exit(1);
}
const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(readFileSync(report, 'utf8'));
const skipped = numPendingTests + numTodoTests;
console.log(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed || numFailedTests > 0 || numPassedTests === 0 ? 1 : 0);
