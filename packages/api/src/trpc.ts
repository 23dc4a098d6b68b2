import { initTRPC, TRPCError } from '@trpc/server';
import type { Client } from '@temporalio/client';
import { DomainError, type Actor, type ErrorCode } from '@chidao/domain';
import type { createRepositories } from '@chidao/db';
import { toTRPCError } from './errors';

export type Repositories = ReturnType<typeof createRepositories>;

/** The session the HTTP host keeps (a cookie); the router only reads and sets the user id. */
export interface SessionPort {
  readonly userId: string | null;
  set(userId: string | null): void;
}

export interface Context {
  readonly repos: Repositories;
  readonly temporal: { readonly client: Client; readonly taskQueue: string };
  readonly session: SessionPort;
  /** Demo sign-in (pick any seeded account) is offered only on the embedded default setup. */
  readonly devSignIn: boolean;
}

/** The domain code a client reads from `error.data.domainCode`: input that fails its schema is INVALID_INPUT. */
export function domainCodeOf(error: TRPCError): ErrorCode | null {
  const cause = error.cause;
  if (cause instanceof DomainError) return cause.code;
  if (error.code === 'BAD_REQUEST' && cause && 'issues' in cause) return 'INVALID_INPUT';
  return null;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Stack traces never leave the server.
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, data: { ...data, domainCode: domainCodeOf(error) } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns a DomainError thrown anywhere in a procedure into the tRPC error with its domain code. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError && result.error.code === 'INTERNAL_SERVER_ERROR') {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/** Procedures that need a signed-in user; `ctx.actor` is the user acting for their unit. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const userId = ctx.session.userId;
  const user = userId ? await ctx.repos.users.get(userId) : null;
  if (!user) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Not signed in', cause: new DomainError('NOT_SIGNED_IN', 'Not signed in') });
  }
  const actor: Actor = { userId: user.id, unitId: user.unitId };
  return next({ ctx: { ...ctx, user, actor } });
});
