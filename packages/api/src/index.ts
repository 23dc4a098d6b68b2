export { appRouter, createCaller, type AppRouter } from './root';
export { auditEntry, domainCodeOf, retryAfterOf, type Context, type Repositories, type RequestInfo } from './trpc';
export { createContext, type ContextDeps, type RequestTransport } from './context';
export { createSessions, hashToken, type AuthSettings, type IssuedCookies, type SessionPort } from './sessions';
export { createAccess, type Access, type Acting } from './access';
export { issueDirective } from './services';
export { fromTemporal, toTRPCError } from './errors';
export { DEFAULT_ENGINE_DEADLINE_MS, DEFAULT_UPDATES_IN_FLIGHT, gatedClient } from './update-gate';
export { DEFAULT_IDEMPOTENCY, IDEMPOTENCY_HEADER, isIdempotencyKey, type IdempotencySettings } from './idempotency';
