import { DomainError } from './errors';
import { ancestorsOf, type Hierarchy } from './hierarchy';

/**
 * Single sign-on over OpenID Connect (issue 23), the rules without the protocol: which province an
 * account belongs to, what an identity provider's settings may be, and which account a verified
 * identity signs in as. Accounts are linked by the provider's issuer and stable subject (`sub`),
 * never by an e-mail address alone.
 */

/** Bounds of what a provider's settings and its claims may hold. */
export const SSO_LIMITS = {
  issuerLength: 500,
  clientIdLength: 200,
  secretRefLength: 500,
  subjectLength: 255,
  /** How long a sign-in started at the provider may take to come back. */
  pendingMinutes: 10,
} as const;

/** The province (level `province`) that `unitId` lies in, itself included; null outside any. */
export function provinceOf(hierarchy: Hierarchy, unitId: string): string | null {
  const unit = hierarchy.units.get(unitId);
  if (!unit) return null;
  if (unit.level === 'province') return unit.id;
  return ancestorsOf(hierarchy, unitId).find((u) => u.level === 'province')?.id ?? null;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A provider's issuer as it must be written: an absolute https URL without query or fragment (http
 * only on the loopback, for a test provider), no trailing slash beyond the issuer's own.
 * INVALID_INPUT (field `issuer`) otherwise.
 */
export function checkIssuer(value: string): string {
  const refuse = (why: string) => new DomainError('INVALID_INPUT', `The issuer ${why}`, { field: 'issuer' });
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > SSO_LIMITS.issuerLength) throw refuse('is empty or too long');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw refuse('is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) throw refuse('must use https');
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') throw refuse('has a query, fragment or credentials');
  return trimmed;
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,127}$/;

/**
 * Where the client secret is read: `env:NAME` (an environment variable of the server) or
 * `file:/absolute/path` (a mounted secret); null for a public client. Never the secret itself, so
 * the setting can be shown and audited. INVALID_INPUT (field `clientSecretRef`) otherwise.
 */
export function checkSecretRef(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const refuse = () =>
    new DomainError('INVALID_INPUT', 'The client secret is named as env:NAME or file:/absolute/path, never given itself', { field: 'clientSecretRef' });
  if (trimmed.length > SSO_LIMITS.secretRefLength) throw refuse();
  if (trimmed.startsWith('env:') && ENV_NAME.test(trimmed.slice(4))) return trimmed;
  if (trimmed.startsWith('file:/') && !trimmed.split('/').includes('..')) return trimmed;
  throw refuse();
}

/** The claims of a verified ID token that decide the account. */
export interface VerifiedIdentity {
  readonly issuer: string;
  readonly subject: string;
  /** The e-mail claim, already normalised; null when absent. */
  readonly email: string | null;
  readonly emailVerified: boolean;
}

export interface AccountCandidate {
  readonly id: string;
  readonly unitId: string;
  /** Deactivated or a demo account: never signs in. */
  readonly active: boolean;
}

export type SsoDecision =
  | { readonly kind: 'sign_in'; readonly userId: string }
  | { readonly kind: 'link_and_sign_in'; readonly userId: string }
  | { readonly kind: 'refuse'; readonly reason: 'subject_unknown' | 'account_inactive' | 'other_province' };

/**
 * Which account a verified identity signs in as, for the province whose provider it came from:
 * - the account linked to (issuer, subject), if it is active and of that province;
 * - else, where the province allows it, the one active account of the province whose *verified*
 *   e-mail is the identity's e-mail, itself verified by the provider (`email_verified`): that first
 *   sign-in links them;
 * - else nobody: `subject_unknown`, and nothing is created.
 */
export function decideSsoAccount(input: {
  readonly hierarchy: Hierarchy;
  readonly provinceId: string;
  readonly identity: VerifiedIdentity;
  readonly linked: AccountCandidate | null;
  readonly linkByVerifiedEmail: boolean;
  /** Active accounts whose verified e-mail is the identity's e-mail (any province). */
  readonly byEmail: readonly AccountCandidate[];
}): SsoDecision {
  const { hierarchy, provinceId, identity, linked } = input;
  const inProvince = (a: AccountCandidate) => provinceOf(hierarchy, a.unitId) === provinceId;
  if (linked) {
    if (!linked.active) return { kind: 'refuse', reason: 'account_inactive' };
    if (!inProvince(linked)) return { kind: 'refuse', reason: 'other_province' };
    return { kind: 'sign_in', userId: linked.id };
  }
  if (!input.linkByVerifiedEmail || !identity.emailVerified || identity.email === null) return { kind: 'refuse', reason: 'subject_unknown' };
  const matches = input.byEmail.filter((a) => a.active && inProvince(a));
  // Two accounts with one address is a question for an administrator, not a guess.
  if (matches.length !== 1) return { kind: 'refuse', reason: 'subject_unknown' };
  return { kind: 'link_and_sign_in', userId: matches[0]!.id };
}
