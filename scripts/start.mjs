#!/usr/bin/env node
// `npm start`: bootstrap, build the web app, then run the whole system on embedded defaults.
import { join } from 'node:path';
import { bootstrap, pnpm, root } from './bootstrap.mjs';
import { run, say } from './lib.mjs';

await bootstrap();
say('building the web app');
await run(pnpm, ['exec', 'turbo', 'run', 'build', '--filter=@chidao/web', '--output-logs=errors-only'], { cwd: root });
say('starting Temporal, PostgreSQL, the worker and the server');
// The stack handles Ctrl-C itself: it stops every child before exiting.
process.on('SIGINT', () => {});
await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: join(root, 'apps', 'devstack') }).catch((error) => {
  process.exitCode = error.exitCode ?? 1;
});
