import { z } from 'zod';
import { vietnam2025 } from '@chidao/admin-units';
import { createDb, createRepositories, migrate } from '@chidao/db';
import { seedProvinces2025 } from './units';

// `DATABASE_URL=… npm run units -- <province code> […]` (or `all`): a province of the map of 1/7/2025
// into a database of one's own, from the official lists: its People's Committee, agencies and
// organisations, and every xã, phường and đặc khu with its code. No accounts are made (see
// `npm run account`). Running it again changes nothing; units keep their ids.

const USAGE = `usage: DATABASE_URL=… npm run units -- <province code (e.g. 91)> […] | all
  Seeds provinces of the two-level map of 1/7/2025 from the official lists (packages/admin-units).`;

async function main(argv: readonly string[]): Promise<number> {
  const url = z.string().url().safeParse(process.env.DATABASE_URL);
  const lists = vietnam2025();
  const codes = argv.includes('all') ? lists.provinces.map((p) => p.code) : [...argv];
  const unknown = codes.filter((c) => !lists.provinces.some((p) => p.code === c));
  if (!url.success || codes.length === 0 || unknown.length > 0) {
    if (unknown.length > 0) process.stderr.write(`No province with code ${unknown.join(', ')} in the list of 1/7/2025.\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  await migrate(url.data);
  const db = createDb(url.data);
  try {
    for (const p of await seedProvinces2025(createRepositories(db), codes, lists)) {
      process.stdout.write(`${p.code} ${p.name}: ${p.communes} xã, phường, đặc khu and ${p.agencies} agencies and organisations\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
