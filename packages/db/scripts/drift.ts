// `pnpm -F @chidao/db drift`: checks that the migrations produce exactly what schema.prisma describes.
// With DATABASE_URL set, checks that database as it is (without migrating it) instead.
import { checkDrift, formatDrift } from '../src/drift';
import { createTestDatabase } from '../src/testing';

const target = process.env.DATABASE_URL;
const scratch = target ? null : await createTestDatabase();
try {
  const differences = await checkDrift(target ?? scratch!.url);
  const where = target ? 'The database at DATABASE_URL' : 'A fresh database after all migrations';
  if (differences.length === 0) {
    console.log(`${where} matches schema.prisma.`);
  } else {
    console.error(`${where} differs from schema.prisma:\n${formatDrift(differences)}`);
    process.exitCode = 1;
  }
} finally {
  await scratch?.drop();
}
// The embedded cluster of createTestDatabase() is removed by its exit handler.
process.exit();
