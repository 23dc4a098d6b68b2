// Rewrites fixtures/*.expected.json from the parser. The expected drafts are the spec: read the diff
// before keeping it. Run: pnpm -F @chidao/intake exec tsx scripts/write-expected.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { dispatchFixtures } from '../src/fixtures';
import { parseDispatch } from '../src/parse';

for (const fixture of dispatchFixtures()) {
  const draft = parseDispatch(readFileSync(fixture.path, 'utf8'));
  writeFileSync(fixture.expectedPath, `${JSON.stringify(draft, null, 2)}\n`);
  console.log(`wrote ${fixture.expectedPath}`);
}
