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

/**
 * Where a URL points, for messages and logs: `host:port/database as user`, never the password (nor
 * the query string, which may carry one).
 */
export function describeDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return '(DATABASE_URL is not a URL)';
  }
  // ?host= overrides the URL's host: a Unix socket's folder (the embedded stack's own processes), or a name.
  const port = url.port || '5432';
  const socket = url.searchParams.get('host');
  const host = socket ? `${socket} (port ${port})` : `${url.hostname}:${port}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || '(default database)';
  const user = url.username ? ` as ${decodeURIComponent(url.username)}` : '';
  return `${host}/${database}${user}`;
}
