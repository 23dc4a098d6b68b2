import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ACCOUNT_CODE_POLICY,
  assertAcceptablePassword,
  calendarKeeperGrant,
  checkUsername,
  DomainError,
  isAdministrator,
  normaliseAccountCode,
  resetAllowed,
  mayIssueFrom,
  normaliseUsername,
  PASSWORD_MAX_LENGTH,
  ROLES,
  signInRefusal,
  type ContactChannel,
} from '@chidao/domain';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '@chidao/db';
import { accountCodeHash, makeAccountCode, sendCode } from '../account-codes';
import { afterAnswer } from '../after-answer';
import { auditEntry, signInEntry } from '../audit';
import { assertPasswordSignIn, passwordSignInAllowed } from '../single-sign-on';
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
  // Said only to whoever knows the password: the province signs in through its identity provider.
  await assertPasswordSignIn(ctx, found.user.unitId);
  return { user: found.user, passwordHash: found.passwordHash! };
}

export const sessionRouter = {
  /**
   * The provinces with an identity provider, for the sign-in page: "Đăng nhập bằng tài khoản của
   * tỉnh" for each, and whether its people may also sign in with a password. Public: names only.
   */
  signInOptions: publicProcedure
    .output(z.object({ providers: z.array(z.object({ unitId: z.string(), name: z.string(), passwordSignIn: z.boolean() })) }))
    .query(async ({ ctx }) => {
      const [providers, hierarchy] = await Promise.all([ctx.repos.singleSignOn.providers(), ctx.repos.units.hierarchy()]);
      return {
        providers: providers
          .filter((p) => hierarchy.units.has(p.unitId))
          .map((p) => ({ unitId: p.unitId, name: hierarchy.units.get(p.unitId)!.name, passwordSignIn: p.passwordSignIn })),
      };
    }),

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
        signInEntry(ctx, user, {}),
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
          /** Keeps accounts (a system or province administrator): the administration screen. */
          mayAdminister: z.boolean(),
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
        mayAdminister: isAdministrator(roles),
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

  /**
   * "Quên mật khẩu": a link to set a new password goes to the account's verified e-mail address,
   * valid ACCOUNT_CODE_POLICY.resetValidMinutes and at most resetsPerHour an hour. The answer is the
   * same, and comes as soon, whether the account exists, has such an address, or is throttled: the
   * message is sent after the answer, so its time says nothing either.
   */
  requestReset: publicProcedure
    .meta({ repeatable: 'answers the same whatever it does; the throttle bounds the messages' })
    .input(z.object({ username: z.string().trim().min(1).max(200) }))
    .output(z.object({ ok: z.literal(true), validMinutes: z.number().int() }))
    .mutation(({ ctx, input }) => {
      // What no username can be is refused (the rule is public); any other is answered alike, at
      // once: looking the account up, writing its code and sending it happen after the answer, so
      // the answer's time cannot tell an existing account from none.
      const username = checkUsername(input.username);
      afterAnswer.run(
        () => issueResetCode(ctx, username),
        (error) => console.error(`request ${ctx.request.id}: the reset asked for was not issued:`, error),
      );
      return { ok: true as const, validMinutes: ACCOUNT_CODE_POLICY.resetValidMinutes };
    }),

  /**
   * Sets the password with a one-time code (an activation or a reset, from a link or the printed
   * sheet) and signs in. A code unknown, used, expired, or older than the account's newest is one
   * answer: ACCOUNT_CODE_INVALID. Codes are 80 random bits, beyond guessing within their hours.
   */
  redeemCode: publicProcedure
    .meta({ repeatable: 'a code works once: a repeat is refused and changes nothing' })
    .input(z.object({ code: z.string().min(1).max(64), newPassword: password }))
    .output(account)
    .mutation(async ({ ctx, input }) => {
      const code = normaliseAccountCode(input.code);
      if (code === null) throw new DomainError('ACCOUNT_CODE_INVALID', 'No such code', { field: 'code' });
      const now = ctx.auth.now().toISOString();
      // A weak password throws inside the transaction: the code stays unused.
      const outcome = await ctx.repos.administration.redeem(
        accountCodeHash(code),
        now,
        async (username) => {
          // A province that signs in through its provider has no passwords to set: the code stays unused.
          const holder = await ctx.repos.credentials.forUsername(username);
          if (holder) await assertPasswordSignIn(ctx, holder.user.unitId);
          assertAcceptablePassword(input.newPassword, username);
          return hashPassword(input.newPassword);
        },
        (userId) =>
          auditEntry(ctx, {
            actor: { userId, role: null, unitId: null },
            action: 'user.redeem_code',
            entityType: 'user',
            entityId: userId,
            before: null,
            after: { passwordChangedAt: now },
          }),
      );
      if (!outcome.ok) throw new DomainError('ACCOUNT_CODE_INVALID', 'No such code', { field: 'code' });
      const user = (await ctx.repos.users.get(outcome.userId))!;
      await ctx.session.start(
        user.id,
        auditEntry(ctx, { actor: { userId: user.id, role: null, unitId: user.unitId }, action: 'session.sign_in', entityType: 'user', entityId: user.id, before: null, after: { by: 'code' } }),
      );
      return user;
    }),
} satisfies TRPCRouterRecord;

/**
 * The work of "Quên mật khẩu" after its answer: a reset code for an account with a verified e-mail
 * address, within the throttle, written with its audit row and then mailed. Nothing for a username
 * with no such account, a demo account, one without a password or address, or one over the throttle.
 */
/** Where a reset code goes, in this order: a verified e-mail address, a verified phone by SMS, then by Zalo. */
const RESET_CHANNELS: readonly ContactChannel[] = ['email', 'sms', 'zalo'];

async function issueResetCode(ctx: Context, username: string): Promise<void> {
  const found = await ctx.repos.credentials.forUsername(username);
  if (!found || found.user.demo || found.passwordHash === null) return;
  // No reset where the province signs in through its identity provider only.
  if (!(await passwordSignInAllowed(ctx, found.user.unitId))) return;
  // The first verified contact point a channel of the installation reaches: the e-mail address, else the phone.
  let contact: { channel: ContactChannel; address: string } | null = null;
  for (const channel of RESET_CHANNELS) {
    const point = ctx.notify?.channels[channel] ? await ctx.repos.contacts.get(found.user.id, channel) : null;
    if (point?.verifiedAt) {
      contact = { channel, address: point.address };
      break;
    }
  }
  if (!contact) return;
  const now = ctx.auth.now();
  const since = new Date(now.getTime() - 3_600_000).toISOString();
  const made = makeAccountCode({ userId: found.user.id, purpose: 'reset', createdAt: now.toISOString(), sentTo: contact.address, issuedBy: null });
  const audit = auditEntry(ctx, {
    actor: null,
    action: 'user.request_reset',
    entityType: 'user',
    entityId: found.user.id,
    before: null,
    after: { sentTo: contact.address, via: contact.channel, expiresAt: made.row.expiresAt },
  });
  if (!(await ctx.repos.administration.issueResetCode(made.row, since, (sentAt) => resetAllowed(sentAt, now.toISOString()), audit))) return;
  try {
    await sendCode(ctx, contact.channel, contact.address, made, found.user.displayName);
  } catch (error) {
    console.error(`request ${ctx.request.id}: the reset message for ${found.user.id} was not sent:`, error);
  }
}
