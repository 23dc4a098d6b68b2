import { DomainError } from '@chidao/domain';
import { toTRPCError } from '../errors';
import { INPUT_PROBLEMS, inputProblem } from '../input-limits';
import { middlewareFor } from './standalone';

/**
 * Input no procedure accepts is refused here, for every procedure, before anything reads it: nested
 * too deep or too many values (walking it would overflow the stack: a 500), or text PostgreSQL cannot
 * hold (U+0000) that would fail deep in a query.
 */
export const inputBounds = middlewareFor().create(async ({ getRawInput, next }) => {
  // A body that does not parse is for the procedure's input parser to refuse (one without input ignores it).
  const problem = inputProblem(await getRawInput().catch(() => undefined));
  if (problem) throw toTRPCError(new DomainError('INVALID_INPUT', INPUT_PROBLEMS[problem], { reason: problem }));
  return next();
});
