#!/usr/bin/env node
// `npm run build:web`: bootstrap (Node only) and build the web app into apps/web/dist, what the API
// server serves with WEB_DIST=apps/web/dist (README, "Running in production").
import { bootstrap, pnpm, root } from './bootstrap.mjs';
import { run, say } from './lib.mjs';

await bootstrap({ nodeOnly: true });
say('building the web app into apps/web/dist');
await run(pnpm, ['exec', 'turbo', 'run', 'build', '--filter=@chidao/web', '--output-logs=errors-only'], { cwd: root });
