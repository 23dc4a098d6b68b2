#!/usr/bin/env node
// Type-checks every workspace package in as few TypeScript programs as their settings allow.
//
// Packages export their TypeScript sources, so `tsc -p` in each of the 13 packages checks the
// sources of every package it imports again: api, bench, devstack, server and worker each re-check
// db, domain and workflows (58 s on this 2-core machine through turbo). Packages whose
// compilerOptions are the same are checked together in one program here, built from their own
// tsconfig.json files (same options, same include lists), so each file is checked once. A package
// with options of its own stays a program of its own: domain has no Node types (it must run in the
// workflow sandbox), web has the DOM and JSX. Each package's tsconfig.json stays the truth, and
// `pnpm -F <package> typecheck` still checks one package alone.
import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, say } from './lib.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Every workspace package with a tsconfig.json: its folder, name and TypeScript settings. */
function packages() {
  const found = [];
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const dir = join(root, group, name);
      const file = join(dir, 'tsconfig.json');
      if (!existsSync(file)) continue;
      const config = JSON.parse(readFileSync(file, 'utf8'));
      if (config.extends !== '../../tsconfig.base.json' || config.files || config.references) {
        throw new Error(`${relative(root, file)}: only "extends", "compilerOptions" and "include" are understood here`);
      }
      found.push({ dir, name: `${group}/${name}`, compilerOptions: config.compilerOptions ?? {}, include: config.include ?? ['src'] });
    }
  }
  return found;
}

/** The programs to run: packages with identical compilerOptions share one. */
export function programs() {
  const groups = new Map();
  for (const pkg of packages()) {
    const key = JSON.stringify(pkg.compilerOptions);
    groups.set(key, [...(groups.get(key) ?? []), pkg]);
  }
  const dir = join(root, 'node_modules', '.cache', 'chidao-typecheck');
  mkdirSync(dir, { recursive: true });
  return [...groups.values()].map((members, i) => {
    if (members.length === 1) return { names: [members[0].name], project: join(members[0].dir, 'tsconfig.json') };
    const project = join(dir, `tsconfig.${i}.json`);
    writeFileSync(
      project,
      JSON.stringify(
        {
          extends: relative(dir, join(root, 'tsconfig.base.json')),
          compilerOptions: members[0].compilerOptions,
          include: members.flatMap((m) => m.include.map((pattern) => relative(dir, join(m.dir, pattern)))),
        },
        null,
        1,
      ),
    );
    return { names: members.map((m) => m.name), project };
  });
}

/** Runs the programs, the largest first, two at a time. */
export async function typecheckAll() {
  const queue = programs().sort((a, b) => b.names.length - a.names.length);
  const failures = [];
  const lane = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { names, project } = next;
      await run(process.execPath, [tsc, '-p', project], { cwd: root }).catch(() => failures.push(names.join(', ')));
    }
  };
  await Promise.all([lane(), lane()]);
  if (failures.length > 0) throw new Error(`type errors in ${failures.join('; ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bootstrap } = await import('./bootstrap.mjs');
  await bootstrap();
  say('type-checking every package');
  await typecheckAll();
}
