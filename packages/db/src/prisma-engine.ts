import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { MIGRATIONS_DIR } from './migrate';

/**
 * Prisma's schema engine compiled to WebAssembly, as the Prisma CLI uses it with driver adapters.
 * Unlike the native engine it needs no download, so it runs here: the compatibility test uses it to
 * judge our migration bookkeeping, and scripts/migration.ts to write migrations the way
 * `prisma migrate dev` would. (Its introspection of PostgreSQL through the pg adapter fails on
 * catalog columns of type "char", so diffs against a live database are out of reach.)
 *
 * Dev-only (devDependencies); the package index does not export it.
 */

interface WasmRuntime {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
  SchemaEngine: typeof SchemaEngine;
}

// The package's lib settings carry no WebAssembly typings; this is the little used here.
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
  };
};

let runtime: Promise<WasmRuntime> | undefined;

/** Instantiates the engine the way @prisma/internals' wasmSchemaEngineLoader does. */
function loadRuntime(): Promise<WasmRuntime> {
  runtime ??= (async () => {
    const bindings = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const loaded = (await import(bindings)) as WasmRuntime;
    const module = new wasm.Module(await readFile(join(dirname(bindings), 'schema_engine_bg.wasm')));
    const instance = new wasm.Instance(module, { './schema_engine_bg.js': loaded });
    loaded.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return loaded;
  })();
  return runtime;
}

export interface OpenSchemaEngine {
  readonly engine: SchemaEngine;
  /** Frees the engine and closes its connections (which hold Prisma's migrate advisory lock). */
  close(): Promise<void>;
}

/** An engine for `schema`, connected to the database at `url` (it insists on a connection). */
export async function openSchemaEngine(url: string, schema: string): Promise<OpenSchemaEngine> {
  const { SchemaEngine } = await loadRuntime();
  const pool = new pg.Pool({ connectionString: url });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => {}, adapter);
  return {
    engine,
    close: async () => {
      engine.free();
      await pool.end();
    },
  };
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The migrations folder in the shape the engine takes. */
export async function migrationsList(dir: string = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true });
  const migrationDirectories = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(async (e) => ({
        path: e.name,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(join(dir, e.name, 'migration.sql'), 'utf8') },
        },
      })),
  );
  const lockfile = await readFile(join(dir, 'migration_lock.toml'), 'utf8').catch(() => null);
  return { baseDir: dir, lockfile: { path: 'migration_lock.toml', content: lockfile }, shadowDbInitScript: '', migrationDirectories };
}

/** The SQL Prisma generates to go from one schema to another ('' when they agree). */
export async function migrationSql(url: string, from: string | null, to: string): Promise<string> {
  const { engine, close } = await openSchemaEngine(url, to);
  try {
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: to }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    // A diff from nothing also creates the schema, which a migrations folder never does.
    return (result.stdout ?? '').replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/, '').replace(/^-- This is an empty migration\.\s*$/, '');
  } finally {
    await close();
  }
}
