import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift, compareSchemas, expectedSchema, formatDrift, introspect, SCHEMA_PATH, type SchemaShape } from './drift';
import { createTestDatabase, type TestDatabase } from './testing';

/**
 * The migrations and schema.prisma must describe the same database: src/drift.ts compares a database
 * built by the migrations with one built by the SQL Prisma's schema engine generates for schema.prisma.
 */

let db: TestDatabase;
let schemaText: string;
let migrated: SchemaShape;

beforeAll(async () => {
  db = await createTestDatabase();
  schemaText = await readFile(SCHEMA_PATH, 'utf8');
  migrated = await introspect(db.url);
});
afterAll(() => db?.drop());

async function exec(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** schema.prisma with `addition` inserted just before the closing brace of `model`. */
function withInModel(model: string, addition: string): string {
  const start = schemaText.indexOf(`model ${model} {`);
  const end = schemaText.indexOf('\n}', start);
  expect(start).toBeGreaterThanOrEqual(0);
  return `${schemaText.slice(0, end)}\n  ${addition}${schemaText.slice(end)}`;
}

describe('migrations against schema.prisma', () => {
  it('produce exactly the database schema.prisma describes', async () => {
    const differences = await checkDrift(db.url);
    expect(formatDrift(differences)).toBe('');
  });

  it('are seen with the names and shapes Prisma gives them', () => {
    const assignment = migrated.tables.assignment!;
    expect(assignment.primaryKey).toEqual({ name: 'assignment_pkey', columns: ['id'] });
    expect(assignment.columns.task_ids).toEqual({ type: 'text[]', nullable: true, default: null });
    expect(assignment.columns.issued_at).toEqual({ type: 'timestamp(3) with time zone', nullable: false, default: null });
    expect(assignment.indexes.assignment_directive_id_unit_id_key).toMatchObject({ columns: ['directive_id', 'unit_id'], unique: true });
    expect(assignment.foreignKeys.assignment_unit_id_fkey).toEqual({
      columns: ['unit_id'],
      referencedTable: 'unit',
      referencedColumns: ['id'],
      onDelete: 'RESTRICT',
      onUpdate: 'CASCADE',
    });
    expect(migrated.tables.unit!.foreignKeys.unit_parent_id_fkey).toMatchObject({ onDelete: 'SET NULL', onUpdate: 'CASCADE' });
    expect(migrated.tables.directive!.columns.body).toEqual({ type: 'jsonb', nullable: false, default: null });
    expect(migrated.tables.directive!.columns.date).toEqual({ type: 'date', nullable: false, default: null });
    expect(migrated.tables.app_user!.columns.created_at).toEqual({
      type: 'timestamp(3) with time zone',
      nullable: false,
      default: 'CURRENT_TIMESTAMP',
    });
  });

  describe('fail when schema.prisma changes without a migration', () => {
    const cases: Array<[string, () => string, string]> = [
      ['a field', () => withInModel('Unit', 'note String?'), 'column unit.note'],
      ['a model', () => `${schemaText}\nmodel Memo {\n  id String @id\n  @@map("memo")\n}\n`, 'table memo'],
      ['an index', () => withInModel('Directive', '@@index([reference])'), 'index directive_reference_idx'],
      ['a unique constraint', () => withInModel('Unit', '@@unique([parentId, name])'), 'index unit_parent_id_name_key'],
      ['a relation', () => withInModel('Directive', 'issuer Unit @relation("Issued", fields: [issuerUnitId], references: [id])').replace('assignments     Assignment[]\n\n  @@index([parentId])', 'assignments     Assignment[]\n  issued          Directive[] @relation("Issued")\n\n  @@index([parentId])'), 'foreign key directive_issuer_unit_id_fkey'],
    ];
    for (const [what, edit, object] of cases) {
      it(`such as ${what}`, async () => {
        const differences = compareSchemas(await expectedSchema(edit()), migrated);
        expect(differences.map((d) => d.object)).toEqual([object]);
      });
    }

    it('such as a changed type, nullability or default', async () => {
      const edited = schemaText
        .replace('depth           Int', 'depth           BigInt')
        .replace('subject           String', 'subject           String?')
        .replace('demo        Boolean  @default(false)', 'demo        Boolean  @default(true)');
      const problems = compareSchemas(await expectedSchema(edited), migrated).map((d) => `${d.object}: ${d.problem}`);
      expect(problems.sort()).toEqual([
        'column app_user.demo: default true in schema.prisma, false in the database',
        'column directive.subject: nullable in schema.prisma, NOT NULL in the database',
        'column unit.depth: type bigint in schema.prisma, integer in the database',
      ]);
    });
  });

  it('fail when a migration changes the database beyond schema.prisma', async () => {
    const other = await createTestDatabase();
    try {
      await exec(
        other.url,
        `ALTER TABLE "unit" ADD COLUMN "note" TEXT;
         CREATE INDEX "directive_reference_idx" ON "directive"("reference");
         CREATE TABLE "memo" ("id" TEXT NOT NULL, CONSTRAINT "memo_pkey" PRIMARY KEY ("id"));
         ALTER TABLE "assignment" DROP CONSTRAINT "assignment_unit_id_fkey";
         ALTER TABLE "assignment" ADD CONSTRAINT "assignment_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;`,
      );
      const objects = (await checkDrift(other.url)).map((d) => d.object).sort();
      expect(objects).toEqual(['column unit.note', 'foreign key assignment_unit_id_fkey', 'index directive_reference_idx', 'table memo']);
    } finally {
      await other.drop();
    }
  });
});
