import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
// A CommonJS bundle whose named exports Node cannot detect: take them off the default export.
import internals from '@prisma/internals';
import pg from 'pg';
import { schemaOf } from './connection';

const { getDMMF } = internals;

/**
 * Schema drift check: does a database (normally: a fresh one after all migrations) have exactly the
 * tables, columns, keys, indexes and foreign keys that schema.prisma describes, named the way Prisma
 * names them? Prisma's `migrate diff` would answer this, but it needs the native schema engine.
 *
 * Both sides are reduced to the same plain shape and compared. Covered: models/@@map, fields/@map,
 * scalar and native types, lists, enums, nullability, defaults, @id/@@id, @unique/@@unique, @@index
 * (columns, order, method), relations (columns, referenced table and columns, referential actions).
 * Not covered (the checker throws or they cannot be seen in DMMF): implicit many-to-many tables, custom
 * foreign key names (`@relation(map:)`), views, multiple schemas, CHECK constraints added by hand.
 *
 * Dev-only: it needs @prisma/internals, so the package index does not export it.
 */

export const SCHEMA_PATH = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));

export interface ColumnShape {
  /** As PostgreSQL's format_type() prints it: `text`, `timestamp(3) with time zone`, `text[]`. */
  readonly type: string;
  readonly nullable: boolean;
  /**
   * The default, normalised (`false`, `CURRENT_TIMESTAMP`, `abc` for `'abc'::text`), or null. On the
   * expected side `*` matches any default and a trailing `*` matches by prefix.
   */
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

export function formatDrift(differences: readonly DriftDifference[]): string {
  return differences.map((d) => `- ${d.object}: ${d.problem}`).join('\n');
}

// ---------------------------------------------------------------------------------------------
// schema.prisma → shape

type Dmmf = Awaited<ReturnType<typeof getDMMF>>;
type Model = Dmmf['datamodel']['models'][number];
type Field = Model['fields'][number];

/** PostgreSQL's identifier limit; Prisma trims generated constraint names to fit it. */
const MAX_IDENTIFIER = 63;

/** Prisma's default constraint and index names (ConstraintNames in prisma-engines). */
function constraintName(table: string, columns: readonly string[], suffix: '_pkey' | '_key' | '_idx' | '_fkey'): string {
  const base = suffix === '_pkey' ? table : `${table}_${columns.join('_')}`;
  const room = MAX_IDENTIFIER - suffix.length;
  return `${base.length >= room ? base.slice(0, room) : base}${suffix}`;
}

/** How format_type() prints a type name: quoted unless a plain lower-case identifier. */
function typeName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

const SCALAR_TYPES: Readonly<Record<string, string>> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function nativeType(name: string, args: readonly string[]): string {
  const precision = args[0] === undefined ? '' : `(${args[0]})`;
  const plain: Readonly<Record<string, string>> = {
    Text: 'text',
    Uuid: 'uuid',
    Xml: 'xml',
    Inet: 'inet',
    Citext: 'citext',
    Integer: 'integer',
    SmallInt: 'smallint',
    BigInt: 'bigint',
    Oid: 'oid',
    DoublePrecision: 'double precision',
    Real: 'real',
    Money: 'money',
    Boolean: 'boolean',
    Date: 'date',
    Json: 'json',
    JsonB: 'jsonb',
    ByteA: 'bytea',
  };
  const simple = plain[name];
  if (simple) return simple;
  switch (name) {
    case 'VarChar':
      return `character varying${precision}`;
    case 'Char':
      return `character${precision || '(1)'}`;
    case 'Decimal':
      return args.length > 0 ? `numeric(${args.join(',')})` : 'numeric';
    case 'Timestamp':
      return `timestamp${precision} without time zone`;
    case 'Timestamptz':
      return `timestamp${precision} with time zone`;
    case 'Time':
      return `time${precision} without time zone`;
    case 'Timetz':
      return `time${precision} with time zone`;
    case 'Bit':
      return `bit${precision || '(1)'}`;
    case 'VarBit':
      return `bit varying${precision}`;
    default:
      throw new Error(`The drift check does not know the native type @db.${name}`);
  }
}

function expectedType(field: Field, enumNames: ReadonlyMap<string, string>): string {
  let base: string | undefined;
  if (field.kind === 'enum') base = typeName(enumNames.get(field.type) ?? field.type);
  else if (field.nativeType) base = nativeType(field.nativeType[0], field.nativeType[1]);
  else base = SCALAR_TYPES[field.type];
  if (base === undefined) throw new Error(`The drift check does not know the type of ${field.name} (${field.type})`);
  return field.isList ? `${base}[]` : base;
}

function expectedDefault(field: Field): string | null {
  if (!field.hasDefaultValue || field.default === undefined) return null;
  const value = field.default;
  if (Array.isArray(value)) return '*';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return field.type === 'DateTime' || field.type === 'Bytes' ? '*' : value;
  const fn = value as { readonly name: string; readonly args: readonly unknown[] };
  switch (fn.name) {
    case 'now':
      return 'CURRENT_TIMESTAMP';
    case 'autoincrement':
    case 'sequence':
      return 'nextval(*';
    // Generated by the Prisma client, not by the database.
    case 'uuid':
    case 'cuid':
    case 'nanoid':
    case 'ulid':
      return null;
    case 'dbgenerated':
      return fn.args.length > 0 ? '*' : null;
    default:
      return '*';
  }
}

const REFERENTIAL_ACTIONS: Readonly<Record<string, string>> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

const INDEX_METHODS: Readonly<Record<string, string>> = {
  BTree: 'btree',
  Hash: 'hash',
  Gist: 'gist',
  Gin: 'gin',
  SpGist: 'spgist',
  Brin: 'brin',
};

export async function expectedSchema(schemaText: string): Promise<SchemaShape> {
  const dmmf = await getDMMF({ datamodel: schemaText });
  const { models, enums, indexes } = dmmf.datamodel;
  const enumNames = new Map(enums.map((e) => [e.name, e.dbName ?? e.name] as const));
  const modelsByName = new Map(models.map((m) => [m.name, m] as const));
  const tableOf = (model: Model): string => model.dbName ?? model.name;
  const columnOf = (model: Model, fieldName: string): string => {
    const field = model.fields.find((f) => f.name === fieldName);
    return field?.dbName ?? fieldName;
  };

  const tables: Record<string, { columns: Record<string, ColumnShape>; primaryKey: TableShape['primaryKey']; indexes: Record<string, IndexShape>; foreignKeys: Record<string, ForeignKeyShape> }> = {};
  for (const model of models) {
    const table = tableOf(model);
    const shape = { columns: {} as Record<string, ColumnShape>, primaryKey: null as TableShape['primaryKey'], indexes: {}, foreignKeys: {} as Record<string, ForeignKeyShape> };
    for (const field of model.fields) {
      if (field.kind === 'object') continue;
      shape.columns[field.dbName ?? field.name] = {
        type: expectedType(field, enumNames),
        // Prisma leaves list columns nullable whatever the field says.
        nullable: !field.isRequired || field.isList,
        default: expectedDefault(field),
      };
    }
    for (const field of model.fields) {
      if (field.kind !== 'object') continue;
      const target = modelsByName.get(field.type);
      if (!target) throw new Error(`Relation ${model.name}.${field.name} points at unknown model ${field.type}`);
      const from = field.relationFromFields ?? [];
      if (from.length === 0) {
        const back = target.fields.find((f) => f.relationName === field.relationName && f !== field);
        if (field.isList && back?.isList) {
          throw new Error(`The drift check does not support the implicit many-to-many relation ${field.relationName}`);
        }
        continue; // the other side holds the foreign key
      }
      const columns = from.map((name) => columnOf(model, name));
      const optional = from.some((name) => !model.fields.find((f) => f.name === name)?.isRequired);
      shape.foreignKeys[constraintName(table, columns, '_fkey')] = {
        columns,
        referencedTable: tableOf(target),
        referencedColumns: (field.relationToFields ?? []).map((name) => columnOf(target, name)),
        onDelete: REFERENTIAL_ACTIONS[field.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict')] ?? String(field.relationOnDelete),
        onUpdate: REFERENTIAL_ACTIONS[field.relationOnUpdate ?? 'Cascade'] ?? String(field.relationOnUpdate),
      };
    }
    tables[table] = shape;
  }

  for (const index of indexes) {
    const model = modelsByName.get(index.model);
    if (!model) continue;
    const table = tableOf(model);
    const shape = tables[table];
    if (!shape) continue;
    const columns = index.fields.map((f) => columnOf(model, f.name));
    switch (index.type) {
      case 'id':
        shape.primaryKey = { name: index.dbName ?? constraintName(table, columns, '_pkey'), columns };
        break;
      case 'unique':
      case 'normal':
        shape.indexes[index.dbName ?? constraintName(table, columns, index.type === 'unique' ? '_key' : '_idx')] = {
          columns,
          unique: index.type === 'unique',
          method: INDEX_METHODS[index.algorithm ?? 'BTree'] ?? String(index.algorithm).toLowerCase(),
          descending: index.fields.map((f) => f.sortOrder === 'desc'),
        };
        break;
      default:
        throw new Error(`The drift check does not support ${index.type} indexes (on ${index.model})`);
    }
  }

  return {
    tables,
    enums: Object.fromEntries(enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)])),
  };
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

function defaultMatches(expected: string | null, actual: string | null): boolean {
  if (expected === '*') return actual !== null;
  if (expected !== null && expected.endsWith('*')) return actual !== null && actual.startsWith(expected.slice(0, -1));
  return expected === actual;
}

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
      if (!defaultMatches(wantColumn.default, haveColumn.default)) {
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
