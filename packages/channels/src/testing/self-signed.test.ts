import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from './self-signed';

describe('the test servers’ self-signed certificate', () => {
  // A random serial starts with a zero byte one time in 256: written as it came, OpenSSL refused the
  // certificate ("illegal padding") and a push receiver failed to start about once in 512 runs.
  it.each([
    ['starts with zero bytes', Buffer.from([0, 0, 0x12, 0x34])],
    ['starts with a zero byte before a high bit', Buffer.from([0, 0x92, 0x34])],
    ['has its high bit set', Buffer.from([0xff, 0x01])],
    ['is all zero', Buffer.from([0, 0, 0])],
  ])('is accepted by OpenSSL whatever its serial: one that %s', (_, serial) => {
    const { cert, key } = selfSignedCertificate('chidao test', serial);
    const parsed = new X509Certificate(cert);
    expect(BigInt(`0x${parsed.serialNumber}`)).toBe(BigInt(`0x${serial.toString('hex') || '0'}`));
    expect(parsed.subjectAltName).toContain('127.0.0.1');
    expect(() => createServer({ cert, key }).close()).not.toThrow();
  });
});
