import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { temporalConnectionOf, temporalTls, temporalUnreachable, tlsEnv, tlsFilesTogether } from './index';

const dir = mkdtempSync(join(tmpdir(), 'chidao-tls-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TEMPORAL_TLS_*', () => {
  it('go together: all three files or none', () => {
    expect(tlsFilesTogether({})).toBe(true);
    expect(tlsFilesTogether({ TEMPORAL_TLS_CA: 'a', TEMPORAL_TLS_CERT: 'b', TEMPORAL_TLS_KEY: 'c' })).toBe(true);
    expect(tlsFilesTogether({ TEMPORAL_TLS_CA: 'a' })).toBe(false);
    expect(tlsFilesTogether({ TEMPORAL_TLS_CERT: 'b', TEMPORAL_TLS_KEY: 'c' })).toBe(false);
    expect(() => temporalTls({ TEMPORAL_TLS_CERT: 'b' })).toThrow(/go together/);
  });

  it('mean plain text when none is set', () => {
    expect(temporalTls({})).toBeUndefined();
  });

  it('are read into the connection options', () => {
    for (const [file, text] of [['ca.pem', 'CA'], ['client.pem', 'CERT'], ['client-key.pem', 'KEY']]) writeFileSync(join(dir, file!), text!);
    const tls = temporalTls(tlsEnv(dir))!;
    expect(tls.serverRootCACertificate?.toString()).toBe('CA');
    expect(tls.clientCertPair?.crt.toString()).toBe('CERT');
    expect(tls.clientCertPair?.key.toString()).toBe('KEY');
    expect(tls.serverNameOverride).toBe('localhost');
  });
});

describe('the connection to Temporal', () => {
  it('falls back to the dev server only outside production, and says which variable is missing in it', () => {
    expect(temporalConnectionOf({}).address).toBe('127.0.0.1:7233');
    expect(() => temporalConnectionOf({ NODE_ENV: 'production' })).toThrow(/TEMPORAL_ADDRESS must be given with NODE_ENV=production/);
    expect(temporalConnectionOf({ NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal.example:7233' }).address).toBe('temporal.example:7233');
  });

  it('sends an API key only over TLS: the system CAs without files, mutual TLS with them', () => {
    expect(temporalConnectionOf({ TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233' })).toEqual({ address: 'ns.tmprl.cloud:7233', tls: undefined });
    expect(temporalConnectionOf({ TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233', TEMPORAL_API_KEY: 'k' })).toEqual({ address: 'ns.tmprl.cloud:7233', tls: true, apiKey: 'k' });
    for (const [file, text] of [['ca.pem', 'CA'], ['client.pem', 'CERT'], ['client-key.pem', 'KEY']]) writeFileSync(join(dir, file!), text!);
    const both = temporalConnectionOf({ TEMPORAL_API_KEY: 'k', ...tlsEnv(dir) });
    expect(both.apiKey).toBe('k');
    expect(typeof both.tls === 'object' && both.tls.clientCertPair?.crt.toString()).toBe('CERT');
  });

  it('names the address it could not reach, never the key', () => {
    const error = temporalUnreachable('temporal.example:7233', new Error('14 UNAVAILABLE: connection refused'));
    expect(error.message).toBe('Cannot reach Temporal at temporal.example:7233 (TEMPORAL_ADDRESS): 14 UNAVAILABLE: connection refused');
  });
});
