import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID Connect provider on the loopback for tests of single sign-on: `oidc-provider` (the
 * certified implementation) with one confidential client, the accounts given, and a plain login form
 * (username and password) as its interaction. Consent is implied for the one client. Codes are used
 * once, PKCE (S256) is required, ID tokens are signed with a fresh RSA key.
 *
 * `tamperNextIdToken` rewrites the next token response's ID token (its subject swapped for another of
 * the same length, the signature left as it was): what a client must refuse.
 */

export interface TestIdentity {
  readonly subject: string;
  readonly login: string;
  readonly password: string;
  readonly email?: string;
  readonly emailVerified?: boolean;
}

export interface TestOidcProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The next ID token the token endpoint returns carries this subject instead (same length), unsigned anew. */
  tamperNextIdToken(subject: string): void;
  stop(): Promise<void>;
}

export async function startTestOidcProvider(options: {
  readonly redirectUris: readonly string[];
  readonly identities: readonly TestIdentity[];
  readonly clientId?: string;
  /** The port to listen on (0: any free one). */
  readonly port?: number;
}): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? 'chidao';
  const clientSecret = randomBytes(24).toString('base64url');
  let tamper: string | null = null;
  let provider: Provider | null = null;

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const bySubject = new Map(options.identities.map((i) => [i.subject, i]));
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const identity = bySubject.get(id);
      if (!identity) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          ...(identity.email === undefined ? {} : { email: identity.email, email_verified: identity.emailVerified ?? false }),
        }),
      };
    },
    // The one client is the installation's own: consent is implied.
    async loadExistingGrant(ctx) {
      const session = ctx.oidc.session!;
      const client = ctx.oidc.client!;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId! });
      grant.addOIDCScope('openid email');
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
  };
  provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    const interaction = /^\/interaction\/([\w-]{1,100})$/.exec(url.pathname);
    try {
      if (interaction && req.method === 'GET') {
        await provider!.interactionDetails(req, res);
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><title>Cổng định danh</title><form method="post" action="${url.pathname}">` +
              `<label>Tên đăng nhập <input name="login"></label><label>Mật khẩu <input name="password" type="password"></label>` +
              `<button type="submit">Đăng nhập</button></form>`,
          );
        return;
      }
      if (interaction && req.method === 'POST') {
        await provider!.interactionDetails(req, res);
        const form = new URLSearchParams(await body(req));
        const identity = options.identities.find((i) => i.login === form.get('login') && i.password === form.get('password'));
        if (!identity) {
          res.writeHead(401, { 'content-type': 'text/plain' }).end('Wrong login or password');
          return;
        }
        await provider!.interactionFinished(req, res, { login: { accountId: identity.subject } }, { mergeWithLastSubmission: false });
        return;
      }
      if (url.pathname === '/token' && tamper !== null) {
        const subject = tamper;
        tamper = null;
        rewriteIdToken(res, subject);
      }
      callback(req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String((error as Error).message));
    }
  }

  return {
    issuer,
    clientId,
    clientSecret,
    tamperNextIdToken(subject) {
      tamper = subject;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 10_000) throw new Error('Form too large');
  }
  return text;
}

/** Swaps the subject inside the ID token of the response about to be sent, leaving its signature: a forged token. */
function rewriteIdToken(res: ServerResponse, subject: string): void {
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
      const json = JSON.parse(String(chunk)) as { id_token?: string };
      if (json.id_token) {
        const [header, payload, signature] = json.id_token.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { sub: string };
        if (claims.sub.length !== subject.length) throw new Error('tamperNextIdToken: the subject must have the same length');
        claims.sub = subject;
        json.id_token = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
        const text = JSON.stringify(json);
        res.setHeader('content-length', Buffer.byteLength(text));
        return end(text, ...rest);
      }
    }
    return end(chunk, ...rest);
  }) as typeof res.end;
}
