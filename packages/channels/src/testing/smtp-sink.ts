import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Recorder } from './recorder';

/**
 * A real SMTP server on the loopback that keeps what it receives, for tests, the demo's mailbox and
 * the chaos run (stop it, send, start it again on the same port).
 */

export interface ReceivedEmail {
  /** 1, 2, 3… in order of arrival. */
  readonly id: number;
  readonly messageId: string | null;
  readonly from: string;
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly headers: ReadonlyMap<string, unknown>;
  readonly receivedAt: Date;
}

export interface SmtpSinkOptions {
  /** 0 (the default) takes a free port; `start()` after `stop()` reuses the one it got. */
  readonly port?: number;
  readonly host?: string;
  /** Larger messages are refused with 552. Default 1 MiB: a notice is a few kB. */
  readonly maxMessageBytes?: number;
  /** Keep at most this many messages (the oldest go first). Default 10 000. */
  readonly keep?: number;
  /** When set, clients must log in with this user and password (AUTH PLAIN/LOGIN). */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Recipients this returns true for are refused with 550 at RCPT TO ("no such user"). */
  readonly rejectRecipient?: (address: string) => boolean;
  /**
   * Answers each RCPT TO this many milliseconds late: a slow relay, so that a fault test's kill lands
   * while messages are in flight (before the message is sent, never between its acceptance and the reply).
   */
  readonly latencyMs?: number;
}

export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  /** smtp://host:port, for createEmailChannel and SMTP_URL (with the credentials when auth is on). */
  readonly url: string;
  readonly messages: readonly ReceivedEmail[];
  readonly counts: { readonly received: number; readonly refused: number; readonly connections: number };
  waitFor(predicate?: (message: ReceivedEmail) => boolean, timeoutMs?: number): Promise<ReceivedEmail>;
  /** The next `n` messages are answered `code` at RCPT TO (4xx: try later; 5xx: refused). */
  failNext(n: number, code: number): void;
  /** Forgets what was received so far (counts stay: they are totals). */
  clear(): void;
  readonly running: boolean;
  /** Listens again, on the same port. */
  start(): Promise<void>;
  /** Stops listening and drops open connections (as a crashed relay would). */
  stop(): Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const maxBytes = options.maxMessageBytes ?? 1024 * 1024;
  const keep = options.keep ?? 10_000;
  const recorder = new Recorder<ReceivedEmail>('e-mail', (m) => `#${m.id} to ${m.to.join(', ')}: ${m.subject}`, keep);
  const counts = { received: 0, refused: 0, connections: 0 };
  let failures: { left: number; code: number } = { left: 0, code: 0 };
  let nextId = 1;
  let port = options.port ?? 0;
  let server: SMTPServer | null = null;

  function refusal(code: number, text: string): Error {
    counts.refused += 1;
    return Object.assign(new Error(text), { responseCode: code });
  }

  function rcptTo(address: { address: string }, callback: (error?: Error | null) => void): void {
    if (failures.left > 0) {
      failures = { left: failures.left - 1, code: failures.code };
      return callback(refusal(failures.code, failures.code < 500 ? 'Try again later' : 'Refused'));
    }
    if (options.rejectRecipient?.(address.address)) return callback(refusal(550, `5.1.1 <${address.address}>: no such user`));
    callback();
  }

  function create(): SMTPServer {
    return new SMTPServer({
      name: 'chidao-smtp-sink',
      banner: 'chidao test sink',
      logger: false,
      // Plain text on the loopback: no certificate to make, nothing to protect.
      disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: true,
      authOptional: options.auth === undefined,
      size: maxBytes,
      // A stopped sink drops its clients at once instead of waiting for them to say QUIT.
      closeTimeout: 50,
      onConnect(_session, callback) {
        counts.connections += 1;
        callback();
      },
      onAuth(auth, _session, callback) {
        if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
        return callback(refusal(535, 'Authentication failed'));
      },
      onRcptTo(address, _session, callback) {
        if (options.latencyMs) {
          setTimeout(() => rcptTo(address, callback), options.latencyMs);
          return;
        }
        rcptTo(address, callback);
      },
      onData(stream, session, callback) {
        simpleParser(stream, { skipImageLinks: true })
          .then((parsed) => {
            if (stream.sizeExceeded) return callback(refusal(552, `Message exceeds the limit of ${maxBytes} bytes`));
            const to = session.envelope.rcptTo.map((r) => r.address);
            recorder.add({
              id: nextId++,
              messageId: parsed.messageId ?? null,
              from: addressText(parsed.from) ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
              to,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              headers: parsed.headers,
              receivedAt: new Date(),
            });
            counts.received += 1;
            callback(null, `Queued as ${nextId - 1}`);
          })
          .catch((error: unknown) => callback(refusal(451, `Could not read the message: ${String(error)}`)));
      },
    });
  }

  async function start(): Promise<void> {
    if (server) return;
    const s = create();
    // A client that disconnects mid-message is not the sink's failure.
    s.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(port, host, () => {
        s.server.off('error', reject);
        resolve();
      });
    });
    port = (s.server.address() as AddressInfo).port;
    server = s;
  }

  async function stop(): Promise<void> {
    const s = server;
    if (!s) return;
    server = null;
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  await start();
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';
  return {
    host,
    get port() {
      return port;
    },
    get url() {
      return `smtp://${credentials}${host}:${port}`;
    },
    get messages() {
      return recorder.items;
    },
    counts,
    waitFor: (predicate, timeoutMs) => recorder.waitFor(predicate, timeoutMs),
    clear: () => recorder.clear(),
    failNext(n, code) {
      failures = { left: n, code };
    },
    get running() {
      return server !== null;
    },
    start,
    stop,
  };
}

function addressText(from: AddressObject | AddressObject[] | undefined): string | null {
  const first = Array.isArray(from) ? from[0] : from;
  return first?.text ?? null;
}
