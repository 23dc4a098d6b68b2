#!/usr/bin/env node
// `npm run reconcile -- [--wait <seconds>] [<directive id> …]`: bootstrap (quietly, on stderr), then
// compare every assignment workflow with the read model; exit 1 when they differ.
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';
import { run } from './lib.mjs';

await bootstrap();
await run(process.execPath, ['--import', 'tsx', join(root, 'packages', 'reconcile', 'src', 'cli.ts'), ...process.argv.slice(2)], {
  cwd: join(root, 'packages', 'reconcile'),
}).catch((error) => {
  process.exitCode = error.exitCode ?? 1;
});
