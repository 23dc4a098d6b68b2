// Shared by the API's tests only; nothing in the package imports it.
import { TRPCError } from '@trpc/server';
import { getErrorShape } from '@trpc/server/unstable-core-do-not-import';
import { expect } from 'vitest';
import { domainCodeOf } from './error-shape';
import { appRouter } from './root';

/** The error a call is refused with, failing the test when the call succeeds or fails with anything but a TRPCError. */
export async function refusedWith(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** A refusal as a client tells it apart: the tRPC code and the domain code. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; domainCode: string | null }> {
  const error = await refusedWith(promise);
  return { code: error.code, domainCode: domainCodeOf(error) };
}

/** A refusal as the wire carries it: the error formatter's shape (trpc.ts), `data` and all. */
export function shapeOf(error: TRPCError) {
  return getErrorShape({ config: appRouter._def._config, error, type: 'mutation', path: undefined, input: undefined, ctx: undefined });
}
