import { initTRPC, TRPCError } from '@trpc/server';
import type { Client } from '@temporalio/client';
import { DomainError, type Actor, type ErrorCode } from '@chidao/domain';
import type { AuditEntryInput, createRepositories } from '@chidao/db';
import { createAccess, type Access } from './access';
import { toTRPCError } from './errors';
import type { AuthSettings, SessionPort } from './sessions';

export type Repositories = ReturnType<typeof createRepositories>;

export interface RequestInfo {
  /** The host's id for this request (also sent back as `x-request-id`); audit entries carry it. */
  readonly id: string;
  readonly address: string | null;
  /** The request passed the host's CSRF and origin checks; mutations are refused otherwise. */
  readonly csrfVerified: boolean;
}

export interface Context {
  readonly repos: Repositories;
  readonly temporal: { readonly client: Client; readonly taskQueue: string };
  readonly session: SessionPort;
  readonly request: RequestInfo;
  readonly auth: AuthSettings;
  /**
   * Demo mode, only on the embedded default setup: the demo account list is offered as a helper, and
   * demo accounts may sign in at all.
   */
  readonly devSignIn: boolean;
  /** Where operators open a workflow in the Temporal Web UI; absent when none is known. */
  readonly temporalUi?: { readonly url: string; readonly namespace: string };
}

/** The domain code a client reads from `error.data.domainCode`: input that fails its schema is INVALID_INPUT. */
export function domainCodeOf(error: TRPCError): ErrorCode | null {
  const cause = error.cause;
  if (cause instanceof DomainError) return cause.code;
  if (error.code === 'BAD_REQUEST' && cause && 'issues' in cause) return 'INVALID_INPUT';
  return null;
}

/** Seconds to wait before asking again, when the error says so (TOO_MANY_ATTEMPTS). */
export function retryAfterOf(error: TRPCError): number | null {
  const cause = error.cause;
  const value = cause instanceof DomainError ? cause.details.retryAfterSeconds : undefined;
  return typeof value === 'number' ? value : null;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Stack traces never leave the server.
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, data: { ...data, domainCode: domainCodeOf(error), retryAfterSeconds: retryAfterOf(error) } };
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

/** Every mutation, signed in or not (sign-in included), needs the request to have passed the CSRF check. */
const csrf = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && !ctx.request.csrfVerified) {
    throw toTRPCError(new DomainError('CSRF_REJECTED', 'Missing or wrong CSRF token, or another origin'));
  }
  return next();
});

export const publicProcedure = t.procedure.use(domainErrors).use(csrf);

const notSignedIn = () => new TRPCError({ code: 'UNAUTHORIZED', message: 'Not signed in', cause: new DomainError('NOT_SIGNED_IN', 'Not signed in') });

/**
 * Procedures that need a signed-in user. `ctx.access` resolves and checks every target (see access.ts);
 * `ctx.actor` is the user acting for their home unit, `ctx.user` the account, `ctx.grants` their roles.
 */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const userId = ctx.session.userId;
  if (!userId) throw notSignedIn();
  const [user, grants] = await Promise.all([ctx.repos.users.get(userId), ctx.repos.roles.forUser(userId)]);
  // A demo account's session is worthless once demo mode is off (a restart against real settings).
  if (!user || (user.demo && !ctx.devSignIn)) throw notSignedIn();
  const actor: Actor = { userId: user.id, unitId: user.unitId };
  return next({ ctx: { ...ctx, user, grants, actor, access: createAccess({ repos: ctx.repos, user, grants }) } });
});

/** What a procedure behind authedProcedure sees. */
export type AuthedContext = Context & {
  readonly user: NonNullable<Awaited<ReturnType<Repositories['users']['get']>>>;
  readonly grants: Awaited<ReturnType<Repositories['roles']['forUser']>>;
  readonly actor: Actor;
  readonly access: Access;
};

/** An audit entry for this request: the request id and address are filled in. */
export function auditEntry(ctx: Pick<Context, 'request'>, entry: Omit<AuditEntryInput, 'requestId' | 'address'>): AuditEntryInput {
  return { ...entry, requestId: ctx.request.id, address: ctx.request.address };
}
