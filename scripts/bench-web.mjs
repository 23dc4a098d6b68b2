#!/usr/bin/env node
// `npm run bench:web [-- --runs 3] [--url http://…]`: bootstrap, build the web app, then measure how it
// loads on slow 3G with a slow CPU (apps/devstack/src/web-load.ts); writes docs/benchmarks/web-load.md.
// Not part of npm test.
import { join } from 'node:path';
import { bootstrap, pnpm, root } from './bootstrap.mjs';
import { run, say } from './lib.mjs';

await bootstrap();
say('building the web app');
await run(pnpm, ['exec', 'turbo', 'run', 'build', '--filter=@chidao/web', '--output-logs=errors-only'], { cwd: root });
say('measuring the web app on slow 3G (apps/devstack/src/web-load.ts); results go to docs/benchmarks/web-load.md');
process.on('SIGINT', () => {});
await run(process.execPath, ['--import', 'tsx', 'src/web-load.ts', ...process.argv.slice(2)], { cwd: join(root, 'apps', 'devstack') }).catch((error) => {
  process.exitCode = error.exitCode ?? 1;
});
