import { administrationRouter } from './routers/administration';
import { attachmentsRouter } from './routers/attachments';
import { assignmentDelegation } from './routers/assignments/delegation';
import { assignmentInbox } from './routers/assignments/inbox';
import { assignmentRequests } from './routers/assignments/requests';
import { calendarRouter } from './routers/calendar';
import { chainsRouter } from './routers/chains';
import { compiledRouter } from './routers/compiled';
import { directivesRouter } from './routers/directives';
import { documentProcedures } from './routers/document';
import { escalationsRouter } from './routers/escalations';
import { notificationsRouter } from './routers/notifications';
import { intakeRouter, issuanceProcedures } from './routers/issuance';
import { reorganisationRouter } from './routers/reorganisation';
import { reportsRouter } from './routers/reports';
import { settingsProcedures } from './routers/settings';
import { sessionRouter } from './routers/session';
import { singleSignOnAdministration } from './routers/single-sign-on';
import { statisticsRouter } from './routers/statistics';
import { unitsRouter } from './routers/units';
import { urgingRouter } from './routers/urging';
import { trendsRouter } from './routers/trends';
import { createCallerFactory, router } from './trpc';

// Each area is a plain record of procedures; this is the one router, so client paths are spelled here.
export const appRouter = router({
  session: sessionRouter,
  // One client path per procedure (assignments.acknowledge, …), whichever module holds it.
  assignments: { ...assignmentInbox, ...assignmentRequests, ...assignmentDelegation },
  directives: { ...directivesRouter, ...issuanceProcedures, ...documentProcedures },
  intake: intakeRouter,
  reports: reportsRouter,
  chains: chainsRouter,
  attachments: attachmentsRouter,
  escalations: escalationsRouter,
  compiled: compiledRouter,
  trends: trendsRouter,
  calendar: calendarRouter,
  reorganisation: reorganisationRouter,
  statistics: statisticsRouter,
  urging: urgingRouter,
  notifications: notificationsRouter,
  admin: { ...administrationRouter, ...singleSignOnAdministration, ...settingsProcedures },
  units: unitsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
