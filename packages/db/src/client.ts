import { PrismaPg } from '@prisma/adapter-pg';
import { schemaOf } from './connection';
import { PrismaClient } from './generated/prisma/client';

export type { PrismaClient } from './generated/prisma/client';

export interface Db {
  readonly prisma: PrismaClient;
  /** Ends the connection pool. */
  close(): Promise<void>;
}

/** A Prisma client over node-postgres (Prisma 7 has no bundled engine; the adapter is the driver). */
export function createDb(databaseUrl: string): Db {
  const schema = schemaOf(databaseUrl);
  const adapter = new PrismaPg({ connectionString: databaseUrl }, schema === 'public' ? undefined : { schema });
  // Seeding upserts a province's units in one transaction; Prisma's 5 s default is too short for
  // that on a loaded machine (the shared test boxes run several stacks at once).
  const prisma = new PrismaClient({ adapter, transactionOptions: { timeout: 60_000, maxWait: 10_000 } });
  let closing: Promise<void> | undefined;
  return { prisma, close: () => (closing ??= prisma.$disconnect()) };
}
