import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { schemaOf } from './connection';
import { migrationSql } from './prisma-engine';
import { createTestDatabase } from './testing';

/**
 * Schema drift check: does a database (normally: a fresh one after all migrations) have exactly the
 * tables, columns, keys, indexes, foreign keys and enums that schema.prisma describes?
 *
 * Prisma states the expected side: its schema engine (the WebAssembly build, src/prisma-engine.ts)
 * writes the SQL for schema.prisma, as `prisma migrate dev` would from nothing, and that SQL builds a
 * scratch database. Both databases are read back into the same plain shape and compared, so the
 * answer is "the diff from the migrations to schema.prisma is empty" without `prisma migrate diff`,
 * whose introspection of a live database fails through the pg adapter (see prisma-engine.ts).
 *
 * Dev-only: it needs the engine and the test databases, so the package index does not export it.
 */

export const SCHEMA_PATH = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));

export interface ColumnShape {
  /** As PostgreSQL's format_type() prints it: `text`, `timestamp(3) with time zone`, `text[]`. */
  readonly type: string;
  readonly nullable: boolean;
  /** The default, normalised (`false`, `CURRENT_TIMESTAMP`, `abc` for `'abc'::text`), or null. */
  readonly default: string | null;
}

export interface IndexShape {
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** btree, hash, gin, … */
  readonly method: string;
  readonly descending: readonly boolean[];
  /** Partial or expression index: something schema.prisma cannot describe. */
  readonly special?: string;
}

export interface ForeignKeyShape {
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  /** SQL spelling: RESTRICT, CASCADE, SET NULL, SET DEFAULT, NO ACTION. */
  readonly onDelete: string;
  readonly onUpdate: string;
}

export interface TableShape {
  readonly columns: Readonly<Record<string, ColumnShape>>;
  readonly primaryKey: { readonly name: string; readonly columns: readonly string[] } | null;
  /** By index name; includes unique indexes and unique constraints, not the primary key. */
  readonly indexes: Readonly<Record<string, IndexShape>>;
  /** By constraint name. */
  readonly foreignKeys: Readonly<Record<string, ForeignKeyShape>>;
}

export interface SchemaShape {
  readonly tables: Readonly<Record<string, TableShape>>;
  readonly enums: Readonly<Record<string, readonly string[]>>;
}

export interface DriftDifference {
  /** `table unit`, `column unit.path`, `index unit_path_idx`, … */
  readonly object: string;
  readonly problem: string;
}

/** Compares a database against schema.prisma; an empty list means no drift. */
export async function checkDrift(databaseUrl: string, options: { schemaPath?: string } = {}): Promise<DriftDifference[]> {
  const schemaText = await readFile(options.schemaPath ?? SCHEMA_PATH, 'utf8');
  return compareSchemas(await expectedSchema(schemaText), await introspect(databaseUrl));
}

/** The database `schemaText` describes, as Prisma's schema engine builds it in a scratch database. */
export async function expectedSchema(schemaText: string): Promise<SchemaShape> {
  const scratch = await createTestDatabase({ migrate: false });
  try {
    return await engineSchema(schemaText, scratch.url);
  } finally {
    await scratch.drop();
  }
}

/** Builds `schemaText` in the empty database at `emptyUrl` with the SQL Prisma generates for it, and reads it back. */
export async function engineSchema(schemaText: string, emptyUrl: string): Promise<SchemaShape> {
  const sql = await migrationSql(emptyUrl, null, schemaText);
  const client = new pg.Client({ connectionString: emptyUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
  return introspect(emptyUrl);
}

export function formatDrift(differences: readonly DriftDifference[]): string {
  return differences.map((d) => `- ${d.object}: ${d.problem}`).join('\n');
}

// ---------------------------------------------------------------------------------------------
// database → shape

const ACTION_CODES: Readonly<Record<string, string>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** `'abc'::text` → `abc`, `(-1)` → `-1`; anything else as PostgreSQL prints it. */
function normaliseDefault(expression: string | null): string | null {
  if (expression === null) return null;
  const text = expression.trim();
  const literal = /^'((?:[^']|'')*)'::[^']+$/.exec(text);
  if (literal) return (literal[1] ?? '').replaceAll("''", "'");
  const negative = /^\((-?[\d.]+)\)$/.exec(text);
  if (negative) return negative[1] ?? text;
  return text;
}

/** The tables of the URL's schema (Prisma's `?schema=`, default public), without `_prisma_migrations`. */
export async function introspect(databaseUrl: string): Promise<SchemaShape> {
  const schema = schemaOf(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables: Record<string, { columns: Record<string, ColumnShape>; primaryKey: TableShape['primaryKey']; indexes: Record<string, IndexShape>; foreignKeys: Record<string, ForeignKeyShape> }> = {};
    const tableRows = await client.query<{ table: string }>(
      `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'`,
      [schema],
    );
    for (const { table } of tableRows.rows) tables[table] = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };

    const columns = await client.query<{ table: string; column: string; type: string; nullable: boolean; default: string | null }>(
      `SELECT c.relname AS table, a.attname::text AS column, format_type(a.atttypid, a.atttypmod) AS type,
              NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY c.relname, a.attnum`,
      [schema],
    );
    for (const row of columns.rows) {
      const table = tables[row.table];
      if (table) table.columns[row.column] = { type: row.type, nullable: row.nullable, default: normaliseDefault(row.default) };
    }

    const indexRows = await client.query<{
      table: string;
      name: string;
      unique: boolean;
      primary: boolean;
      method: string;
      columns: Array<string | null>;
      options: number[];
      expressions: boolean;
      partial: boolean;
    }>(
      `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary, am.amname::text AS method,
              ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
              ix.indoption::int2[] AS options, ix.indexprs IS NOT NULL AS expressions, ix.indpred IS NOT NULL AS partial
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
       WHERE n.nspname = $1`,
      [schema],
    );
    for (const row of indexRows.rows) {
      const table = tables[row.table];
      if (!table || row.primary) continue;
      const special = [row.expressions ? 'expression' : '', row.partial ? 'partial' : ''].filter(Boolean).join(', ');
      table.indexes[row.name] = {
        columns: row.columns.map((c) => c ?? '(expression)'),
        unique: row.unique,
        method: row.method,
        // Bit 0 of indoption is DESC.
        descending: row.options.slice(0, row.columns.length).map((o) => (o & 1) === 1),
        ...(special ? { special } : {}),
      };
    }

    const constraints = await client.query<{
      table: string;
      name: string;
      type: string;
      columns: string[];
      referenced_table: string | null;
      referenced_columns: string[];
      on_delete: string;
      on_update: string;
    }>(
      `SELECT t.relname AS table, con.conname::text AS name, con.contype::text AS type,
              ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
              rt.relname::text AS referenced_table,
              ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns,
              con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_class rt ON rt.oid = con.confrelid
       WHERE n.nspname = $1 AND con.contype IN ('p', 'f')`,
      [schema],
    );
    for (const row of constraints.rows) {
      const table = tables[row.table];
      if (!table) continue;
      if (row.type === 'p') {
        table.primaryKey = { name: row.name, columns: row.columns };
      } else {
        table.foreignKeys[row.name] = {
          columns: row.columns,
          referencedTable: row.referenced_table ?? '?',
          referencedColumns: row.referenced_columns,
          onDelete: ACTION_CODES[row.on_delete] ?? row.on_delete,
          onUpdate: ACTION_CODES[row.on_update] ?? row.on_update,
        };
      }
    }

    const enumRows = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = $1 GROUP BY t.typname`,
      [schema],
    );
    return { tables, enums: Object.fromEntries(enumRows.rows.map((row) => [row.name, row.values])) };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// comparison

const list = (values: readonly unknown[]): string => `(${values.join(', ')})`;

function describeIndex(index: IndexShape): string {
  const columns = index.columns.map((c, i) => (index.descending[i] ? `${c} DESC` : c));
  return `${index.unique ? 'UNIQUE ' : ''}${index.method} ${list(columns)}${index.special ? ` [${index.special}]` : ''}`;
}

function describeForeignKey(fk: ForeignKeyShape): string {
  return `${list(fk.columns)} → ${fk.referencedTable}${list(fk.referencedColumns)} ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
}

function compareNamed<T>(
  kind: string,
  expected: Readonly<Record<string, T>>,
  actual: Readonly<Record<string, T>>,
  describe: (value: T) => string,
  out: DriftDifference[],
): void {
  for (const [name, want] of Object.entries(expected)) {
    const have = actual[name];
    if (have === undefined) out.push({ object: `${kind} ${name}`, problem: `in schema.prisma, missing from the database: ${describe(want)}` });
    else if (describe(have) !== describe(want)) {
      out.push({ object: `${kind} ${name}`, problem: `schema.prisma has ${describe(want)}, the database has ${describe(have)}` });
    }
  }
  for (const [name, have] of Object.entries(actual)) {
    if (!(name in expected)) out.push({ object: `${kind} ${name}`, problem: `in the database, not in schema.prisma: ${describe(have)}` });
  }
}

export function compareSchemas(expected: SchemaShape, actual: SchemaShape): DriftDifference[] {
  const out: DriftDifference[] = [];
  for (const name of Object.keys(expected.tables)) {
    if (!(name in actual.tables)) out.push({ object: `table ${name}`, problem: 'in schema.prisma, missing from the database' });
  }
  for (const name of Object.keys(actual.tables)) {
    if (!(name in expected.tables)) out.push({ object: `table ${name}`, problem: 'in the database, not in schema.prisma' });
  }
  for (const [tableName, want] of Object.entries(expected.tables)) {
    const have = actual.tables[tableName];
    if (!have) continue;
    for (const [column, wantColumn] of Object.entries(want.columns)) {
      const object = `column ${tableName}.${column}`;
      const haveColumn = have.columns[column];
      if (!haveColumn) {
        out.push({ object, problem: 'in schema.prisma, missing from the database' });
        continue;
      }
      if (haveColumn.type !== wantColumn.type) out.push({ object, problem: `type ${wantColumn.type} in schema.prisma, ${haveColumn.type} in the database` });
      if (haveColumn.nullable !== wantColumn.nullable) {
        out.push({ object, problem: `${wantColumn.nullable ? 'nullable' : 'NOT NULL'} in schema.prisma, ${haveColumn.nullable ? 'nullable' : 'NOT NULL'} in the database` });
      }
      if (haveColumn.default !== wantColumn.default) {
        out.push({ object, problem: `default ${wantColumn.default ?? 'none'} in schema.prisma, ${haveColumn.default ?? 'none'} in the database` });
      }
    }
    for (const column of Object.keys(have.columns)) {
      if (!(column in want.columns)) out.push({ object: `column ${tableName}.${column}`, problem: 'in the database, not in schema.prisma' });
    }
    const pk = (key: TableShape['primaryKey']): string => (key ? `${key.name} ${list(key.columns)}` : 'none');
    if (pk(want.primaryKey) !== pk(have.primaryKey)) {
      out.push({ object: `primary key of ${tableName}`, problem: `${pk(want.primaryKey)} in schema.prisma, ${pk(have.primaryKey)} in the database` });
    }
    compareNamed('index', want.indexes, have.indexes, describeIndex, out);
    compareNamed('foreign key', want.foreignKeys, have.foreignKeys, describeForeignKey, out);
  }
  compareNamed('enum', expected.enums, actual.enums, (values) => list(values), out);
  return out;
}
