import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time by process group, read from /proc: what a burst cost each part of the system. The groups
 * are the worker and the API server (by pid), the Temporal dev server and PostgreSQL's processes (by
 * command name), this benchmark's own process (its HTTP clients), and everything else on the machine.
 */
export type CpuGroup = 'worker' | 'server' | 'temporal' | 'postgres' | 'bench' | 'other';

export type CpuTimes = Record<CpuGroup, number>;

/** CPU milliseconds used so far by every process, by pid, with its group. */
export type CpuReading = ReadonlyMap<number, { readonly group: CpuGroup; readonly ms: number }>;

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function groupOf(pid: number, comm: string, pids: { worker: number; server: number }): CpuGroup {
  if (pid === pids.worker) return 'worker';
  if (pid === pids.server) return 'server';
  if (pid === process.pid) return 'bench';
  if (comm === 'temporal') return 'temporal';
  if (comm === 'postgres') return 'postgres';
  return 'other';
}

/** Milliseconds of CPU (user + system) every process has used so far. */
export function cpuTimes(pids: { worker: number; server: number }): CpuReading {
  const times = new Map<number, { group: CpuGroup; ms: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid ... utime(14) stime(15): comm may hold spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    times.set(Number(entry), { group: groupOf(Number(entry), comm, pids), ms: (ticks * 1000) / TICKS_PER_SECOND });
  }
  return times;
}

/**
 * CPU milliseconds per item between two readings, by group: each process's growth, a process that
 * started in between counted whole (one that exited in between is missed: PostgreSQL's pooled
 * backends and the other processes live through a burst).
 */
export function cpuPerItem(before: CpuReading, after: CpuReading, items: number): CpuTimes {
  const used: CpuTimes = { worker: 0, server: 0, temporal: 0, postgres: 0, bench: 0, other: 0 };
  for (const [pid, { group, ms }] of after) used[group] += ms - (before.get(pid)?.ms ?? 0);
  for (const group of Object.keys(used) as CpuGroup[]) used[group] = Math.round((used[group] / Math.max(items, 1)) * 10) / 10;
  return used;
}
