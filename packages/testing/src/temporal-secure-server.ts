import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalTls, tlsEnv, type TemporalTlsEnv } from '@chidao/temporal-tls';
import { repoRoot } from './binaries';
import { startProcess, waitFor, type Managed } from './processes';

export interface TemporalSecureServer {
  readonly address: string;
  /** The client certificate's TEMPORAL_TLS_* variables, for the worker, the server and the reconcile command. */
  readonly tlsEnv: TemporalTlsEnv;
  readonly process: Managed;
}

/** The server `npm start` runs (tools/temporal-server), which the bootstrap builds into .tools. */
export function temporalServerBinary(): string {
  const path = join(repoRoot(), '.tools', 'temporal-server', 'temporal-server');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run bootstrap\` (or npm start) first`);
  return path;
}

/**
 * Temporal as `npm start` runs it: the dev server's single process and SQLite file, but every port
 * requires mutual TLS with certificates of a CA made for this installation (in `tlsDir`, made on
 * first start: keys with mode 600 in a folder of mode 700). No Web UI, no HTTP API. Without
 * `dataDir` it keeps state in memory.
 */
export async function startTemporalSecureServer(options: {
  port: number;
  tlsDir: string;
  dataDir?: string;
  quiet?: boolean;
}): Promise<TemporalSecureServer> {
  const binary = temporalServerBinary();
  // Made before the server starts so that the first connection below can present them.
  execFileSync(binary, ['certs', '--dir', options.tlsDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const args = ['start', '--ip', '127.0.0.1', '--port', String(options.port), '--tls-dir', options.tlsDir, '--log-level', 'error'];
  if (options.dataDir) {
    // The histories hold every directive's content: for this user only, like PostgreSQL's folder.
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(options.dataDir, 0o700);
    args.push('--db-filename', join(options.dataDir, 'temporal.sqlite'));
    // As the dev server had them (temporal-dev-server.ts, docs/benchmarks): write-ahead log synced at
    // checkpoints, a page cache of up to 256 MiB.
    args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=1', '--sqlite-pragma', 'cache_size=-262144');
  }
  args.push('--dynamic-config-value', 'system.forceSearchAttributesCacheRefreshOnRead=false');
  const server = startProcess('temporal', binary, args, { quiet: options.quiet ?? false, env: { GOGC: process.env.GOGC ?? '800' } });
  const address = `127.0.0.1:${options.port}`;
  const env = tlsEnv(options.tlsDir);
  const tls = temporalTls(env);
  await waitFor(
    'the Temporal server',
    async () => {
      const connection = await Connection.connect({ address, tls, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return true;
      } finally {
        await connection.close();
      }
    },
    { exited: server.exited },
  );
  return { address, tlsEnv: env, process: server };
}
