import { randomBytes, randomUUID, createHash } from 'node:crypto';
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
  let response: Response;
  if (kind === 'query') {
    response = await fetch(`${apiUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  } else {
    headers['content-type'] = 'application/json';
    // One key per user action, as the web app sends (the API refuses a mutation without).
    headers['idempotency-key'] = randomUUID();
    response = await fetch(`${apiUrl}/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
  }
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string; data?: { domainCode?: string; code?: string } } };
  if (!response.ok || body.error) {
    throw new TrpcError(response.status, body.error?.data?.domainCode ?? body.error?.data?.code ?? null, body.error?.message ?? response.statusText);
  }
  return body.result!.data;
}
