#!/usr/bin/env node
// `npm test`: bootstrap, type-check every package (scripts/typecheck.mjs), build the web app for the browser tests, run
// every test in one vitest run (the timer scenarios twice: also as a project whose test clock is two
// years ahead, see vitest.config.ts), then print where the time went and close with the plain summary
// line CI reads.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap, pnpm, root } from './bootstrap.mjs';
import { run, say } from './lib.mjs';
import { typecheckAll } from './typecheck.mjs';

const extra = process.argv.slice(2);
const outputDir = join(root, 'test-output');
mkdirSync(outputDir, { recursive: true });

const phases = [];
async function phase(name, work) {
  const started = Date.now();
  try {
    return await work();
  } finally {
    phases.push({ name, ms: Date.now() - started });
  }
}

await phase('bootstrap', () => bootstrap({ forTests: true }));
say('type-checking every package');
await phase('type-check', () => typecheckAll());
say('building the web app for the browser tests');
await phase('web app build', () => run(pnpm, ['--silent', '-F', '@chidao/web', 'build'], { cwd: root }));

/** One vitest run; its counts from the JSON report, its per-project times from scripts/vitest-times.mjs. */
async function vitest(name, args, env = {}) {
  const report = join(outputDir, `${name}.json`);
  const times = join(outputDir, `${name}.times.json`);
  rmSync(report, { force: true });
  rmSync(times, { force: true });
  const failed = await run(
    pnpm,
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, '--reporter=./scripts/vitest-times.mjs', ...args],
    { cwd: root, env: { ...env, VITEST_TIMES_FILE: times } },
  ).then(
    () => false,
    () => true,
  );
  if (!existsSync(report)) {
    console.error(`vitest wrote no report (${name})`);
    process.exit(1);
  }
  const counts = JSON.parse(readFileSync(report, 'utf8'));
  return { name, failed, counts, times: existsSync(times) ? JSON.parse(readFileSync(times, 'utf8')) : null };
}

say('running the tests');
const runs = [await phase('tests', () => vitest('vitest', extra))];

const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);
console.log('\nwhere the time went (s):');
for (const p of phases) console.log(`${seconds(p.ms)}  ${p.name}`);
for (const r of runs) {
  if (!r.times) continue;
  console.log(`\n${r.name}: each project's test files (their times added up; files run side by side, see vitest.config.ts)`);
  const rows = Object.entries(r.times.projects).sort((a, b) => b[1].ms - a[1].ms);
  for (const [name, p] of rows) {
    console.log(`${seconds(p.ms)}  ${name.padEnd(20)} ${String(p.files).padStart(3)} files, slowest ${p.slowest.file} ${(p.slowest.ms / 1000).toFixed(1)} s`);
  }
}

const sum = (key) => runs.reduce((n, r) => n + (r.counts[key] ?? 0), 0);
const passed = sum('numPassedTests');
const failedTests = sum('numFailedTests');
const skipped = sum('numPendingTests') + sum('numTodoTests');
const anyFailed = runs.some((r) => r.failed);
console.log(`\ntests: ${passed} passed, ${failedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(anyFailed || failedTests > 0 || passed === 0 ? 1 : 0);
