import { createHash } from 'node:crypto';

/**
 * A speed reference for the host, taken at the start of each size's run, before its processes
 * start: the CPU time this process needs for a fixed piece of work like theirs (objects, JSON,
 * strings, hashing). The same code's CPU per acknowledgement has varied by up to twice within a day
 * on this machine (docs/benchmarks), and the raw ceiling moves with our Temporal settings. The
 * reference records the host's speed for CPU-bound work only: it has not followed everything that
 * slows the five processes (their shared caches and memory), so it explains large differences, not
 * small ones. The work must stay the same for references to stay comparable (speed.test.ts pins its
 * result).
 */
export function speedReference(rounds = 7): { readonly cpuMs: number; readonly checksum: string } {
  const times: number[] = [];
  let checksum = '';
  for (let round = 0; round < rounds; round++) {
    const start = process.cpuUsage();
    checksum = referenceWork();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return { cpuMs: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10, checksum };
}

/** Rows like an inbox's, through JSON and back, sorted and grouped, then hashed. */
function referenceWork(): string {
  const rows = Array.from({ length: 20_000 }, (_, i) => ({
    id: `directive:bo-tttt.2020.2841/unit:p${i % 63}.d${i % 705}.x-${i}`,
    unitId: `p${i % 63}.d${i % 705}.x-${i}`,
    state: i % 3 === 0 ? 'acknowledged' : 'issued',
    acknowledgeBy: `2020-08-${String(10 + (i % 20)).padStart(2, '0')}T23:59:59.999+07:00`,
    figures: { installs: (i * 7919) % 5000, smartphoneUsers: 5000 + (i % 1000) },
  }));
  const parsed = JSON.parse(JSON.stringify(rows)) as typeof rows;
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  parsed.sort((a, b) => order(a.acknowledgeBy, b.acknowledgeBy) || order(a.id, b.id));
  const byState = new Map<string, number>();
  for (const row of parsed) byState.set(row.state, (byState.get(row.state) ?? 0) + row.figures.installs);
  const hash = createHash('sha256');
  for (const row of parsed) hash.update(`${row.id}|${row.state}|${row.figures.installs}\n`);
  hash.update(JSON.stringify([...byState]));
  return hash.digest('hex');
}
