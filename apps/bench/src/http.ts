import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { Repositories } from '@chidao/db';

/** A signed-in user as the browser holds it: the session cookie and the CSRF token it echoes. */
export interface Session {
  readonly userId: string;
  readonly token: string;
  readonly csrf: string;
  /** The office's own address (sent as X-Forwarded-For): every commune is its own client, as in life. */
  readonly address: string;
}

const hash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Sessions stored the way sign-in stores them (SHA-256 of the token and the CSRF token). Signing in
 * ten thousand users through argon2id would measure the password hash, not the system.
 */
export async function createSessions(repos: Repositories, userIds: readonly string[]): Promise<Map<string, Session>> {
  const out = new Map<string, Session>();
  const now = new Date().toISOString();
  const batch: Promise<void>[] = [];
  for (const [i, userId] of userIds.entries()) {
    const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const session = { userId, token: randomBytes(32).toString('base64url'), csrf: randomBytes(32).toString('base64url'), address };
    out.set(userId, session);
    batch.push(
      repos.sessions.create({
        id: randomUUID(),
        userId,
        tokenHash: hash(session.token),
        csrfHash: hash(session.csrf),
        createdAt: now,
        lastSeenAt: now,
        address: null,
        userAgent: 'chidao-bench',
      }),
    );
    if (batch.length >= 20) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  return out;
}

export class TrpcError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** One tRPC call over HTTP, as the web app makes it (no batching), with the session's cookies. */
export async function call<T>(apiUrl: string, session: Session, kind: 'query' | 'mutation', path: string, input: unknown): Promise<T> {
  const headers: Record<string, string> = {
    cookie: `chidao_session=${session.token}; chidao_csrf=${session.csrf}`,
    'x-csrf-token': session.csrf,
    // The server runs behind a trusted proxy here (TRUST_PROXY=1), so its per-address rate limit sees
    // 10,600 offices, not one load generator.
    'x-forwarded-for': session.address,
  };
  let response: { status: number; text: string };
  if (kind === 'query') {
    response = await send(new URL(`${apiUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`), 'GET', headers);
  } else {
    headers['content-type'] = 'application/json';
    // One key per user action, as the web app sends (the API refuses a mutation without).
    headers['idempotency-key'] = randomUUID();
    response = await send(new URL(`${apiUrl}/trpc/${path}`), 'POST', headers, JSON.stringify(input));
  }
  const body = JSON.parse(response.text) as { result?: { data: T }; error?: { message: string; data?: { domainCode?: string; code?: string } } };
  if (response.status >= 400 || body.error) {
    throw new TrpcError(response.status, body.error?.data?.domainCode ?? body.error?.data?.code ?? null, body.error?.message ?? String(response.status));
  }
  return body.result!.data;
}

// Kept-alive connections, one per concurrent client at most.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One HTTP request with node:http rather than fetch: the clients share the machine with the system
 * they measure, and fetch cost them 1.7 ms of CPU per request, node:http 0.7 ms (national2 burst).
 */
function send(url: URL, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
