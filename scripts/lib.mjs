import { spawn } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const toolsBin = join(dirname(fileURLToPath(import.meta.url)), '..', '.tools', 'node_modules', '.bin');

/** Children find the pinned pnpm first (turbo looks it up on PATH); turbo sends no telemetry. */
export const childEnv = {
  ...process.env,
  PATH: `${toolsBin}${delimiter}${process.env.PATH ?? ''}`,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
};

/**
 * Progress goes to stderr, so a command's own output on stdout (npm run intake) stays clean; in
 * colour only on a terminal (a service's or CI's log gets no escape codes).
 */
export function say(message) {
  console.error(process.stderr.isTTY ? `\x1b[36m[chidao]\x1b[0m ${message}` : `[chidao] ${message}`);
}

/** Runs a command with inherited output (`options.env` adds to the environment); rejects with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options, env: { ...childEnv, ...options.env } });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(Object.assign(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`), { exitCode: code ?? 1 }));
    });
  });
}
