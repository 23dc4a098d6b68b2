import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The first port of the kernel's ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range),
 * where every outgoing connection takes its local port.
 */
function ephemeralRangeStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

const FIRST_PORT = 10_000;
const handedOut = new Set<number>();

/** Whether 127.0.0.1:`port` can be bound now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free TCP port on the loopback interface, for a server a test is about to start. Picked at random
 * below the ephemeral range: a port the kernel hands out for `listen(0)` lies in that range, where an
 * outgoing connection (to PostgreSQL, to Temporal) can take it before the server binds it, and the
 * server then fails to start ("address already in use"). Below the range only another caller picking
 * the same port by chance can take it (one in ~20,000; never twice in one process).
 */
export async function freePort(): Promise<number> {
  const end = ephemeralRangeStart();
  if (end - FIRST_PORT < 1_000) return kernelPort();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = FIRST_PORT + Math.floor(Math.random() * (end - FIRST_PORT));
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the check, so that a concurrent call cannot pick it too
    if (await bindable(port)) return port;
    handedOut.delete(port);
  }
  return kernelPort();
}

/** A port the kernel chose (`listen(0)`): the fallback when no range is left below the ephemeral one. */
function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
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

export interface SupervisionOptions {
  /** The first wait before a restart; it doubles with each quick failure, up to `maxDelayMs`. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A run that lasted this long was healthy: the next failure starts the backoff afresh. */
  readonly stableMs?: number;
  /** Quick failures in a row after which supervision gives up (a process that cannot start at all). */
  readonly maxQuickFailures?: number;
  readonly log?: (message: string) => void;
}

export interface Supervised {
  readonly name: string;
  /** The running process (the latest one). */
  current(): Managed;
  /** Restarts so far. */
  restarts(): number;
  /** Resolves with the last exit code when supervision gives up; never after stop(). */
  readonly exited: Promise<number | null>;
  /** Stops the process and every restart to come. */
  stop(): Promise<void>;
}

/**
 * Keeps a process running as a service manager would: when it exits on its own it is started again
 * after a backoff (1 s, 2 s, 4 s… up to 30 s; afresh after a minute's healthy run), each event
 * logged. After `maxQuickFailures` quick failures in a row it gives up and `exited` resolves, so a
 * process that cannot start at all still fails the stack's start.
 */
export function supervise(start: () => Managed, options: SupervisionOptions = {}): Supervised {
  const { baseDelayMs = 1_000, maxDelayMs = 30_000, stableMs = 60_000, maxQuickFailures = 5 } = options;
  const log = options.log ?? ((message: string) => console.error(`[devstack] ${message}`));
  let stopping = false;
  let restarts = 0;
  let quickFailures = 0;
  let pending: NodeJS.Timeout | null = null;
  let giveUp: (code: number | null) => void = () => undefined;
  const exited = new Promise<number | null>((resolve) => (giveUp = resolve));
  let current = start();
  const watch = (run: Managed, startedAt: number) => {
    void run.exited.then((code) => {
      if (stopping) return;
      const signal = run.child.signalCode;
      quickFailures = Date.now() - startedAt >= stableMs ? 1 : quickFailures + 1;
      if (quickFailures > maxQuickFailures) {
        log(`${run.name} exited (${signal ?? `code ${code}`}) ${quickFailures} times in a row soon after starting; not restarting it`);
        giveUp(code);
        return;
      }
      const delay = Math.min(baseDelayMs * 2 ** (quickFailures - 1), maxDelayMs);
      log(`${run.name} exited (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s`);
      pending = setTimeout(() => {
        pending = null;
        if (stopping) return;
        restarts++;
        current = start();
        log(`${current.name} restarted (restart ${restarts})`);
        watch(current, Date.now());
      }, delay);
    });
  };
  watch(current, Date.now());
  return {
    name: current.name,
    current: () => current,
    restarts: () => restarts,
    exited,
    async stop() {
      stopping = true;
      if (pending) clearTimeout(pending);
      await current.stop();
    },
  };
}
