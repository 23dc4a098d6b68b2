import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  /** Stops the process (SIGTERM, then SIGKILL after a grace period) and waits for it. */
  stop(): Promise<void>;
  /** Resolves with the exit code if the process ends on its own. */
  readonly exited: Promise<number | null>;
}

/** Spawns a long-running child whose output lines are prefixed with its name. */
export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; quiet?: boolean } = {},
): Managed {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => `[${name}] ${line}\n`)
      .join('');
  const recent: string[] = [];
  const onOutput = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    const text = prefix(chunk);
    recent.push(text);
    if (recent.length > 50) recent.shift();
    if (!options.quiet) stream.write(text);
  };
  child.stdout?.on('data', onOutput(process.stdout));
  child.stderr?.on('data', onOutput(process.stderr));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  exited.then((code) => {
    if (options.quiet && code !== 0 && code !== null) process.stderr.write(recent.join(''));
  });
  return {
    name,
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Polls `check` until it resolves true, failing with `what` when `process` exits first or time runs out. */
export async function waitFor(what: string, check: () => Promise<boolean>, options: { exited?: Promise<unknown>; timeoutMs?: number } = {}): Promise<void> {
  let done = false;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  options.exited?.then(() => {
    done = true;
  });
  while (!done) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(200);
  }
  throw new Error(`${what}: the process exited before it was ready`);
}
