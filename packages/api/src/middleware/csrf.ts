import { DomainError } from '@chidao/domain';
import { toTRPCError } from '../errors';
import { middlewareFor } from './standalone';

/** Every mutation, signed in or not (sign-in included), needs the request to have passed the CSRF check. */
export const csrf = middlewareFor().create(({ ctx, type, next }) => {
  if (type === 'mutation' && !ctx.request.csrfVerified) {
    throw toTRPCError(new DomainError('CSRF_REJECTED', 'Missing or wrong CSRF token, or another origin'));
  }
  return next();
});
