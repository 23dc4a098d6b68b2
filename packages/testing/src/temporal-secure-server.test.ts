import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { Client, Connection } from '@temporalio/client';
import { temporalTls } from '@chidao/temporal-tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './processes';
import { startTemporalSecureServer, type TemporalSecureServer } from './temporal-secure-server';

// The Temporal server `npm start` runs (tools/temporal-server, as apps/devstack's stack starts it):
// a client without the installation's client certificate is refused, one with it works.

let dir: string;
let server: TemporalSecureServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chidao-temporal-tls-'));
  server = await startTemporalSecureServer({ port: await freePort(), tlsDir: join(dir, 'tls'), dataDir: join(dir, 'temporal'), quiet: true });
}, 120_000);

afterAll(async () => {
  await server?.process.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Connects and asks the server something, within a few seconds; resolves with the error, if any. */
async function attempt(options: Parameters<typeof Connection.connect>[0]): Promise<Error | null> {
  try {
    const connection = await Connection.connect({ ...options, connectTimeout: 3_000 });
    try {
      await connection.withDeadline(Date.now() + 3_000, () => connection.workflowService.describeNamespace({ namespace: 'default' }));
      return null;
    } finally {
      await connection.close();
    }
  } catch (error) {
    return error as Error;
  }
}

/**
 * A TLS handshake with the frontend and a first read, at the socket: gRPC only says "Failed to
 * connect before the deadline", this says why (the server's alert), or 'open' when it is accepted.
 */
async function handshake(options: ConnectionOptions): Promise<string> {
  const [host, port] = server.address.split(':');
  return new Promise((resolve) => {
    const socket = tlsConnect({ host, port: Number(port), servername: 'localhost', ALPNProtocols: ['h2'], ...options });
    const done = (result: string) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    // In TLS 1.3 the server checks the client's certificate after the client considers the handshake
    // done: its verdict arrives with the first read (the server's HTTP/2 settings, or an alert).
    socket.once('data', () => done('open'));
    socket.once('end', () => done('closed'));
  });
}

describe('the Temporal server npm start runs', () => {
  it('keeps its keys to this user: mode 600 in a folder of mode 700, and its SQLite file in a folder of mode 700', () => {
    expect(statSync(join(dir, 'tls')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'temporal')).mode & 0o777).toBe(0o700);
    const keys = readdirSync(join(dir, 'tls')).filter((f) => f.endsWith('-key.pem'));
    expect(keys.sort()).toEqual(['ca-key.pem', 'client-key.pem', 'server-key.pem']);
    for (const key of keys) expect(statSync(join(dir, 'tls', key)).mode & 0o777).toBe(0o600);
  });

  it('refuses a client without TLS', async () => {
    expect(await attempt({ address: server.address })).toBeInstanceOf(Error);
  }, 30_000);

  it('refuses a client that checks the server but presents no certificate', async () => {
    const tls = temporalTls(server.tlsEnv)!;
    const error = await attempt({ address: server.address, tls: { serverRootCACertificate: tls.serverRootCACertificate!, serverNameOverride: 'localhost' } });
    expect(error).toBeInstanceOf(Error);
    expect(await handshake({ ca: readFileSync(server.tlsEnv.TEMPORAL_TLS_CA) })).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
  }, 30_000);

  it('refuses a client certificate of another CA', async () => {
    const other = await startTemporalSecureServer({ port: await freePort(), tlsDir: join(dir, 'other-tls'), quiet: true });
    try {
      const mine = temporalTls(server.tlsEnv)!;
      const theirs = temporalTls(other.tlsEnv)!;
      expect(await attempt({ address: server.address, tls: { ...mine, clientCertPair: theirs.clientCertPair! } })).toBeInstanceOf(Error);
      const ca = readFileSync(server.tlsEnv.TEMPORAL_TLS_CA);
      const theirPair = { cert: readFileSync(other.tlsEnv.TEMPORAL_TLS_CERT), key: readFileSync(other.tlsEnv.TEMPORAL_TLS_KEY) };
      expect(await handshake({ ca, ...theirPair })).toMatch(/ALERT_(UNKNOWN_CA|BAD_CERTIFICATE)/);
      // The same socket-level check with the installation's own certificate is let in.
      const myPair = { cert: readFileSync(server.tlsEnv.TEMPORAL_TLS_CERT), key: readFileSync(server.tlsEnv.TEMPORAL_TLS_KEY) };
      expect(await handshake({ ca, ...myPair })).toBe('open');
    } finally {
      await other.process.stop();
    }
  }, 120_000);

  it('lets a client with the certificate start and describe a workflow', async () => {
    const connection = await Connection.connect({ address: server.address, tls: temporalTls(server.tlsEnv) });
    try {
      const client = new Client({ connection, namespace: 'default' });
      // Nobody polls this queue: the workflow stays running, which is all this needs.
      const handle = await client.workflow.start('noSuchWorkflow', { taskQueue: 'tls-test', workflowId: 'tls-test-1' });
      const description = await handle.describe();
      expect(description.workflowId).toBe('tls-test-1');
      expect(description.status.name).toBe('RUNNING');
      await handle.terminate('test over');
    } finally {
      await connection.close();
    }
  }, 60_000);
});
