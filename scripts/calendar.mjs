#!/usr/bin/env node
// `npm run calendar -- show <year> | set <year> --off … [--working …] [--document … --issuer … [--date …]]`:
// bootstrap (quietly), then show or replace a year of the working-day calendar (packages/api/src/cli/calendar.ts).
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';
import { run } from './lib.mjs';

await bootstrap();
await run(process.execPath, ['--import', 'tsx', join(root, 'packages', 'api', 'src', 'cli', 'calendar.ts'), ...process.argv.slice(2)], {
  cwd: join(root, 'packages', 'api'),
}).catch((error) => {
  process.exitCode = error.exitCode ?? 1;
});
