import { assignmentsRouter } from './routers/assignments';
import { directivesRouter } from './routers/directives';
import { sessionRouter } from './routers/session';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  session: sessionRouter,
  assignments: assignmentsRouter,
  directives: directivesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
