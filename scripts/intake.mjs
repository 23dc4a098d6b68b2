#!/usr/bin/env node
// `npm run intake -- <file>`: bootstrap (quietly, on stderr), then print the dispatch's draft as JSON.
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';
import { run } from './lib.mjs';

await bootstrap();
// The CLI resolves a relative path against the folder the user ran npm from.
await run(process.execPath, ['--import', 'tsx', join(root, 'packages', 'intake', 'src', 'cli.ts'), ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() },
}).catch((error) => {
  process.exitCode = error.exitCode ?? 1;
});
