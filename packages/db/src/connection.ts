/**
 * Prisma reads the PostgreSQL schema from the URL's `?schema=` parameter (default `public`);
 * node-postgres ignores it. Everything here that connects with `pg` directly follows Prisma's reading
 * so that our migrations, the Prisma client and the drift check all see the same tables.
 */
export function schemaOf(databaseUrl: string): string {
  return new URL(databaseUrl).searchParams.get('schema') ?? 'public';
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
