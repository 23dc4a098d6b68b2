#!/usr/bin/env node
// `npm run reorganise -- <directive id> --into <province code> [--basis "…"] [--old-codes FROM-TO] [--apply]`:
// a running directive through the map of 1/7/2025 (apps/devstack/src/reorganise-cli.ts).
import { runCommand } from './command.mjs';

await runCommand('apps/devstack', 'src/reorganise-cli.ts');
