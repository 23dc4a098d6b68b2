import pg from 'pg';
import { describeDatabaseUrl } from './connection';

/** How long a start-up or readiness check waits for PostgreSQL before saying it is unreachable. */
export const DEFAULT_CHECK_TIMEOUT_MS = 5_000;

/**
 * Connects once and runs `SELECT 1`, within `timeoutMs` all told; throws an error naming where
 * DATABASE_URL points (host, port, database, user; never the password) and why. For the apps' check
 * at start: a wrong DATABASE_URL stops the process at once instead of looking healthy until users fail.
 */
export async function checkDatabase(databaseUrl: string, timeoutMs: number = DEFAULT_CHECK_TIMEOUT_MS): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A server that goes away mid-check emits 'error' on the client: it is the check's failure, not the process's.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw databaseUnreachable(databaseUrl, error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** An error saying which PostgreSQL could not be reached (never its password), with the cause. */
export function databaseUnreachable(databaseUrl: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message || (cause as { code?: string }).code || cause.name : String(cause);
  return new Error(`Cannot reach PostgreSQL at ${describeDatabaseUrl(databaseUrl)} (DATABASE_URL): ${reason}`, { cause });
}
