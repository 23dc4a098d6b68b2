import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { z } from 'zod';

/** What ClamAV said of a file: clean, or the name of the signature it matched. */
export type ScanVerdict = { readonly clean: true } | { readonly clean: false; readonly signature: string };

/** A file is scanned by a process of its own (clamscan, or the clamd daemon), never on the caller's event loop. */
export interface Scanner {
  readonly kind: 'clamscan' | 'clamd';
  /** The verdict, or a ScanFailedError when the scanner failed or took longer than its bound. */
  scan(bytes: Uint8Array): Promise<ScanVerdict>;
}

/** No verdict: the scanner could not be run, answered with an error, or ran out of time. The file stays unscanned. */
export class ScanFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScanFailedError';
  }
}

export const DEFAULT_SCAN_TIMEOUT_MS = 60_000;
/** Of a scanner's own words only this much is read (a verdict is one line). */
const MAX_ANSWER = 64 * 1024;

export interface ClamscanOptions {
  /** The signature folder (clamscan --database); unset: clamscan's own (freshclam's, /var/lib/clamav on Debian). */
  readonly databaseDir?: string;
  readonly timeoutMs?: number;
}

/**
 * clamscan, one process per file, the bytes on its standard input. It loads the signatures each time:
 * quick with the tests' one signature, many seconds with the full database, so a production host runs
 * clamd instead (clamdScanner).
 */
export function clamscanScanner(options: ClamscanOptions = {}): Scanner {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SCAN_TIMEOUT_MS;
  const args = ['--no-summary', '--stdout', '--infected', ...(options.databaseDir ? [`--database=${options.databaseDir}`] : []), '-'];
  return {
    kind: 'clamscan',
    scan: (bytes) =>
      new Promise<ScanVerdict>((resolve, reject) => {
        const child = spawn('clamscan', args, { stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new ScanFailedError(`clamscan gave no verdict within ${timeoutMs} ms`));
        }, timeoutMs);
        child.stdout.on('data', (chunk: Buffer) => void (out.length < MAX_ANSWER && (out += chunk.toString('utf8'))));
        child.stderr.on('data', (chunk: Buffer) => void (err.length < MAX_ANSWER && (err += chunk.toString('utf8'))));
        // clamscan may stop reading once it has a verdict; a broken pipe then is no failure.
        child.stdin.on('error', () => undefined);
        child.on('error', (error) => {
          clearTimeout(timer);
          reject(new ScanFailedError(`clamscan could not be run: ${error.message}`, { cause: error }));
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          if (code === 0) return resolve({ clean: true });
          const found = /^stdin: (.+) FOUND$/m.exec(out);
          if (code === 1 && found) return resolve({ clean: false, signature: found[1]! });
          reject(new ScanFailedError(`clamscan ended with ${code}: ${(err || out).trim().slice(0, 500)}`));
        });
        child.stdin.end(bytes);
      }),
  };
}

export interface ClamdOptions {
  /** clamd's LocalSocket (a path), or `tcp://host:port` for its TCPSocket. */
  readonly socket: string;
  readonly timeoutMs?: number;
}

/** INSTREAM sends the file in chunks, each after its length (4 bytes, big-endian); a length of 0 ends it. */
const CHUNK = 64 * 1024;

/**
 * clamd, the daemon that keeps the signatures loaded (and reloads them after freshclam), spoken to by
 * its INSTREAM command. Its StreamMaxLength (25 MB by default) must be above the largest attachment.
 */
export function clamdScanner(options: ClamdOptions): Scanner {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SCAN_TIMEOUT_MS;
  const tcp = /^tcp:\/\/([^:/]+):(\d+)$/.exec(options.socket);
  const open = (): Socket => (tcp ? connect(Number(tcp[2]), tcp[1]) : connect(options.socket));
  return {
    kind: 'clamd',
    scan: (bytes) =>
      new Promise<ScanVerdict>((resolve, reject) => {
        const socket = open();
        let answer = '';
        const fail = (error: ScanFailedError) => {
          socket.destroy();
          reject(error);
        };
        const timer = setTimeout(() => fail(new ScanFailedError(`clamd gave no verdict within ${timeoutMs} ms`)), timeoutMs);
        socket.on('error', (error) => {
          clearTimeout(timer);
          fail(new ScanFailedError(`clamd could not be reached at ${options.socket}: ${error.message}`, { cause: error }));
        });
        socket.on('data', (chunk: Buffer) => {
          answer += chunk.toString('utf8');
          if (answer.length > MAX_ANSWER) fail(new ScanFailedError('clamd answered more than a verdict'));
        });
        socket.on('end', () => {
          clearTimeout(timer);
          const line = answer.replace(/\0/g, '').trim();
          if (line === 'stream: OK') return resolve({ clean: true });
          const found = /^stream: (.+) FOUND$/.exec(line);
          if (found) return resolve({ clean: false, signature: found[1]! });
          fail(new ScanFailedError(`clamd answered: ${line.slice(0, 500)}`));
        });
        socket.on('connect', () => {
          socket.write('zINSTREAM\0');
          for (let start = 0; start < bytes.length; start += CHUNK) {
            const part = bytes.subarray(start, start + CHUNK);
            const length = Buffer.alloc(4);
            length.writeUInt32BE(part.length);
            socket.write(length);
            socket.write(part);
          }
          socket.write(Buffer.alloc(4));
        });
      }),
  };
}

/** The variables that choose the scanner, for a process's own zod schema. */
export const SCANNER_ENV = {
  /** clamd's socket (a path, or tcp://host:port): the production choice. */
  CLAMAV_SOCKET: z.string().min(1).optional(),
  /** Without CLAMAV_SOCKET: the signature folder clamscan reads; unset, clamscan's own. */
  CLAMAV_DATABASE_DIR: z.string().min(1).optional(),
  CLAMAV_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(DEFAULT_SCAN_TIMEOUT_MS / 1000),
} as const;

export type ScannerEnv = z.output<z.ZodObject<typeof SCANNER_ENV>>;

export function scannerFromEnv(env: ScannerEnv): Scanner {
  const timeoutMs = env.CLAMAV_TIMEOUT_SECONDS * 1000;
  if (env.CLAMAV_SOCKET) return clamdScanner({ socket: env.CLAMAV_SOCKET, timeoutMs });
  return clamscanScanner({ ...(env.CLAMAV_DATABASE_DIR ? { databaseDir: env.CLAMAV_DATABASE_DIR } : {}), timeoutMs });
}
