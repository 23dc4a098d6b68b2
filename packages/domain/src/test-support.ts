// Shared by the domain's tests only; nothing in the package imports it.
import { expect } from 'vitest';
import { DomainError, type ErrorCode } from './errors';

/** The domain code `fn` throws (failing on any other kind of error), or undefined when it does not throw. */
export function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  return undefined;
}
