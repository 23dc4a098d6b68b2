#!/usr/bin/env node
// `npm run reconcile -- [--wait <seconds>] [<directive id> …]`: compare every assignment workflow with
// the read model; exit 1 when they differ.
import { runCommand } from './command.mjs';

await runCommand('packages/reconcile', 'src/cli.ts');
