import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';

type Server = NetServer & { closeAllConnections(): void };

/** Shared plumbing of the local HTTP servers here: bounded bodies, JSON answers, stop and start on one port. */

export class BodyTooLarge extends Error {}

/** The request's body, refusing (BodyTooLarge) past `limit` bytes so a stray client cannot fill memory. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLarge(`body over ${limit} bytes`)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Listens, and remembers the port so that `start()` after `stop()` comes back where clients expect it. */
export class Listener {
  private port: number;
  private listening = false;

  constructor(private readonly server: Server, port: number, private readonly host: string) {
    this.port = port;
  }

  get address(): { host: string; port: number } {
    return { host: this.host, port: this.port };
  }

  get running(): boolean {
    return this.listening;
  }

  async start(): Promise<void> {
    if (this.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.listening = true;
  }

  async stop(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive connections would hold the server open; a stopped server drops them, as a crash would.
    this.server.closeAllConnections();
    await closed;
  }
}
