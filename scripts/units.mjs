#!/usr/bin/env node
// `DATABASE_URL=… npm run units -- <province code> […] | all`: bootstrap (quietly), then seed provinces of
// the map of 1/7/2025 from the official lists (apps/devstack/src/units-cli.ts).
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';
import { run } from './lib.mjs';

await bootstrap();
await run(process.execPath, ['--import', 'tsx', join(root, 'apps', 'devstack', 'src', 'units-cli.ts'), ...process.argv.slice(2)], {
  cwd: join(root, 'apps', 'devstack'),
}).catch((error) => {
  process.exitCode = error.exitCode ?? 1;
});
