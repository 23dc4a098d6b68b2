#!/usr/bin/env node
// `npm run calendar -- show <year> | set <year> --off … [--working …] [--document … --issuer … [--date …]]`:
// show or replace a year of the working-day calendar (packages/api/src/cli/calendar.ts).
import { runCommand } from './command.mjs';

await runCommand('packages/api', 'src/cli/calendar.ts');
