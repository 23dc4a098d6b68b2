import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { temporalTls, tlsEnv, tlsFilesTogether } from './index';

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
