import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalBinaries } from './binaries';
import { startProcess, waitFor, type Managed } from './processes';

export interface TemporalDevServer {
  readonly address: string;
  readonly uiUrl: string | null;
  readonly process: Managed;
}

/**
 * `temporal server start-dev` with its state in a SQLite file (write-ahead log), so a restart keeps
 * every running directive; without `dataDir` it keeps state in memory (tests).
 */
export async function startTemporalDevServer(options: {
  port: number;
  uiPort: number | null;
  dataDir?: string;
  quiet?: boolean;
}): Promise<TemporalDevServer> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'error'];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('--db-filename', join(options.dataDir, 'temporal.sqlite'));
    // Write-ahead log, synced at checkpoints rather than on every commit: about three times the
    // workflow throughput of SQLite's defaults here (docs/benchmarks). A crash of the process loses
    // nothing; a power cut may lose the last moments, acceptable for the embedded default. A page
    // cache of up to 256 MiB (SQLite's default is 2 MiB) keeps the histories that evicted workflows
    // are replayed from in memory (grown as used).
    args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=1', '--sqlite-pragma', 'cache_size=-262144');
  }
  // The dev server re-reads the search attribute definitions from its database on every use unless
  // told otherwise (so that one just added applies at once): under load, about ten reads per
  // acknowledgement on its one SQLite connection (docs/benchmarks). We add none, so the cache
  // (refreshed each minute) is right.
  args.push('--dynamic-config-value', 'system.forceSearchAttributesCacheRefreshOnRead=false');
  if (options.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1');
  // Go's collector at GOGC=800 instead of 100: fewer collections for a few hundred MiB more, about
  // a sixth of the server's CPU per acknowledgement at national size (docs/benchmarks).
  const env = { GOGC: process.env.GOGC ?? '800' };
  const server = startProcess('temporal', temporalBinaries().cli, args, { quiet: options.quiet ?? false, env });
  const address = `127.0.0.1:${options.port}`;
  await waitFor(
    'the Temporal dev server',
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return true;
      } finally {
        await connection.close();
      }
    },
    { exited: server.exited },
  );
  return { address, uiUrl: options.uiPort === null ? null : `http://127.0.0.1:${options.uiPort}`, process: server };
}
