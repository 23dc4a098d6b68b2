import { experimental_standaloneMiddleware } from '@trpc/server';
import type { Context, Meta } from '../context';

/**
 * Middlewares are built apart from the tRPC instance (trpc.ts uses them), for procedures whose
 * context is at least `TContext`.
 */
export const middlewareFor = <TContext extends Context = Context>() => experimental_standaloneMiddleware<{ ctx: TContext; meta: Meta }>();
