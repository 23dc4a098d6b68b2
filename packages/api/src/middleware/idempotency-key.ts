import { DomainError } from '@chidao/domain';
import { toTRPCError } from '../errors';
import { isIdempotencyKey } from '../idempotency';
import { middlewareFor } from './standalone';

/** Every mutation names the user action it belongs to (see idempotency.ts); sign-in included. */
export const idempotencyKey = middlewareFor().create(({ ctx, type, next }) => {
  if (type === 'mutation' && !isIdempotencyKey(ctx.request.idempotencyKey)) {
    throw toTRPCError(new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'A mutation needs an Idempotency-Key header of 16 to 128 URL-safe characters'));
  }
  return next();
});
