import { PrismaPg } from '@prisma/adapter-pg';
import { schemaOf } from './connection';
import { PrismaClient } from './generated/prisma/client';

export type { PrismaClient } from './generated/prisma/client';

export interface Db {
  readonly prisma: PrismaClient;
  /** Ends the connection pool. */
  close(): Promise<void>;
}

/** Connections a process's pool holds at most unless told otherwise (node-postgres' own default). */
export const DEFAULT_POOL_SIZE = 10;

export interface DbOptions {
  /** Connections the pool may hold at once (DATABASE_POOL_SIZE); DEFAULT_POOL_SIZE when absent. */
  readonly poolSize?: number;
}

/** A Prisma client over node-postgres (Prisma 7 has no bundled engine; the adapter is the driver). */
export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const schema = schemaOf(databaseUrl);
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? DEFAULT_POOL_SIZE }, schema === 'public' ? undefined : { schema });
  // Seeding upserts a province's units in one transaction; Prisma's 5 s default is too short for
  // that on a loaded machine (the shared test boxes run several stacks at once).
  const prisma = new PrismaClient({ adapter, transactionOptions: { timeout: 60_000, maxWait: 10_000 } });
  let closing: Promise<void> | undefined;
  return { prisma, close: () => (closing ??= prisma.$disconnect()) };
}
