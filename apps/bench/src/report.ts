import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NotificationRoundResult } from './notifications';
import type { SizeResult } from './run';

const BEGIN = '<!-- results:begin (written by npm run bench) -->';
const END = '<!-- results:end -->';
const NOTIFY_BEGIN = '<!-- notification-results:begin (written by npm run bench) -->';
const NOTIFY_END = '<!-- notification-results:end -->';

/** docs/benchmarks/<yyyy-mm-dd>-<size>-notifications.json: the notification round, the latest run of a day wins. */
export function writeNotificationResult(dir: string, result: NotificationRoundResult): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.startedAt.slice(0, 10)}-${result.size}-notifications.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function readNotificationResults(dir: string): NotificationRoundResult[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-\d{2}-\d{2}-[a-z0-9]+-notifications\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as NotificationRoundResult);
}

/** The Markdown table of the notification rounds, newest first. */
export function notificationTable(results: readonly NotificationRoundResult[]): string {
  const rows = [...results].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const lines = [
    '| Run | Size | Communes | Fan-out s (done before the reminders?) | Reminder events | E-mail received / distinct / expected | Push received / distinct / expected | Duplicates | Lost | First event → first / last delivery s | Messages/s overall (e-mail; push) / once sending | Retried deliveries | SMTP connections | Load at start → end | Targets |',
    '| --- | --- | ---: | --- | ---: | --- | --- | ---: | ---: | --- | --- | ---: | ---: | --- | --- |',
  ];
  for (const r of rows) {
    const missed = r.targets.filter((t) => !t.met).map((t) => t.name);
    lines.push(
      `| ${[
        r.startedAt.slice(0, 16).replace('T', ' '),
        r.size,
        r.units.communes,
        `${r.fanoutSeconds} (${r.fanoutDoneBeforeReminder ? 'yes' : 'no'})`,
        r.reminderEvents,
        `${r.arrived.email.received} / ${r.arrived.email.distinct} / ${r.expected.email}`,
        `${r.arrived.push.received} / ${r.arrived.push.distinct} / ${r.expected.push}`,
        r.arrived.email.duplicates + r.arrived.push.duplicates,
        r.arrived.email.lost + r.arrived.push.lost,
        `${r.firstEventToFirstDeliverySeconds ?? '?'} / ${r.firstEventToLastDeliverySeconds}`,
        `${r.perSecond} (${r.perSecondByChannel.email}; ${r.perSecondByChannel.push}) / ${r.sendingPerSecond ?? '?'}`,
        r.retriedDeliveries,
        r.smtpConnections,
        `${r.machine.loadAverageAtStart.join(' ')} → ${r.machine.loadAverageAtEnd.join(' ')}${r.machine.sharedMachine ? ' (shared)' : ''}`,
        missed.length === 0 ? 'all met' : `missed: ${missed.join('; ')}`,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

export function describeNotifications(result: NotificationRoundResult): string {
  return result.targets.map((t) => `  ${mark(t.met)}: ${t.name} — ${t.detail}`).join('\n');
}

/** docs/benchmarks/<yyyy-mm-dd>-<size>.json: one file per size and day, the latest run of the day wins. */
export function writeResult(dir: string, result: SizeResult): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.startedAt.slice(0, 10)}-${result.size}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

const mib = (b: number | null) => (b === null ? '?' : String(Math.round(b / 1024 / 1024)));
const mark = (met: boolean) => (met ? 'met' : '**MISSED**');

/** The Markdown table of every result in `dir`, newest first. */
export function resultsTable(results: readonly SizeResult[]): string {
  const rows = [...results].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const lines = [
    '| Run | Size | Assignments | Fan-out s | Ceiling s | Ratio | Ack/s | Ack p50 / p95 / p99 ms | Ack errors | Ack DB / Temporal / audit | Rollup p50 / p95 ms (national; province) | Reports reflected s | RSS worker / API MiB | Load at start | Host ref ms | Targets |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- | ---: | --- | --- | ---: | --- |',
  ];
  for (const r of rows) {
    const missed = r.targets.filter((t) => !t.met).map((t) => t.name);
    lines.push(
      [
        r.startedAt.slice(0, 16).replace('T', ' '),
        r.size,
        r.units.assignments,
        r.fanout.seconds,
        r.fanout.ceilingSeconds,
        `×${r.fanout.ratio}`,
        r.acknowledge.perSecond,
        `${r.acknowledge.latencyMs.p50} / ${r.acknowledge.latencyMs.p95} / ${r.acknowledge.latencyMs.p99}`,
        r.acknowledge.errors,
        `${r.acknowledge.database} / ${r.acknowledge.temporal} / ${r.acknowledge.audited} of ${r.burstCommunes ?? r.units.communes}${(r.burstCommunes ?? r.units.communes) < r.units.communes ? ` (sample of ${r.units.communes})` : ''}`,
        `${r.rollup.national.rollupMs.p50} / ${r.rollup.national.rollupMs.p95}; ${r.rollup.province.rollupMs.p50} / ${r.rollup.province.rollupMs.p95}`,
        Number.isNaN(r.reports.reflectedSeconds) ? `not reached (${r.reports.reflected})` : r.reports.reflectedSeconds,
        `${mib(r.peakRssBytes.worker)} / ${mib(r.peakRssBytes.server)}`,
        `${r.machine.loadAverageAtStart.join(' ')}${r.machine.sharedMachine ? ' (shared)' : ''}`,
        r.machine.speedReferenceMs ?? '–',
        missed.length === 0 ? 'all met' : `missed: ${missed.join('; ')}`,
      ].join(' | ').replace(/^/, '| ').concat(' |'),
    );
  }
  return lines.join('\n');
}

export function readResults(dir: string): SizeResult[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-\d{2}-\d{2}-[a-z0-9]+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as SizeResult);
}

/** Rewrites the results section of docs/benchmarks/README.md, leaving the prose around it. */
export function updateReadme(dir: string): void {
  const file = join(dir, 'README.md');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  }
  const results = readResults(dir);
  const machines = [...new Set(results.map((r) => `${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.temporal.split('\n')[0]}, PostgreSQL ${r.machine.postgres}`))];
  const section = [BEGIN, '', resultsTable(results), '', ...machines.map((m) => `Machine: ${m}.`), '', END].join('\n');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  text = start >= 0 && end > start ? text.slice(0, start) + section + text.slice(end + END.length) : `${text.trimEnd()}\n\n${section}\n`;
  const notifications = readNotificationResults(dir);
  if (notifications.length > 0) {
    const notifySection = [NOTIFY_BEGIN, '', notificationTable(notifications), '', NOTIFY_END].join('\n');
    const a = text.indexOf(NOTIFY_BEGIN);
    const b = text.indexOf(NOTIFY_END);
    text = a >= 0 && b > a ? text.slice(0, a) + notifySection + text.slice(b + NOTIFY_END.length) : `${text.trimEnd()}\n\n${notifySection}\n`;
  }
  writeFileSync(file, text);
}

export function describe(result: SizeResult): string {
  return result.targets.map((t) => `  ${mark(t.met)}: ${t.name} — ${t.detail}`).join('\n');
}
