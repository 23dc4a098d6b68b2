import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// ClamAV for tests: the real engine with a signature database of the tests' own, since freshclam's
// cannot be fetched here. Its one signature matches the EICAR test file, the string every antivirus
// engine answers as if it were malware, anywhere in a file.

/** The EICAR test file (built from parts, so this source file is no EICAR file itself). */
export function eicar(): Uint8Array {
  return new TextEncoder().encode(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''));
}

export const EICAR_SIGNATURE = 'Chidao.Test.EICAR';

/** A folder holding one ClamAV body signature (an .ndb line: name, any file type, any offset, hex). */
export function eicarDatabase(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'chidao-clamav-'));
  writeFileSync(join(dir, 'chidao-test.ndb'), `${EICAR_SIGNATURE}:0:*:${Buffer.from(eicar()).toString('hex')}\n`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const client = connect(socket);
    let said = '';
    client.on('data', (chunk) => (said += chunk.toString()));
    client.on('end', () => resolve(said.includes('PONG')));
    client.on('error', () => resolve(false));
    client.on('connect', () => client.write('zPING\0'));
  });
}

/** clamd on a socket of its own with the EICAR database, as a production host runs it with freshclam's. */
export async function startClamd(databaseDir: string): Promise<{ socket: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'chidao-clamd-'));
  const socket = join(dir, 'clamd.sock');
  const config = join(dir, 'clamd.conf');
  writeFileSync(
    config,
    [`LocalSocket ${socket}`, `DatabaseDirectory ${databaseDir}`, 'Foreground yes', `PidFile ${join(dir, 'clamd.pid')}`, 'LogFile /dev/null', 'StreamMaxLength 30M', ''].join('\n'),
  );
  const child: ChildProcess = spawn('clamd', ['--config-file', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`clamd ended with ${child.exitCode}: ${err}`);
    if (await answers(socket)) return { socket, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`clamd did not answer on ${socket} within a minute: ${err}`);
}
