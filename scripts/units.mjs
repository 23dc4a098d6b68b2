#!/usr/bin/env node
// `DATABASE_URL=… npm run units -- <province code> […] | all`: seed provinces of the map of 1/7/2025
// from the official lists (apps/devstack/src/units-cli.ts).
import { runCommand } from './command.mjs';

await runCommand('apps/devstack', 'src/units-cli.ts');
