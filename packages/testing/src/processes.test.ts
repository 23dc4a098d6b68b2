import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from './index';
import { createServer } from 'node:net';
import { freePort, startProcess, supervise } from './processes';

// Real child processes (node -e …): supervision as `npm start` gives it to the worker and the server.

/** A process that appends its pid to `file`, then exits with `code` after `afterMs` (or runs on). */
const child = (file: string, code: number | null, afterMs = 0) =>
  startProcess('child', process.execPath, ['-e', `require('fs').appendFileSync(${JSON.stringify(file)}, process.pid + '\\n'); ${code === null ? 'setInterval(() => {}, 1000)' : `setTimeout(() => process.exit(${code}), ${afterMs})`}`], { quiet: true });
const runs = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0);

describe('supervise', () => {
  it('restarts a process that crashed, logs it, and stops it for good on stop()', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'supervise-')), 'runs');
    const logged: string[] = [];
    let first = true;
    const supervised = supervise(
      () => {
        // The first run crashes; the restarted one runs until stopped.
        const run = child(file, first ? 1 : null);
        first = false;
        return run;
      },
      { baseDelayMs: 10, log: (m) => logged.push(m) },
    );
    await eventually(async () => expect(runs(file)).toBe(2), 30_000);
    expect(supervised.restarts()).toBe(1);
    expect(logged).toEqual(['child exited (code 1); restarting it in 0.01 s', 'child restarted (restart 1)']);
    await supervised.stop();
    expect(supervised.current().child.signalCode).toBe('SIGTERM');
    expect(runs(file)).toBe(2);
  });

  it('gives up on a process that fails again and again soon after starting, waiting longer each time', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'supervise-')), 'runs');
    const logged: string[] = [];
    const supervised = supervise(() => child(file, 3), { baseDelayMs: 10, maxQuickFailures: 3, log: (m) => logged.push(m) });
    expect(await supervised.exited).toBe(3);
    expect(runs(file)).toBe(4);
    expect(logged.filter((m) => m.includes('restarting it in'))).toEqual([
      'child exited (code 3); restarting it in 0.01 s',
      'child exited (code 3); restarting it in 0.02 s',
      'child exited (code 3); restarting it in 0.04 s',
    ]);
    expect(logged.at(-1)).toBe('child exited (code 3) 4 times in a row soon after starting; not restarting it');
  });
});

describe('freePort', () => {
  it('gives ports below the range outgoing connections take theirs from, each one once, each bindable', async () => {
    const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    expect(new Set(ports).size).toBe(50);
    for (const port of ports) expect(port).toBeLessThan(ephemeralStart);
    // A server can listen on it.
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[0], '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
