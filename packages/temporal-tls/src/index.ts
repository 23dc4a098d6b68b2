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

/** Where the apps look for Temporal when no address is given, outside production: `npm start`'s server. */
export const DEV_TEMPORAL_ADDRESS = '127.0.0.1:7233';

/**
 * The variables every process that connects to Temporal reads besides the TLS files: the address
 * (required with NODE_ENV=production: no silent fallback to the dev server's), and an API key
 * (Temporal Cloud's, or a self-hosted cluster's authorizer), sent as `Authorization: Bearer …`.
 */
export const temporalEnv = {
  NODE_ENV: z.string().optional(),
  TEMPORAL_ADDRESS: z.string().trim().min(1).optional(),
  TEMPORAL_API_KEY: z.string().trim().min(1).optional(),
  ...temporalTlsEnv,
};

export interface TemporalSettings extends TemporalTlsSettings {
  readonly NODE_ENV?: string | undefined;
  readonly TEMPORAL_ADDRESS?: string | undefined;
  readonly TEMPORAL_API_KEY?: string | undefined;
}

/** A refinement for an env schema: in production the Temporal address is given, never assumed. */
export function temporalAddressGiven(env: TemporalSettings): boolean {
  return env.NODE_ENV !== 'production' || env.TEMPORAL_ADDRESS !== undefined;
}

export const TEMPORAL_ADDRESS_REQUIRED = {
  message: `TEMPORAL_ADDRESS must be given with NODE_ENV=production (host:port of the cluster's frontend); only outside production does it default to ${DEV_TEMPORAL_ADDRESS}`,
  path: ['TEMPORAL_ADDRESS'],
};

/** The address to connect to: the one given, else (outside production only) the dev server's. */
export function temporalAddressOf(env: TemporalSettings): string {
  if (!temporalAddressGiven(env)) throw new Error(TEMPORAL_ADDRESS_REQUIRED.message);
  return env.TEMPORAL_ADDRESS ?? DEV_TEMPORAL_ADDRESS;
}

export interface TemporalConnectionSettings {
  readonly address: string;
  /** Mutual TLS (the three files), server-only TLS with the system's CAs (`true`: an API key without files), or none. */
  readonly tls: TLSConfig | true | undefined;
  readonly apiKey?: string;
}

/**
 * What `Connection.connect` and `NativeConnection.connect` take for these settings. An API key is
 * never sent in plain text: with one and no certificate files the connection uses TLS checked
 * against the system's CAs (as Temporal Cloud's API-key endpoints expect).
 */
export function temporalConnectionOf(env: TemporalSettings): TemporalConnectionSettings {
  const address = temporalAddressOf(env);
  const mutual = temporalTls(env);
  if (env.TEMPORAL_API_KEY === undefined) return { address, tls: mutual };
  return { address, tls: mutual ?? true, apiKey: env.TEMPORAL_API_KEY };
}

/** An error saying which Temporal could not be reached (the address, never the key), with the cause. */
export function temporalUnreachable(address: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Error(`Cannot reach Temporal at ${address} (TEMPORAL_ADDRESS): ${reason}`, { cause });
}
