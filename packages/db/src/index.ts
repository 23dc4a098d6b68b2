// @chidao/db: migrations, the Prisma client, repositories over the read model, seed, embedded PostgreSQL.
// Test helpers live in '@chidao/db/testing'; the drift check (src/drift.ts) and Prisma's WebAssembly
// schema engine (src/prisma-engine.ts) are dev-only and not exported here.
export * from './client';
export * from './migrate';
export * from './repositories';
export * from './units';
export * from './directives';
export * from './assignments';
export * from './audit';
export * from './calendar';
export * from './identity';
export * from './idempotency';
export * from './passwords';
export * from './accounts';
export * from './administration';
export * from './single-sign-on';
export * from './province-settings';
export * from './attachments';
export * from './seed';
export { createDatabaseIfMissing, startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded';
export { describeDatabaseUrl, schemaOf, withDatabase } from './connection';
export { checkDatabase, databaseUnreachable, DEFAULT_CHECK_TIMEOUT_MS } from './reachable';
export * from './lifecycle';
export * from './statistics';
export * from './urgings';
export * from './adjustments';
export { grantApplicationRole } from './roles';
export * from './notifications';
export * from './contacts';
export * from './inbox-feed';
