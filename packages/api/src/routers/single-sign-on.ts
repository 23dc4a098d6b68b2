import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { calendarKeeperGrant, checkIssuer, checkSecretRef, DomainError, provinceOf, SSO_LIMITS, type RoleGrant } from '@chidao/domain';
import type { IdentityProviderConfig } from '@chidao/db';
import { auditEntry } from '../audit';
import type { AuthedContext } from '../context';
import { authedProcedure } from '../trpc';
import { accountToAdminister, adminAudit } from './administration';

/**
 * Single sign-on administration (issue 23): the system administrator sets each province's identity
 * provider (issuer, client id, where the client secret is read, whether passwords still work there);
 * an administrator of an account links it to the provider's subject. Every change is audited; the
 * client secret never passes through here, only its reference (env:NAME, file:/path).
 */

const id = z.string().trim().min(1).max(200);

const providerView = z.object({
  unitId: z.string(),
  unitName: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  /** Where the server reads the secret; never the secret. */
  clientSecretRef: z.string().nullable(),
  passwordSignIn: z.boolean(),
  linkByVerifiedEmail: z.boolean(),
  updatedAt: z.string(),
});

function assertSystemAdmin(ctx: AuthedContext): RoleGrant {
  const grant = calendarKeeperGrant(ctx.access.grants);
  if (!grant) throw new DomainError('NOT_ADMINISTRATOR', 'Only a system administrator configures single sign-on');
  return grant;
}

/** The identity provider of the province an account's unit lies in; null when it has none. */
async function providerOfAccount(ctx: AuthedContext, unitId: string): Promise<IdentityProviderConfig | null> {
  const province = provinceOf(await ctx.access.hierarchy(), unitId);
  return province ? ctx.repos.singleSignOn.provider(province) : null;
}

/** What an audit entry keeps of a provider: its settings, the secret's reference only. */
const snapshot = (c: IdentityProviderConfig | null) =>
  c && { issuer: c.issuer, clientId: c.clientId, clientSecretRef: c.clientSecretRef, passwordSignIn: c.passwordSignIn, linkByVerifiedEmail: c.linkByVerifiedEmail };

export const singleSignOnAdministration = {
  /** Every province's identity provider. */
  identityProviders: authedProcedure.output(z.array(providerView)).query(async ({ ctx }) => {
    assertSystemAdmin(ctx);
    const hierarchy = await ctx.access.hierarchy();
    return (await ctx.repos.singleSignOn.providers()).map((p) => ({ ...p, unitName: hierarchy.units.get(p.unitId)?.name ?? p.unitId }));
  }),

  /** Sets a province's identity provider (created or replaced). */
  setIdentityProvider: authedProcedure
    .input(
      z.object({
        unitId: id,
        issuer: z.string().max(SSO_LIMITS.issuerLength),
        clientId: z.string().trim().min(1).max(SSO_LIMITS.clientIdLength),
        clientSecretRef: z.string().max(SSO_LIMITS.secretRefLength).nullable(),
        passwordSignIn: z.boolean(),
        linkByVerifiedEmail: z.boolean(),
      }),
    )
    .output(providerView)
    .mutation(async ({ ctx, input }) => {
      const grant = assertSystemAdmin(ctx);
      const hierarchy = await ctx.access.hierarchy();
      const unit = hierarchy.units.get(input.unitId);
      if (!unit) throw new DomainError('UNIT_NOT_FOUND', `Unknown unit ${input.unitId}`, { unitId: input.unitId });
      if (provinceOf(hierarchy, input.unitId) !== input.unitId) throw new DomainError('INVALID_INPUT', 'A provider is set for a province', { field: 'unitId' });
      const config: IdentityProviderConfig = {
        unitId: input.unitId,
        issuer: checkIssuer(input.issuer),
        clientId: input.clientId,
        clientSecretRef: checkSecretRef(input.clientSecretRef),
        passwordSignIn: input.passwordSignIn,
        linkByVerifiedEmail: input.linkByVerifiedEmail,
        updatedAt: ctx.auth.now().toISOString(),
      };
      const before = await ctx.repos.singleSignOn.provider(input.unitId);
      await ctx.repos.singleSignOn.saveProvider(
        config,
        auditEntry(ctx, {
          actor: { userId: ctx.user.id, role: grant.role, unitId: grant.unitId },
          action: 'identity_provider.set',
          entityType: 'unit',
          entityId: input.unitId,
          before: snapshot(before),
          after: snapshot(config),
        }),
      );
      return { ...config, unitName: unit.name };
    }),

  /** Removes a province's identity provider: its people sign in with passwords again. */
  removeIdentityProvider: authedProcedure
    .input(z.object({ unitId: id }))
    .output(z.object({ changed: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const grant = assertSystemAdmin(ctx);
      const before = await ctx.repos.singleSignOn.provider(input.unitId);
      if (!before) return { changed: false };
      const changed = await ctx.repos.singleSignOn.removeProvider(
        input.unitId,
        auditEntry(ctx, {
          actor: { userId: ctx.user.id, role: grant.role, unitId: grant.unitId },
          action: 'identity_provider.remove',
          entityType: 'unit',
          entityId: input.unitId,
          before: snapshot(before),
          after: null,
        }),
      );
      return { changed };
    }),

  /**
   * An account's link at its province's provider, for the account form: the provider's issuer (null
   * when the province has none, so there is nothing to link) and the linked subject (null: none).
   */
  subjectLink: authedProcedure
    .input(z.object({ userId: id }))
    .output(z.object({ issuer: z.string().nullable(), subject: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const { account } = await accountToAdminister(ctx, input.userId);
      const provider = await providerOfAccount(ctx, account.unitId);
      if (!provider) return { issuer: null, subject: null };
      const link = (await ctx.repos.singleSignOn.linksOf(account.id)).find((l) => l.issuer === provider.issuer);
      return { issuer: provider.issuer, subject: link?.subject ?? null };
    }),

  /**
   * Links an account to its subject (`sub`) at its province's provider, replacing an earlier link
   * there. SSO_NOT_CONFIGURED when the province has none; SSO_SUBJECT_TAKEN when another account holds it.
   */
  linkSubject: authedProcedure
    .input(z.object({ userId: id, subject: z.string().trim().min(1).max(SSO_LIMITS.subjectLength) }))
    .output(z.object({ issuer: z.string(), subject: z.string(), changed: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const { account, grant } = await accountToAdminister(ctx, input.userId);
      const provider = await providerOfAccount(ctx, account.unitId);
      if (!provider) throw new DomainError('SSO_NOT_CONFIGURED', 'The account\'s province has no identity provider', { field: 'userId' });
      const outcome = await ctx.repos.singleSignOn.saveLink(
        { issuer: provider.issuer, subject: input.subject, userId: account.id, linkedAt: ctx.auth.now().toISOString(), linkedBy: ctx.user.id },
        adminAudit(ctx, grant, { action: 'user.sso_link', entityId: account.id, before: null, after: { issuer: provider.issuer, subject: input.subject } }),
      );
      if (outcome === 'taken') throw new DomainError('SSO_SUBJECT_TAKEN', 'The subject is linked to another account', { field: 'subject' });
      return { issuer: provider.issuer, subject: input.subject, changed: outcome === 'linked' };
    }),

  /** Ends an account's link to its province's provider. */
  unlinkSubject: authedProcedure
    .input(z.object({ userId: id }))
    .output(z.object({ changed: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const { account, grant } = await accountToAdminister(ctx, input.userId);
      const links = await ctx.repos.singleSignOn.linksOf(account.id);
      let changed = false;
      for (const link of links) {
        changed =
          (await ctx.repos.singleSignOn.removeLink(
            account.id,
            link.issuer,
            adminAudit(ctx, grant, { action: 'user.sso_unlink', entityId: account.id, before: { issuer: link.issuer, subject: link.subject }, after: null }),
          )) || changed;
      }
      return { changed };
    }),
} satisfies TRPCRouterRecord;
