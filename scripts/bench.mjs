#!/usr/bin/env node
// `npm run bench [-- --size province|national3|national2|all]`: bootstrap, then run the national-scale
// benchmark (apps/bench) on the embedded defaults; results go to docs/benchmarks/. Not part of npm test.
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';
import { run, say } from './lib.mjs';

await bootstrap();
say('running the benchmark (apps/bench); results go to docs/benchmarks/');
process.on('SIGINT', () => {});
await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...process.argv.slice(2)], { cwd: join(root, 'apps', 'bench') }).catch((error) => {
  process.exitCode = error.exitCode ?? 1;
});
