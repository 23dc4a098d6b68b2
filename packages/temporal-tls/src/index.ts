import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';

/**
 * The variables every process that connects to Temporal reads (the worker, the API server, the
 * reconcile command): files in PEM. With all three set it connects over mutual TLS, checking the
 * server's certificate against TEMPORAL_TLS_CA and presenting TEMPORAL_TLS_CERT; with none it
 * connects in plain text (a Temporal server that needs no certificate: the tests' throwaway ones).
 * `npm start` sets them to the files in .data/temporal/tls.
 */
export const temporalTlsEnv = {
  TEMPORAL_TLS_CA: z.string().min(1).optional(),
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  /** The name the server's certificate is checked for (`localhost` is in the one `npm start` makes). */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
};

export interface TemporalTlsSettings {
  readonly TEMPORAL_TLS_CA?: string | undefined;
  readonly TEMPORAL_TLS_CERT?: string | undefined;
  readonly TEMPORAL_TLS_KEY?: string | undefined;
  readonly TEMPORAL_TLS_SERVER_NAME?: string | undefined;
}

/** A refinement for an env schema: the three files go together. */
export function tlsFilesTogether(env: TemporalTlsSettings): boolean {
  const set = [env.TEMPORAL_TLS_CA, env.TEMPORAL_TLS_CERT, env.TEMPORAL_TLS_KEY].filter((v) => v !== undefined).length;
  return set === 0 || set === 3;
}

export const TLS_FILES_TOGETHER = {
  message: 'TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: set all three (mutual TLS) or none',
  path: ['TEMPORAL_TLS_CA'],
};

/** The connection's `tls` option for these settings: undefined (plain text) when none is set. */
export function temporalTls(env: TemporalTlsSettings): TLSConfig | undefined {
  if (!tlsFilesTogether(env)) throw new Error(TLS_FILES_TOGETHER.message);
  if (env.TEMPORAL_TLS_CA === undefined || env.TEMPORAL_TLS_CERT === undefined || env.TEMPORAL_TLS_KEY === undefined) return undefined;
  return {
    serverRootCACertificate: readFileSync(env.TEMPORAL_TLS_CA),
    clientCertPair: { crt: readFileSync(env.TEMPORAL_TLS_CERT), key: readFileSync(env.TEMPORAL_TLS_KEY) },
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
}

/** The files `temporal-server certs` makes in a folder (tools/temporal-server/certs.go). */
export function tlsFiles(dir: string): { ca: string; serverCert: string; cert: string; key: string } {
  return { ca: `${dir}/ca.pem`, serverCert: `${dir}/server.pem`, cert: `${dir}/client.pem`, key: `${dir}/client-key.pem` };
}

export type TemporalTlsEnv = Record<'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_SERVER_NAME', string>;

/**
 * The TEMPORAL_TLS_* variables for a process that connects to the embedded server with the client
 * certificate in `dir`: its certificate is checked for `localhost` (Node's TLS refuses an IP
 * address as the name to check, and the address is 127.0.0.1).
 */
export function tlsEnv(dir: string): TemporalTlsEnv {
  const files = tlsFiles(dir);
  return { TEMPORAL_TLS_CA: files.ca, TEMPORAL_TLS_CERT: files.cert, TEMPORAL_TLS_KEY: files.key, TEMPORAL_TLS_SERVER_NAME: 'localhost' };
}
