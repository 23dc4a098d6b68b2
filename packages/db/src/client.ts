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
  const prisma = new PrismaClient({ adapter });
  let closing: Promise<void> | undefined;
  return { prisma, close: () => (closing ??= prisma.$disconnect()) };
}
