import { describe, expect, it } from 'vitest';
import { crossAppImports, importCycles, packageImportCycles } from './import-cycles';
import { repoRoot } from './index';

describe('import cycles', () => {
  it('finds circles of any length, and files importing themselves', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(importCycles(graph).map((group) => group.join(' '))).toEqual(['a b c', 'e']);
    expect(importCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('no module inside packages/*/src imports itself through others (type-only imports included)', () => {
    expect(packageImportCycles(repoRoot())).toEqual([]);
  });

  it('no app imports another app (shared code lives in packages/*)', () => {
    expect(crossAppImports(repoRoot())).toEqual([]);
  });
});
