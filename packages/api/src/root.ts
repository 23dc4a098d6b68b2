import { assignmentsRouter } from './routers/assignments';
import { directivesRouter } from './routers/directives';
import { escalationsRouter } from './routers/escalations';
import { reportsRouter } from './routers/reports';
import { sessionRouter } from './routers/session';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  session: sessionRouter,
  assignments: assignmentsRouter,
  directives: directivesRouter,
  reports: reportsRouter,
  escalations: escalationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
