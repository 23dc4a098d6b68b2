import { initTRPC } from '@trpc/server';
import type { Context, Meta } from './context';
import { domainCodeOf, fieldsOf, requestIdOfError, retryAfterOf } from './error-shape';
import { csrf } from './middleware/csrf';
import { domainErrors } from './middleware/domain-errors';
import { engineDeadline } from './middleware/engine-deadline';
import { idempotencyKey } from './middleware/idempotency-key';
import { idempotent } from './middleware/idempotency';
import { inputBounds } from './middleware/input-bounds';
import { signedIn } from './middleware/signed-in';

/** The tRPC instance and the procedures routers are built from; context types are in context.ts. */
const t = initTRPC.context<Context>().meta<Meta>().create({
  // Live streams (the bell): a ping keeps proxies from closing an idle one, and a stream ends after
  // half an hour so the client opens a fresh one (with a fresh session check).
  sse: { ping: { enabled: true, intervalMs: 25_000 }, client: { reconnectAfterInactivityMs: 60_000 }, maxDurationMs: 30 * 60_000 },
  errorFormatter({ shape, error, ctx }) {
    // Stack traces never leave the server, and a server fault says which request failed (operators
    // find its cause in the log under that id), never why.
    const { stack: _stack, ...data } = shape.data;
    const requestId = ctx?.request.id ?? requestIdOfError(error);
    const message = data.httpStatus >= 500 ? `Request ${requestId ?? '(no id)'} failed` : shape.message;
    const fields = fieldsOf(error);
    return { ...shape, message, data: { ...data, domainCode: domainCodeOf(error), retryAfterSeconds: retryAfterOf(error), requestId, ...(fields ? { fields } : {}) } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure: domain errors keep their codes; mutations need the CSRF check and an idempotency key; input is bounded. */
export const publicProcedure = t.procedure.use(domainErrors).use(csrf).use(idempotencyKey).use(inputBounds);

/** Signed in (ctx: AuthedContext); a mutation runs once per idempotency key; calls to Temporal share one deadline. */
export const authedProcedure = publicProcedure.use(signedIn).use(idempotent).use(engineDeadline);
