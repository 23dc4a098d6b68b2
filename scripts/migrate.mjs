#!/usr/bin/env node
// `DATABASE_URL=… npm run migrate [-- --app-role <role>]`: the database migrations only, no demo data
// (packages/db/scripts/migrate.ts).
import { runCommand } from './command.mjs';

await runCommand('packages/db', 'scripts/migrate.ts', { nodeOnly: true });
