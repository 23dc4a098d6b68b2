import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  assertAcceptablePassword,
  calendarKeeperGrant,
  DomainError,
  mayIssueFrom,
  normaliseUsername,
  PASSWORD_MAX_LENGTH,
  ROLES,
  signInRefusal,
} from '@chidao/domain';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '@chidao/db';
import { auditEntry } from '../audit';
import type { Context } from '../context';
import { authedProcedure, publicProcedure } from '../trpc';

const account = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.string(),
  unitName: z.string().optional(),
  /** The last day the account's unit existed (yyyy-MM-dd), where it has one: the sign-in list marks Kiên Giang 2020's accounts. */
  unitValidTo: z.string().optional(),
});

const password = z.string().min(1).max(PASSWORD_MAX_LENGTH);

// Attempts older than a day count for nothing; sign-ins sweep them away now and then.
const ATTEMPT_RETENTION_MS = 24 * 60 * 60_000;

/**
 * Checks a password for `username` under the throttle, and records the attempt. Unknown accounts,
 * wrong passwords and demo accounts outside demo mode fail alike (INVALID_CREDENTIALS) and take as
 * long, so sign-in reveals nothing about which usernames exist.
 */
async function checkPassword(ctx: Context, rawUsername: string, candidate: string) {
  const username = normaliseUsername(rawUsername);
  const now = ctx.auth.now();
  const { throttle } = ctx.auth.policy;
  // The attempt takes its place under the limits before the password is checked, in one statement:
  // requests sent at once (or batched) cannot all read a count from before the others.
  const { attemptId, failures } = await ctx.repos.signInAttempts.reserve({
    at: now.toISOString(),
    username,
    address: ctx.request.address,
    since: new Date(now.getTime() - throttle.windowMs).toISOString(),
    maxFailuresPerAccount: throttle.maxFailuresPerAccount,
    maxFailuresPerAddress: throttle.maxFailuresPerAddress,
  });
  if (attemptId === null) throw signInRefusal(failures, now.toISOString(), throttle);

  const found = await ctx.repos.credentials.forUsername(username);
  const hash = found?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(hash, candidate);
  const ok = matches && found !== null && found.passwordHash !== null && (!found.user.demo || ctx.devSignIn);
  await ctx.repos.signInAttempts.settle(attemptId, ok);
  if (Math.random() < 0.01) await ctx.repos.signInAttempts.prune(new Date(now.getTime() - ATTEMPT_RETENTION_MS).toISOString());
  if (!ok) throw new DomainError('INVALID_CREDENTIALS', 'Wrong username or password');
  return { user: found.user, passwordHash: found.passwordHash! };
}

export const sessionRouter = {
  /** The seeded demo accounts, a helper that fills the username on the sign-in page; empty outside demo mode. */
  demoAccounts: publicProcedure.output(z.array(account)).query(async ({ ctx }) => {
    if (!ctx.devSignIn) return [];
    const [accounts, hierarchy] = await Promise.all([ctx.repos.users.listDemo(), ctx.repos.units.hierarchy()]);
    return accounts.map((a) => {
      const validTo = hierarchy.units.get(a.unitId)?.validTo;
      return validTo !== undefined ? { ...a, unitValidTo: validTo } : a;
    });
  }),

  /** Password sign-in. Always starts a new session (new token, new CSRF token): no session fixation. */
  signIn: publicProcedure
    // Before sign-in there is no account to keep an answer under, and a replayed answer would not set
    // the cookies; repeating it only starts another fresh session, and the throttle counts each try.
    .meta({ repeatable: 'starts a fresh session each time; no account to key the answer by' })
    .input(z.object({ username: z.string().min(1).max(200), password }))
    .output(account)
    .mutation(async ({ ctx, input }) => {
      const { user, passwordHash } = await checkPassword(ctx, input.username, input.password);
      if (needsRehash(passwordHash)) {
        await ctx.repos.credentials.setPassword(user.id, await hashPassword(input.password), ctx.auth.now().toISOString());
      }
      await ctx.session.start(
        user.id,
        auditEntry(ctx, {
          actor: { userId: user.id, role: null, unitId: user.unitId },
          action: 'session.sign_in',
          entityType: 'user',
          entityId: user.id,
          before: ctx.session.current ? { sessionId: ctx.session.current.id, userId: ctx.session.current.userId } : null,
          after: {},
        }),
      );
      return user;
    }),

  /** Ends this session. Signed out already is fine: there is nothing to end. */
  signOut: publicProcedure
    .meta({ repeatable: 'ending an ended session is a no-op' })
    .output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    const current = ctx.session.current;
    const user = current ? await ctx.repos.users.get(current.userId) : null;
    await ctx.session.end(
      auditEntry(ctx, {
        actor: current ? { userId: current.userId, role: null, unitId: user?.unitId ?? null } : null,
        action: 'session.sign_out',
        entityType: 'user',
        entityId: current?.userId ?? '',
        after: null,
      }),
    );
    return { ok: true as const };
  }),

  /** Who is signed in; null for a visitor (not an error: the app shows the sign-in page). */
  me: publicProcedure
    .output(
      account
        .extend({
          unitLevel: z.string(),
          unitKind: z.string(),
          /** The roles the user holds, for the screens a workspace offers. */
          roles: z.array(z.object({ role: z.enum(ROLES), unitId: z.string(), directiveId: z.string().nullable() })),
          /** The user may issue directives in their unit's name (the domain's issuing roles, and units below to address). */
          mayIssue: z.boolean(),
          /** Keeps the working-day calendar (system administrator). */
          mayKeepCalendar: z.boolean(),
        })
        .nullable(),
    )
    .query(async ({ ctx }) => {
      const user = ctx.session.userId ? await ctx.repos.users.get(ctx.session.userId) : null;
      if (!user || (user.demo && !ctx.devSignIn)) return null;
      const [unit, roles, hierarchy] = await Promise.all([ctx.repos.units.get(user.unitId), ctx.repos.roles.forUser(user.id), ctx.repos.units.hierarchy()]);
      return {
        ...user,
        unitName: unit?.name ?? user.unitId,
        unitLevel: unit?.level ?? '',
        unitKind: unit?.kind ?? '',
        roles,
        mayIssue: mayIssueFrom(hierarchy, roles, user.unitId),
        mayKeepCalendar: calendarKeeperGrant(roles) !== null,
      };
    }),

  /**
   * Changes the password: the current one is required (and counts against the throttle when wrong);
   * every other session of the user ends, this one stays.
   */
  changePassword: authedProcedure
    .input(z.object({ currentPassword: password, newPassword: password }))
    .output(z.object({ ok: z.literal(true), endedSessions: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      await checkPassword(ctx, ctx.user.username, input.currentPassword);
      assertAcceptablePassword(input.newPassword, ctx.user.username);
      const changedAt = ctx.auth.now().toISOString();
      await ctx.repos.credentials.setPassword(
        ctx.user.id,
        await hashPassword(input.newPassword),
        changedAt,
        auditEntry(ctx, {
          actor: { userId: ctx.user.id, role: null, unitId: ctx.user.unitId },
          action: 'user.change_password',
          entityType: 'user',
          entityId: ctx.user.id,
          // Never the hashes: only that and when the password changed.
          before: null,
          after: { passwordChangedAt: changedAt },
        }),
      );
      const endedSessions = await ctx.repos.sessions.deleteForUser(ctx.user.id, ctx.session.current?.id ?? null);
      return { ok: true as const, endedSessions };
    }),
} satisfies TRPCRouterRecord;
