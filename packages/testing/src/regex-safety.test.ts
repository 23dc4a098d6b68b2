import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, type Diagnostics } from 'recheck';
import { describe, expect, it } from 'vitest';
import { regexSites, type RegexSite } from './regex-sites';

/**
 * Every regular expression written in apps/<name>/src and packages/<name>/src is checked with
 * recheck, a ReDoS checker: one that can take super-linear time on some input (a hostile paste of
 * 100k characters once blocked the API for 40 s) fails this test with where it is and an input
 * that shows it.
 *
 * recheck runs as its native binary (recheck-linux-x64 and the like, optional dependencies it picks
 * itself); checking all patterns takes it some 25 s of CPU. Patterns found safe are remembered in
 * node_modules/.cache, keyed by recheck's version and settings, so a later run checks only new ones.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'regex-safety.json');
const RECHECK_VERSION: string = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('recheck/package.json'), 'utf8')).version;

/**
 * Per pattern: at most 60 s (the slowest takes 6 s of CPU), after which it counts as not checked.
 * Within that, recheck's search is bounded by step counts rather than the clock, so its verdict
 * does not depend on how busy the machine is.
 */
const PARAMS = { timeout: 60_000, attackTimeout: null, incubationTimeout: null, seedingTimeout: null };

/**
 * Flagged patterns that stay, by file and pattern, each with why no input can make it slow. Only
 * for a pattern whose input is short by construction; any other is to be rewritten.
 */
const ALLOWED: Record<string, string> = {};

/** Patterns built at run time (no checker can read them from the code), by file and name, each with why it is safe. */
const DYNAMIC: Record<string, string> = {
  'packages/intake/src/actors.ts HEAD_RE': 'an anchored alternation of fixed words (HEADS)',
  'packages/intake/src/actors.ts HEAD_RE_ANY_CASE': 'HEAD_RE ignoring case',
  'packages/intake/src/actors.ts VERB_RE': 'an anchored alternation of fixed words (VERBS)',
  'packages/intake/src/parse/header.ts re': "the issuer's name, escaped, its words joined by \\s+: at most MAX_NAME_LENGTH characters of literal words",
};

const patternOf = (site: RegexSite) => `/${site.source}/${site.flags}`;
const keyOf = (site: RegexSite) => `${site.file} ${patternOf(site)}`;

interface Cache {
  readonly recheck: string;
  readonly params: string;
  readonly safe: string[];
}

function readSafe(): Set<string> {
  try {
    const cache = JSON.parse(readFileSync(CACHE, 'utf8')) as Cache;
    return cache.recheck === RECHECK_VERSION && cache.params === JSON.stringify(PARAMS) ? new Set(cache.safe) : new Set();
  } catch {
    return new Set();
  }
}

function writeSafe(safe: Iterable<string>): void {
  const cache: Cache = { recheck: RECHECK_VERSION, params: JSON.stringify(PARAMS), safe: [...safe].sort() };
  mkdirSync(dirname(CACHE), { recursive: true });
  const temporary = `${CACHE}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(cache, null, 1));
  renameSync(temporary, CACHE);
}

/** recheck's verdict on each distinct pattern, those known safe skipped; a few at a time, as its agent checks them in parallel. */
async function verdicts(patterns: readonly { source: string; flags: string }[]): Promise<Map<string, Diagnostics>> {
  const out = new Map<string, Diagnostics>();
  let next = 0;
  const worker = async () => {
    while (next < patterns.length) {
      const { source, flags } = patterns[next++]!;
      out.set(`/${source}/${flags}`, await check(source, flags, PARAMS));
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
  return out;
}

function report(site: RegexSite, result: Diagnostics): string {
  const where = `${site.file}:${site.line} ${patternOf(site)}`;
  if (result.status === 'vulnerable') return `${where}\n    ${result.complexity.summary}; slow on ${result.attack.pattern}`;
  if (result.status === 'unknown') return `${where}\n    not checked: ${JSON.stringify(result.error)}`;
  return where;
}

describe('regular expressions', () => {
  const { sites, dynamic } = regexSites(ROOT);

  it('are found in the sources', () => {
    // The parser's at least: if none are found, the walk is broken, not the code clean.
    expect(sites.filter((s) => s.file.startsWith('packages/intake/')).length).toBeGreaterThan(50);
  });

  it('cannot take super-linear time', async () => {
    const known = readSafe();
    const unchecked = [...new Map(sites.filter((s) => !known.has(patternOf(s))).map((s) => [patternOf(s), s])).values()];
    const results = await verdicts(unchecked);
    const safe = new Set([...sites.map(patternOf)].filter((p) => known.has(p) || results.get(p)?.status === 'safe'));
    writeSafe(safe);

    const flagged = sites.filter((s) => !safe.has(patternOf(s)));
    const unsafe = flagged.filter((s) => !(keyOf(s) in ALLOWED)).map((s) => report(s, results.get(patternOf(s))!));
    expect(unsafe, 'unsafe (or unchecked) regular expressions').toEqual([]);
    // An allowance left after its pattern was fixed or removed goes too.
    const stale = Object.keys(ALLOWED).filter((k) => !flagged.some((s) => keyOf(s) === k));
    expect(stale, 'allowances with nothing to allow').toEqual([]);
  }, 600_000);

  it('built at run time are each known to be safe', () => {
    const keys = dynamic.map((d) => `${d.file} ${d.name}`);
    expect(keys.filter((k) => !(k in DYNAMIC)), 'patterns built at run time: add each to DYNAMIC with why it is safe').toEqual([]);
    expect(Object.keys(DYNAMIC).filter((k) => !keys.includes(k)), 'entries of DYNAMIC with no such pattern').toEqual([]);
  });
});
