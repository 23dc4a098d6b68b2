import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as oidc from 'openid-client';
import { decideSsoAccount, DomainError, normalizeContact, provinceOf, SSO_LIMITS, type AccountCandidate, type SsoDecision } from '@chidao/domain';
import type { IdentityProviderConfig } from '@chidao/db';
import { auditEntry, signInEntry } from './audit';
import type { Context } from './context';
import { hashToken } from './sessions';

/**
 * Single sign-on over OpenID Connect (issue 23): the authorization code flow with PKCE, state and
 * nonce, through `openid-client`. The host wires two routes: one starts a sign-in for a province
 * (a redirect to its provider, with a cookie binding the sign-in to this browser), the other is the
 * redirect URI the provider sends the browser back to. The callback verifies everything (state,
 * the code at the token endpoint with the PKCE verifier, the ID token's signature, issuer, audience,
 * expiry and nonce), finds the account linked to the provider's subject, and starts the same session
 * a password sign-in starts.
 */

/** The path the provider sends the browser back to; register `<public origin>/auth/oidc/callback` at the provider. */
export const SSO_CALLBACK_PATH = '/auth/oidc/callback';
export const SSO_START_PATH = '/auth/oidc/start';

export interface SingleSignOnOptions {
  /** How long a request to a provider (discovery, token, keys) may take. */
  readonly timeoutMs?: number;
  /** How long a provider's discovered metadata and keys are reused. */
  readonly cacheMs?: number;
  /** The environment `env:` secret references are read from (process.env by default). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A refusal, typed, with why (for the log and the sign-in page). */
const refused = (reason: string, message: string) => new DomainError('SSO_REFUSED', message, { reason });

/** Reads a client secret from where its reference says: never stored, never returned. */
async function readSecret(ref: string | null, env: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  if (ref === null) return null;
  let secret: string | undefined;
  if (ref.startsWith('env:')) secret = env[ref.slice(4)];
  else if (ref.startsWith('file:')) secret = await readFile(ref.slice(5), 'utf8').then((s) => s.slice(0, 4096).trim(), () => undefined);
  if (!secret) throw new DomainError('SSO_NOT_CONFIGURED', `The client secret named by ${ref} is missing`);
  return secret;
}

export function createSingleSignOn(options: SingleSignOnOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const cacheMs = options.cacheMs ?? 10 * 60_000;
  const env = options.env ?? process.env;
  const cache = new Map<string, { key: string; at: number; config: Promise<oidc.Configuration> }>();

  /** The provider's configuration (discovered once per cacheMs, and anew whenever its settings change). */
  async function configuration(provider: IdentityProviderConfig): Promise<oidc.Configuration> {
    const key = JSON.stringify([provider.issuer, provider.clientId, provider.clientSecretRef, provider.updatedAt]);
    const cached = cache.get(provider.unitId);
    if (cached && cached.key === key && Date.now() - cached.at < cacheMs) return cached.config;
    const config = (async () => {
      const secret = await readSecret(provider.clientSecretRef, env);
      const issuer = new URL(provider.issuer);
      const loopbackHttp = issuer.protocol === 'http:';
      return oidc.discovery(
        issuer,
        provider.clientId,
        { client_secret: secret ?? undefined, token_endpoint_auth_method: secret === null ? 'none' : 'client_secret_basic' },
        secret === null ? oidc.None() : oidc.ClientSecretBasic(secret),
        // http only for an issuer on the loopback (checkIssuer allows no other): a test provider.
        // The ID token's signature is checked against the provider's keys even though it comes straight
        // from the token endpoint (openid-client would trust the TLS connection alone otherwise).
        { timeout: Math.ceil(timeoutMs / 1000), execute: [oidc.enableNonRepudiationChecks, ...(loopbackHttp ? [oidc.allowInsecureRequests] : [])] },
      );
    })();
    cache.set(provider.unitId, { key, at: Date.now(), config });
    config.catch(() => {
      if (cache.get(provider.unitId)?.config === config) cache.delete(provider.unitId);
    });
    return config;
  }

  async function providerOf(ctx: Context, unitId: string): Promise<IdentityProviderConfig> {
    const provider = unitId.length <= 200 ? await ctx.repos.singleSignOn.provider(unitId) : null;
    if (!provider) throw new DomainError('SSO_NOT_CONFIGURED', `No identity provider for ${unitId.slice(0, 200)}`, { unitId: unitId.slice(0, 200) });
    return provider;
  }

  async function configured(provider: IdentityProviderConfig): Promise<oidc.Configuration> {
    try {
      return await configuration(provider);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      console.error(`single sign-on: the provider of ${provider.unitId} (${provider.issuer}) did not answer its discovery:`, error);
      throw new DomainError('UNAVAILABLE', 'The identity provider does not answer');
    }
  }

  return {
    /**
     * Starts a sign-in for the province: returns the provider's authorization URL to send the browser
     * to, and the binding token the host sets in a cookie (only its hash is stored, with the state,
     * nonce and PKCE verifier, for SSO_LIMITS.pendingMinutes).
     */
    async begin(ctx: Context, unitId: string, redirectUri: string): Promise<{ url: string; binding: string; maxAgeSeconds: number }> {
      const provider = await providerOf(ctx, unitId);
      const config = await configured(provider);
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const binding = randomBytes(32).toString('base64url');
      const now = ctx.auth.now();
      const maxAgeSeconds = SSO_LIMITS.pendingMinutes * 60;
      await ctx.repos.singleSignOn.begin(
        { bindingHash: hashToken(binding), unitId, state, nonce, codeVerifier, expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000).toISOString() },
        now.toISOString(),
      );
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, binding, maxAgeSeconds };
    },

    /**
     * The provider sent the browser back: checks the sign-in under way for this browser's binding
     * (taken once: a replayed callback finds none), exchanges the code with the PKCE verifier, verifies
     * the ID token (signature, issuer, audience, expiry, nonce), and signs in the account linked to
     * (issuer, sub). SSO_REFUSED with a reason otherwise; nothing is created for an unknown subject.
     */
    async complete(ctx: Context, binding: string | null, currentUrl: URL, redirectUri: string): Promise<{ userId: string }> {
      const now = ctx.auth.now().toISOString();
      const pending = binding && binding.length <= 200 ? await ctx.repos.singleSignOn.take(hashToken(binding), now) : null;
      if (!pending) throw refused('state', 'No sign-in under way for this browser (expired, used, or started elsewhere)');
      if (currentUrl.searchParams.get('state') !== pending.state) throw refused('state', 'The state does not match the sign-in under way');
      const provider = await providerOf(ctx, pending.unitId);
      const config = await configured(provider);
      let claims: oidc.IDToken;
      let accessToken: string;
      try {
        const tokens = await oidc.authorizationCodeGrant(
          config,
          currentUrl,
          { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true },
          { redirect_uri: redirectUri },
        );
        claims = tokens.claims()!;
        accessToken = tokens.access_token;
      } catch (error) {
        console.warn(`request ${ctx.request.id}: single sign-on refused by the provider check of ${provider.unitId}: ${(error as Error).message}`);
        throw refused('provider', 'The provider refused the code, or its ID token did not verify');
      }
      const subject = claims.sub;
      if (typeof subject !== 'string' || subject === '' || subject.length > SSO_LIMITS.subjectLength) throw refused('provider', 'The ID token has no usable subject');
      const issuer = claims.iss;
      // The e-mail matters only to link a first sign-in; a provider may give it in the ID token or only
      // at its userinfo endpoint (for the same subject, checked).
      let mail: { email?: unknown; email_verified?: unknown } = { email: claims.email, email_verified: claims.email_verified };
      if (provider.linkByVerifiedEmail && claims.email === undefined && !(await ctx.repos.singleSignOn.link(issuer, subject))) {
        mail = await oidc.fetchUserInfo(config, accessToken, subject).catch((error: unknown) => {
          console.warn(`request ${ctx.request.id}: the userinfo of ${provider.unitId} did not answer: ${(error as Error).message}`);
          return {};
        });
      }
      let email: string | null = null;
      try {
        email = typeof mail.email === 'string' ? normalizeContact('email', mail.email) : null;
      } catch {
        email = null;
      }
      const decision = await decide(ctx, provider, { issuer, subject, email, emailVerified: mail.email_verified === true });
      if (decision.kind === 'refuse') {
        console.warn(`request ${ctx.request.id}: single sign-on of ${provider.unitId} refused: ${decision.reason}`);
        throw refused(decision.reason, 'No account of the province for this identity');
      }
      const user = (await ctx.repos.users.get(decision.userId))!;
      if (decision.kind === 'link_and_sign_in') {
        const outcome = await ctx.repos.singleSignOn.saveLink(
          { issuer, subject, userId: user.id, linkedAt: now, linkedBy: null },
          auditEntry(ctx, {
            actor: { userId: user.id, role: null, unitId: user.unitId },
            action: 'user.sso_link',
            entityType: 'user',
            entityId: user.id,
            before: null,
            after: { issuer, subject, by: 'verified_email' },
          }),
        );
        if (outcome === 'taken') throw refused('subject_unknown', 'The subject was linked to another account meanwhile');
      }
      await ctx.session.start(
        user.id,
        signInEntry(ctx, user, { by: 'oidc', issuer }),
      );
      return { userId: user.id };
    },
  };
}

export type SingleSignOn = ReturnType<typeof createSingleSignOn>;

async function decide(
  ctx: Context,
  provider: IdentityProviderConfig,
  identity: { issuer: string; subject: string; email: string | null; emailVerified: boolean },
): Promise<SsoDecision> {
  const candidate = async (userId: string): Promise<AccountCandidate | null> => {
    const account = await ctx.repos.administration.get(userId);
    return account ? { id: account.id, unitId: account.unitId, active: account.deactivatedAt === null && !account.demo } : null;
  };
  const link = await ctx.repos.singleSignOn.link(identity.issuer, identity.subject);
  const byEmail =
    !link && provider.linkByVerifiedEmail && identity.emailVerified && identity.email !== null
      ? (await ctx.repos.singleSignOn.activeByVerifiedEmail(identity.email)).map((a) => ({ ...a, active: true }))
      : [];
  return decideSsoAccount({
    hierarchy: await ctx.repos.units.hierarchy(),
    provinceId: provider.unitId,
    identity,
    linked: link ? await candidate(link.userId) : null,
    linkByVerifiedEmail: provider.linkByVerifiedEmail,
    byEmail,
  });
}

/**
 * Whether the account of `unitId` may sign in with a password: not when its province's provider
 * turns local passwords off.
 */
export async function passwordSignInAllowed(ctx: Pick<Context, 'repos'>, unitId: string): Promise<boolean> {
  const providers = await ctx.repos.singleSignOn.providers();
  if (!providers.some((p) => !p.passwordSignIn)) return true;
  const province = provinceOf(await ctx.repos.units.hierarchy(), unitId);
  return province === null || providers.find((p) => p.unitId === province)?.passwordSignIn !== false;
}

/** PASSWORD_SIGN_IN_DISABLED when the account's province signs in through its provider only. */
export async function assertPasswordSignIn(ctx: Pick<Context, 'repos'>, unitId: string): Promise<void> {
  if (!(await passwordSignInAllowed(ctx, unitId))) {
    throw new DomainError('PASSWORD_SIGN_IN_DISABLED', 'The province signs in through its identity provider only');
  }
}
