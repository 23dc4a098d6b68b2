import pg from 'pg';
import { quoteIdent, schemaOf } from './connection';

/** The audit trail: the application may add to it and read it, nothing else. */
const APPEND_ONLY = ['audit_entry'];

/**
 * The role the worker and the API server connect as (least privilege): it reads and writes rows,
 * and nothing more. Tables stay owned by the role that ran the migrations, so the application
 * cannot alter or drop them, nor disable a trigger (that needs ownership); `audit_entry` takes only
 * INSERT and SELECT; the migrations table only SELECT. Run as the owner after every migration
 * (new tables get their grants here, by name). Creates the role when missing, sets its password, and
 * returns the URL to connect as it. Idempotent, and safe to run from several processes at once.
 */
export async function grantApplicationRole(ownerUrl: string, role: string, password: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const schema = quoteIdent(schemaOf(ownerUrl));
    const r = quoteIdent(role);
    // Roles belong to the cluster: two processes creating it at once is fine, one of them wins.
    await client.query(`DO $$ BEGIN CREATE ROLE ${r} LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    // ALTER ROLE takes no parameters; the server stores the password as a SCRAM verifier.
    await client.query(`ALTER ROLE ${r} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${quoteLiteral(password)}`);
    const database = quoteIdent((await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db);
    const tables = (
      await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`, [schemaOf(ownerUrl)])
    ).rows.map((t) => t.name);
    const statements = [
      `GRANT CONNECT ON DATABASE ${database} TO ${r}`,
      `GRANT USAGE ON SCHEMA ${schema} TO ${r}`,
      `REVOKE CREATE ON SCHEMA ${schema} FROM ${r}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${r}`,
      ...tables.flatMap((name) => {
        const table = `${schema}.${quoteIdent(name)}`;
        if (name === '_prisma_migrations') return [`REVOKE ALL ON ${table} FROM ${r}`, `GRANT SELECT ON ${table} TO ${r}`];
        if (APPEND_ONLY.includes(name)) return [`REVOKE ALL ON ${table} FROM ${r}`, `GRANT SELECT, INSERT ON ${table} TO ${r}`];
        return [`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${r}`, `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ${table} FROM ${r}`];
      }),
    ];
    await client.query('BEGIN');
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
