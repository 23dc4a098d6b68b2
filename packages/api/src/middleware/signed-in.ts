import { TRPCError } from '@trpc/server';
import { DomainError, type Actor } from '@chidao/domain';
import { createAccess } from '../access';
import { middlewareFor } from './standalone';

const notSignedIn = () => new TRPCError({ code: 'UNAUTHORIZED', message: 'Not signed in', cause: new DomainError('NOT_SIGNED_IN', 'Not signed in') });

/**
 * Procedures that need a signed-in user. `ctx.access` resolves and checks every target (see access.ts);
 * `ctx.actor` is the user acting for their home unit, `ctx.user` the account, `ctx.grants` their roles.
 */
export const signedIn = middlewareFor().create(async ({ ctx, next }) => {
  const userId = ctx.session.userId;
  if (!userId) throw notSignedIn();
  // Read with the session when it was resolved; read here when the request signed in meanwhile.
  const { user, grants } = ctx.session.account ?? { user: await ctx.repos.users.get(userId), grants: await ctx.repos.roles.forUser(userId) };
  // A demo account's session is worthless once demo mode is off (a restart against real settings).
  if (!user || (user.demo && !ctx.devSignIn)) throw notSignedIn();
  const actor: Actor = { userId: user.id, unitId: user.unitId };
  return next({ ctx: { ...ctx, user, grants, actor, access: createAccess({ repos: ctx.repos, user, grants }) } });
});
