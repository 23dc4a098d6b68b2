#!/usr/bin/env node
// `npm start`: bootstrap, build the web app, then run the whole system on embedded defaults.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { bootstrap, pnpm, root } from './bootstrap.mjs';
import { childEnv, run, say } from './lib.mjs';

await bootstrap();
say('building the web app');
await run(pnpm, ['exec', 'turbo', 'run', 'build', '--filter=@chidao/web', '--output-logs=errors-only'], { cwd: root });
say('starting Temporal, PostgreSQL, the worker and the server');
// The stack (apps/devstack/src/main.ts) stops every process it started on SIGINT, SIGTERM or SIGHUP.
// Ctrl-C reaches it from the terminal; a signal sent to this process (or to npm, which passes it on)
// is passed on here (a second one is harmless), and this process waits for the stack to stop.
const stack = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: join(root, 'apps', 'devstack'), stdio: 'inherit', env: childEnv });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => stack.kill(signal));
}
// npm runs this script through \`sh -c\`, which dies of a signal sent to npm without passing it on, and
// nothing passes on a kill -9: a parent that is gone means stop as well.
const parent = process.ppid;
const orphaned = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphaned);
  stack.kill('SIGTERM');
}, 1_000);
stack.on('exit', (code, signal) => {
  clearInterval(orphaned);
  process.exitCode = code ?? (signal ? 1 : 0);
});
