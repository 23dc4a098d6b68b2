export { appRouter, createCaller, type AppRouter } from './root';
export { domainCodeOf, type Context, type Repositories, type SessionPort } from './trpc';
export { issueDirective } from './services';
export { fromTemporal, toTRPCError } from './errors';
