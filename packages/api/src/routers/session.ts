import { z } from 'zod';
import { DomainError } from '@chidao/domain';
import { publicProcedure, router } from '../trpc';

const account = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.string(),
  unitName: z.string().optional(),
});

export const sessionRouter = router({
  /** The seeded demo accounts a development sign-in offers (empty when it is off). */
  demoAccounts: publicProcedure.output(z.array(account)).query(async ({ ctx }) => {
    if (!ctx.devSignIn) return [];
    return ctx.repos.users.listDemo();
  }),

  signIn: publicProcedure
    .input(z.object({ userId: z.string().min(1).max(200) }))
    .output(account)
    .mutation(async ({ ctx, input }) => {
      const user = ctx.devSignIn ? await ctx.repos.users.get(input.userId) : null;
      if (!user || !user.demo) throw new DomainError('USER_NOT_FOUND', 'No such demo account');
      ctx.session.set(user.id);
      return user;
    }),

  signOut: publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(({ ctx }) => {
    ctx.session.set(null);
    return { ok: true as const };
  }),

  /** Who is signed in; null for a visitor (not an error: the app shows the sign-in page). */
  me: publicProcedure
    .output(account.extend({ unitLevel: z.string(), unitKind: z.string() }).nullable())
    .query(async ({ ctx }) => {
      const user = ctx.session.userId ? await ctx.repos.users.get(ctx.session.userId) : null;
      if (!user) return null;
      const unit = await ctx.repos.units.get(user.unitId);
      return { ...user, unitName: unit?.name ?? user.unitId, unitLevel: unit?.level ?? '', unitKind: unit?.kind ?? '' };
    }),
});
