#!/usr/bin/env node
// `DATABASE_URL=… npm run account -- <username> --unit <unit id> --name "…" [--role …]`, the password on
// standard input: an account on a database without the web app (packages/db/scripts/account.ts).
import { runCommand } from './command.mjs';

await runCommand('packages/db', 'scripts/account.ts', { nodeOnly: true });
