import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clamdScanner, clamscanScanner, ScanFailedError, type Scanner } from './scan';
import { eicar, EICAR_SIGNATURE, eicarDatabase, startClamd } from './testing';

// The real ClamAV engine (Debian's clamav and clamav-daemon) with the tests' own signature database.

const database = eicarDatabase();
let clamd: Awaited<ReturnType<typeof startClamd>>;
beforeAll(async () => {
  clamd = await startClamd(database.dir);
}, 120_000);
afterAll(async () => {
  await clamd?.stop();
  database.remove();
});

const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('ảnh trụ sở xã')]);
const scanners: Record<string, () => Scanner> = {
  clamscan: () => clamscanScanner({ databaseDir: database.dir }),
  clamd: () => clamdScanner({ socket: clamd.socket }),
};

describe.each(Object.keys(scanners))('%s', (kind) => {
  it('finds a clean file clean', async () => {
    expect(await scanners[kind]!().scan(photo)).toEqual({ clean: true });
  });

  it('finds the EICAR test file, alone or inside other bytes, and names its signature', async () => {
    const scanner = scanners[kind]!();
    expect(await scanner.scan(eicar())).toEqual({ clean: false, signature: `${EICAR_SIGNATURE}.UNOFFICIAL` });
    const inside = new Uint8Array([...photo, ...eicar(), ...photo]);
    expect((await scanner.scan(inside)).clean).toBe(false);
  });

  it('scans a file larger than one chunk whole, up to its last bytes', async () => {
    const large = new Uint8Array(3 * 1024 * 1024 + 17);
    large.set(eicar(), large.length - eicar().length);
    expect((await scanners[kind]!().scan(large)).clean).toBe(false);
  });
});

describe('a scanner that gives no verdict', () => {
  it('is a ScanFailedError, never a clean verdict: a database folder with no signatures, clamd not listening', async () => {
    const empty = eicarDatabase();
    empty.remove();
    await expect(clamscanScanner({ databaseDir: empty.dir }).scan(photo)).rejects.toThrow(ScanFailedError);
    await expect(clamdScanner({ socket: `${clamd.socket}.missing` }).scan(photo)).rejects.toThrow(ScanFailedError);
  });

  it('is a ScanFailedError when it takes longer than its bound, and the process is ended', async () => {
    await expect(clamscanScanner({ databaseDir: database.dir, timeoutMs: 1 }).scan(photo)).rejects.toThrow(/no verdict within 1 ms/);
  });
});
