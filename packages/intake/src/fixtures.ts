import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dispatches in `fixtures/` that have an expected draft beside them (`<name>.expected.json`). */
export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function dispatchFixtures(): { name: string; path: string; expectedPath: string }[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => /\.(txt|md)$/.test(f) && !f.startsWith('not-a-dispatch') && f !== 'README.md')
    .sort()
    .map((f) => ({ name: f, path: join(FIXTURES_DIR, f), expectedPath: join(FIXTURES_DIR, f.replace(/\.(txt|md)$/, '.expected.json')) }));
}
