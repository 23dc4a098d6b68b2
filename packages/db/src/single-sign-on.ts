import { auditInsert, type AuditEntryInput } from './audit';
import type { Db } from './client';

/**
 * Single sign-on over OpenID Connect (issue 23): each province's identity provider, the accounts
 * linked to a provider's subjects (issuer + `sub`), and the sign-ins under way (state, nonce, PKCE
 * verifier), each used once.
 */

export interface IdentityProviderConfig {
  /** The province. */
  readonly unitId: string;
  readonly issuer: string;
  readonly clientId: string;
  /** Where the client secret is read (`env:NAME`, `file:/path`); null for a public client. Never the secret. */
  readonly clientSecretRef: string | null;
  readonly passwordSignIn: boolean;
  readonly linkByVerifiedEmail: boolean;
  readonly updatedAt: string;
}

export interface OidcLinkRecord {
  readonly issuer: string;
  readonly subject: string;
  readonly userId: string;
  readonly linkedAt: string;
  readonly linkedBy: string | null;
}

export interface PendingOidcSignIn {
  readonly bindingHash: string;
  readonly unitId: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly expiresAt: string;
}

const toConfig = (row: {
  unitId: string;
  issuer: string;
  clientId: string;
  clientSecretRef: string | null;
  passwordSignIn: boolean;
  linkByVerifiedEmail: boolean;
  updatedAt: Date;
}): IdentityProviderConfig => ({ ...row, updatedAt: row.updatedAt.toISOString() });

const toLink = (row: { issuer: string; subject: string; userId: string; linkedAt: Date; linkedBy: string | null }): OidcLinkRecord => ({
  ...row,
  linkedAt: row.linkedAt.toISOString(),
});

export function createSingleSignOnRepository(db: Db) {
  const { prisma } = db;
  return {
    async providers(): Promise<IdentityProviderConfig[]> {
      return (await prisma.identityProvider.findMany({ orderBy: { unitId: 'asc' } })).map(toConfig);
    },

    async provider(unitId: string): Promise<IdentityProviderConfig | null> {
      const row = await prisma.identityProvider.findUnique({ where: { unitId } });
      return row ? toConfig(row) : null;
    },

    /** Creates or replaces a province's provider, with its audit entry. */
    async saveProvider(config: IdentityProviderConfig, audit: AuditEntryInput): Promise<void> {
      const { unitId, ...rest } = config;
      const data = { ...rest, updatedAt: new Date(config.updatedAt) };
      await prisma.$transaction(async (tx) => {
        await tx.identityProvider.upsert({ where: { unitId }, create: { unitId, ...data }, update: data });
        await auditInsert(tx, audit);
      });
    },

    /** Removes a province's provider (its links stay, for a provider configured again). False when there was none. */
    async removeProvider(unitId: string, audit: AuditEntryInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.identityProvider.deleteMany({ where: { unitId } });
        if (count > 0) await auditInsert(tx, audit);
        return count > 0;
      });
    },

    async link(issuer: string, subject: string): Promise<OidcLinkRecord | null> {
      const row = await prisma.oidcLink.findUnique({ where: { issuer_subject: { issuer, subject } } });
      return row ? toLink(row) : null;
    },

    async linksOf(userId: string): Promise<OidcLinkRecord[]> {
      return (await prisma.oidcLink.findMany({ where: { userId }, orderBy: { issuer: 'asc' } })).map(toLink);
    },

    /**
     * Links an account to a subject, replacing the account's link at that issuer. 'taken' when the
     * subject is linked to another account already (nothing changes then).
     */
    async saveLink(link: OidcLinkRecord, audit: AuditEntryInput): Promise<'linked' | 'unchanged' | 'taken'> {
      return prisma.$transaction(async (tx) => {
        const holder = await tx.oidcLink.findUnique({ where: { issuer_subject: { issuer: link.issuer, subject: link.subject } } });
        if (holder && holder.userId !== link.userId) return 'taken';
        if (holder) return 'unchanged';
        await tx.oidcLink.deleteMany({ where: { userId: link.userId, issuer: link.issuer } });
        await tx.oidcLink.create({ data: { ...link, linkedAt: new Date(link.linkedAt) } });
        await auditInsert(tx, audit);
        return 'linked';
      });
    },

    async removeLink(userId: string, issuer: string, audit: AuditEntryInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.oidcLink.deleteMany({ where: { userId, issuer } });
        if (count > 0) await auditInsert(tx, audit);
        return count > 0;
      });
    },

    /** Active, non-demo accounts whose verified e-mail contact is `address` (compared as stored: lower case). */
    async activeByVerifiedEmail(address: string): Promise<Array<{ id: string; unitId: string }>> {
      const rows = await prisma.contactPoint.findMany({ where: { channel: 'email', address, verifiedAt: { not: null } }, select: { userId: true } });
      if (rows.length === 0) return [];
      return prisma.user.findMany({ where: { id: { in: rows.map((r) => r.userId) }, deactivatedAt: null, demo: false }, select: { id: true, unitId: true } });
    },

    async begin(pending: PendingOidcSignIn, now: string): Promise<void> {
      // Sign-ins abandoned at the provider are swept as new ones begin.
      await prisma.$transaction([
        prisma.oidcSignIn.deleteMany({ where: { expiresAt: { lte: new Date(now) } } }),
        prisma.oidcSignIn.create({ data: { ...pending, expiresAt: new Date(pending.expiresAt) } }),
      ]);
    },

    /**
     * Takes the sign-in under way for a binding, once: it is deleted as it is read, so a callback
     * replayed (or raced) finds nothing. Null when there is none or it expired.
     */
    async take(bindingHash: string, now: string): Promise<PendingOidcSignIn | null> {
      const rows = await prisma.$queryRaw<Array<{ binding_hash: string; unit_id: string; state: string; nonce: string; code_verifier: string; expires_at: Date }>>`
        DELETE FROM oidc_sign_in WHERE binding_hash = ${bindingHash} RETURNING *`;
      const row = rows[0];
      if (!row || row.expires_at.getTime() <= Date.parse(now)) return null;
      return { bindingHash: row.binding_hash, unitId: row.unit_id, state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, expiresAt: row.expires_at.toISOString() };
    },
  };
}

export type SingleSignOnRepository = ReturnType<typeof createSingleSignOnRepository>;
