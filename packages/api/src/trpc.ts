import { initTRPC, TRPCError } from '@trpc/server';
import { middlewareMarker } from '@trpc/server/unstable-core-do-not-import';
import type { Client } from '@temporalio/client';
import { DomainError, type Actor, type ErrorCode } from '@chidao/domain';
import type { AuditEntryInput, createRepositories } from '@chidao/db';
import type { IntakeReader } from '@chidao/intake';
import { createAccess, type Access } from './access';
import { engineUnavailable, isEngineTimeout, toTRPCError } from './errors';
import { DEFAULT_IDEMPOTENCY, fingerprint, isIdempotencyKey, onceFor, type IdempotencySettings, type Once } from './idempotency';
import { INPUT_PROBLEMS, inputProblem } from './input-limits';
import type { AuthSettings, SessionPort } from './sessions';
import { DEFAULT_ENGINE_DEADLINE_MS } from './update-gate';

export type Repositories = ReturnType<typeof createRepositories>;

export interface RequestInfo {
  /** The host's id for this request (also sent back as `x-request-id`); audit entries carry it. */
  readonly id: string;
  readonly address: string | null;
  /** The request passed the host's CSRF and origin checks; mutations are refused otherwise. */
  readonly csrfVerified: boolean;
  /** The `Idempotency-Key` header: one per user action, the same on its retries. */
  readonly idempotencyKey: string | null;
}

export interface Context {
  readonly repos: Repositories;
  /** `deadlineMs`: how long one request may wait on Temporal in all (DEFAULT_ENGINE_DEADLINE_MS). */
  readonly temporal: { readonly client: Client; readonly taskQueue: string; readonly deadlineMs?: number };
  /** Reads pasted and uploaded dispatches off the event loop, under limits (@chidao/intake's pool). */
  readonly intake: IntakeReader;
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
  /** How long a running mutation holds its idempotency key, and how long answers are kept. */
  readonly idempotency?: IdempotencySettings;
}

export interface Meta {
  /**
   * Set on a mutation whose answer is not stored under its idempotency key, with the reason a repeat
   * is harmless. Every other mutation runs once per key (see `idempotent`).
   */
  readonly repeatable?: string;
}

/** The domain code a client reads from `error.data.domainCode`: input that fails its schema is INVALID_INPUT. */
export function domainCodeOf(error: TRPCError): ErrorCode | null {
  const cause = error.cause;
  if (cause instanceof DomainError) return cause.code;
  // A body that is not JSON, or input that fails its schema, is invalid input alike.
  if (error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR') return 'INVALID_INPUT';
  if (error.code === 'PAYLOAD_TOO_LARGE') return 'PAYLOAD_TOO_LARGE';
  return null;
}

/** Seconds to wait before asking again, when the error says so (TOO_MANY_ATTEMPTS). */
export function retryAfterOf(error: TRPCError): number | null {
  const cause = error.cause;
  const value = cause instanceof DomainError ? cause.details.retryAfterSeconds : undefined;
  return typeof value === 'number' ? value : null;
}

/**
 * Which fields of the input were wrong, for a form to mark: the domain's `details.fields` when it is
 * a list of `{path, code}` (a directive's problems), else the schema's issues; null otherwise.
 */
export function fieldsOf(error: TRPCError): Array<{ path: Array<string | number>; code: string }> | null {
  const cause = error.cause;
  if (cause instanceof DomainError && Array.isArray(cause.details.fields)) return cause.details.fields as Array<{ path: Array<string | number>; code: string }>;
  if (error.code === 'BAD_REQUEST' && cause && 'issues' in cause && Array.isArray(cause.issues)) {
    return (cause.issues as Array<{ path: PropertyKey[]; code: string }>).map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), code: i.code }));
  }
  return null;
}

const t = initTRPC.context<Context>().meta<Meta>().create({
  errorFormatter({ shape, error, ctx }) {
    // Stack traces never leave the server, and a server fault says which request failed (operators
    // find its cause in the log under that id), never why.
    const { stack: _stack, ...data } = shape.data;
    const requestId = ctx?.request.id ?? null;
    const message = data.httpStatus >= 500 ? `Request ${requestId ?? '(no id)'} failed` : shape.message;
    const fields = fieldsOf(error);
    return { ...shape, message, data: { ...data, domainCode: domainCodeOf(error), retryAfterSeconds: retryAfterOf(error), requestId, ...(fields ? { fields } : {}) } };
  },
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
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

/** Every mutation names the user action it belongs to (see idempotency.ts); sign-in included. */
const keyed = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && !isIdempotencyKey(ctx.request.idempotencyKey)) {
    throw toTRPCError(new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'A mutation needs an Idempotency-Key header of 16 to 128 URL-safe characters'));
  }
  return next();
});

/**
 * Input no procedure accepts is refused here, for every procedure, before anything reads it: nested
 * too deep or too many values (walking it would overflow the stack: a 500), or text PostgreSQL cannot
 * hold (U+0000) that would fail deep in a query.
 */
const boundedInput = t.middleware(async ({ getRawInput, next }) => {
  // A body that does not parse is for the procedure's input parser to refuse (one without input ignores it).
  const problem = inputProblem(await getRawInput().catch(() => undefined));
  if (problem) throw toTRPCError(new DomainError('INVALID_INPUT', INPUT_PROBLEMS[problem], { reason: problem }));
  return next();
});

export const publicProcedure = t.procedure.use(domainErrors).use(csrf).use(keyed).use(boundedInput);

const notSignedIn = () => new TRPCError({ code: 'UNAUTHORIZED', message: 'Not signed in', cause: new DomainError('NOT_SIGNED_IN', 'Not signed in') });

/**
 * Procedures that need a signed-in user. `ctx.access` resolves and checks every target (see access.ts);
 * `ctx.actor` is the user acting for their home unit, `ctx.user` the account, `ctx.grants` their roles.
 */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const userId = ctx.session.userId;
  if (!userId) throw notSignedIn();
  // Read with the session when it was resolved; read here when the request signed in meanwhile.
  const { user, grants } = ctx.session.account ?? { user: await ctx.repos.users.get(userId), grants: await ctx.repos.roles.forUser(userId) };
  // A demo account's session is worthless once demo mode is off (a restart against real settings).
  if (!user || (user.demo && !ctx.devSignIn)) throw notSignedIn();
  const actor: Actor = { userId: user.id, unitId: user.unitId };
  return next({ ctx: { ...ctx, user, grants, actor, access: createAccess({ repos: ctx.repos, user, grants }) } });
}).use(async ({ ctx, type, path, meta, getRawInput, next }) => {
  // A signed-in mutation runs once per idempotency key; retries get the stored answer.
  if (type !== 'mutation' || meta?.repeatable) return next({ ctx: { once: null as Once | null } });
  const key = ctx.request.idempotencyKey!;
  const settings = ctx.idempotency ?? DEFAULT_IDEMPOTENCY;
  const now = ctx.auth.now();
  const accountId = ctx.user.id;
  const claim = await ctx.repos.idempotency.claim({
    accountId,
    key,
    path,
    inputHash: fingerprint(path, await getRawInput().catch(() => undefined)),
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + settings.leaseMs).toISOString(),
  });
  switch (claim.kind) {
    case 'done':
      return { marker: middlewareMarker, ok: true as const, data: claim.result, ctx: { once: null as Once | null } };
    case 'busy':
      throw new DomainError('REQUEST_IN_PROGRESS', 'An earlier attempt with this key is still running', { retryAfterSeconds: 1 });
    case 'mismatch':
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for another request', { path });
  }
  const result = await next({ ctx: { once: onceFor(accountId, key) as Once | null } });
  // If storing fails the key stays pending: after its lease a retry runs again, and Temporal answers
  // the same update id with the first outcome. The user still gets this answer.
  if (result.ok) {
    await ctx.repos.idempotency.complete({ accountId, key, result: result.data, now: ctx.auth.now().toISOString() }).catch(() => undefined);
    if (Math.random() < 0.01) await ctx.repos.idempotency.prune(new Date(now.getTime() - settings.retentionMs).toISOString()).catch(() => undefined);
  } else {
    // Refused or failed: nothing was stored for the action, so a retry asks the rules again.
    await ctx.repos.idempotency.release({ accountId, key }).catch(() => undefined);
  }
  return result;
}).use(async ({ ctx, next }) => {
  // Every call the procedure makes to Temporal shares one deadline (the client's call context): an
  // engine that does not answer frees the update's place and the key, and the user hears why.
  const client = ctx.temporal.client as Client | undefined;
  if (!client) return next(); // in-process tests of procedures that never reach Temporal
  const deadlineMs = ctx.temporal.deadlineMs ?? DEFAULT_ENGINE_DEADLINE_MS;
  const result = await client.withDeadline(Date.now() + deadlineMs, () => next());
  const cause = result.ok ? null : result.error.cause;
  if (cause && isEngineTimeout(cause) && !(cause instanceof DomainError && cause.code === 'ENGINE_UNAVAILABLE')) {
    throw toTRPCError(engineUnavailable(`Temporal did not answer within ${deadlineMs} ms`));
  }
  return result;
});

/** What a procedure behind authedProcedure sees. */
export type AuthedContext = Context & {
  readonly user: NonNullable<Awaited<ReturnType<Repositories['users']['get']>>>;
  readonly grants: Awaited<ReturnType<Repositories['roles']['forUser']>>;
  readonly actor: Actor;
  readonly access: Access;
  /** In a mutation: its idempotency key, and the Temporal update id derived from it. */
  readonly once: Once | null;
};

/**
 * An audit entry for this request: the request id and address are filled in, and in a mutation that
 * runs once per idempotency key the key of its action, so a retry never records the action twice.
 */
export function auditEntry(
  ctx: Pick<Context, 'request'> & { readonly once?: Once | null },
  entry: Omit<AuditEntryInput, 'requestId' | 'address' | 'actionKey'>,
): AuditEntryInput {
  return { ...entry, requestId: ctx.request.id, address: ctx.request.address, actionKey: ctx.once?.updateId ?? null };
}
