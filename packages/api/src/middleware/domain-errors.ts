import { DomainError } from '@chidao/domain';
import { toTRPCError } from '../errors';
import { middlewareFor } from './standalone';

/** Turns a DomainError thrown anywhere in a procedure into the tRPC error with its domain code. */
export const domainErrors = middlewareFor().create(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError && result.error.code === 'INTERNAL_SERVER_ERROR') {
    throw toTRPCError(result.error.cause);
  }
  return result;
});
