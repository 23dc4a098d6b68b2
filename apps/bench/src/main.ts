// `npm run bench [-- --size province|national3|national2|all] [--round all|core|notifications|open] [--clients 50] [--reads 200] [--profile] [--shared] [--sample N] [--notify-lead S] [--rates 10,20,40] [--seconds 120]`
// The open loop (issue 27) runs only when asked for: `--round open`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@chidao/testing';
import { describe, describeNotifications, updateReadme, writeNotificationResult, writeResult } from './report';
import { runNotificationRound } from './notifications';
import { describeOpenLoop, runOpenLoop } from './open-loop';
import { runSize, SIZES, type Size } from './run';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'all' },
    clients: { type: 'string', default: '50' },
    reads: { type: 'string', default: '200' },
    profile: { type: 'boolean', default: false },
    shared: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    sample: { type: 'string' },
    round: { type: 'string', default: 'all' },
    'notify-lead': { type: 'string' },
    rates: { type: 'string', default: '10,20,40' },
    seconds: { type: 'string', default: '120' },
  },
});
const sizes: Size[] = values.size === 'all' ? [...SIZES] : values.size.split(',').map((s) => {
  if (!(SIZES as readonly string[]).includes(s)) throw new Error(`--size must be one of ${SIZES.join(', ')} or all, not ${s}`);
  return s as Size;
});
const dir = join(repoRoot(), 'docs', 'benchmarks');
// A stray rejection from a client being closed must not hide the error that stopped the run.
process.on('unhandledRejection', (reason) => console.error('bench: unhandled rejection', reason));
const log = (line: string) => console.log(`bench ${new Date().toISOString().slice(11, 19)} ${line}`);
const rounds = values.round === 'all' ? ['core', 'notifications'] : values.round.split(',');
for (const r of rounds) if (r !== 'core' && r !== 'notifications' && r !== 'open') throw new Error(`--round must be core, notifications, open or all, not ${r}`);
let missed = false;
for (const size of sizes) {
  if (rounds.includes('notifications')) {
    const result = await runNotificationRound(size, {
      quiet: !values.verbose,
      shared: values.shared,
      log,
      ...(values['notify-lead'] ? { leadSeconds: Number(values['notify-lead']) } : {}),
    });
    const file = writeNotificationResult(dir, result);
    updateReadme(dir);
    log(`${size} notifications: wrote ${file}\n${describeNotifications(result)}`);
    if (result.targets.some((t) => !t.met)) missed = true;
  }
  if (rounds.includes('open')) {
    const rates = values.rates.split(',').map(Number);
    if (rates.some((r) => !(r > 0))) throw new Error(`--rates must be arrivals a second separated by commas, not ${values.rates}`);
    const result = await runOpenLoop(size, { quiet: !values.verbose, shared: values.shared, log, rates, seconds: Number(values.seconds) });
    const file = join(dir, `${result.startedAt.slice(0, 10)}-${size}-open-loop.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`${size} open loop: wrote ${file}\n${describeOpenLoop(result)}`);
    if (result.targets.some((t) => !t.met)) missed = true;
  }
  if (!rounds.includes('core')) continue;
  const result = await runSize(size, {
    quiet: !values.verbose,
    clients: Number(values.clients),
    reads: Number(values.reads),
    shared: values.shared,
    log,
    ...(values.profile ? { profileDir: join(dir, 'profiles', size) } : {}),
    ...(values.sample ? { sample: Number(values.sample) } : {}),
  });
  const file = writeResult(dir, result);
  updateReadme(dir);
  log(`${size}: wrote ${file}\n${describe(result)}`);
  if (result.targets.some((t) => !t.met)) missed = true;
}
if (missed) log('some targets were missed: see above and docs/benchmarks/README.md');
