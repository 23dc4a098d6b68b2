import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Folders that hold no hand-written source (Prisma's generated client, builds, dependencies). */
const SKIPPED = new Set(['node_modules', 'generated', 'dist']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIPPED.has(name) ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names, as the bundler resolution of tsconfig.base.json finds it. */
function resolveRelative(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(js|mjs|ts|tsx)$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * Every relative import of every file under `roots` (type-only imports and re-exports included:
 * a circle of types is still a circle of modules), as a graph from file to the files it imports.
 */
export function importGraph(roots: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of roots.flatMap(sourceFiles)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(
      file,
      importedFiles.flatMap(({ fileName }) => (fileName.startsWith('.') ? [resolveRelative(file, fileName)].filter((f): f is string => f !== null) : [])),
    );
  }
  return graph;
}

/** The import circles of `graph`: each strongly connected group of files larger than one (or a file importing itself). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative so that a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        for (;;) {
          const member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
          if (member === frame.node) break;
        }
        if (group.length > 1 || edges.includes(frame.node)) cycles.push(group.sort());
      }
    }
  }
  return cycles;
}

/** The import circles inside `packages/<name>/src` of the repository at `root`, as paths relative to it. */
export function packageImportCycles(root: string): string[][] {
  const packages = join(root, 'packages');
  const roots = readdirSync(packages)
    .map((name) => join(packages, name, 'src'))
    .filter((dir) => existsSync(dir));
  return importCycles(importGraph(roots)).map((group) => group.map((file) => relative(root, file)));
}

/**
 * Where an app reaches into another app: a dependency on another app's package, or a relative import
 * of one of its files. Shared code belongs in packages/*.
 */
export function crossAppImports(root: string): string[] {
  const apps = join(root, 'apps');
  const names = readdirSync(apps).filter((name) => existsSync(join(apps, name, 'package.json')));
  const packageOf = new Map(names.map((name) => [(JSON.parse(readFileSync(join(apps, name, 'package.json'), 'utf8')) as { name: string }).name, name]));
  const found: string[] = [];
  for (const name of names) {
    const manifest = JSON.parse(readFileSync(join(apps, name, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
      const other = packageOf.get(dependency);
      if (other && other !== name) found.push(`apps/${name} depends on apps/${other} (${dependency})`);
    }
    if (!existsSync(join(apps, name, 'src'))) continue;
    for (const [file, imports] of importGraph([join(apps, name, 'src')])) {
      for (const target of imports) {
        if (!target.startsWith(join(apps, name) + '/')) found.push(`${relative(root, file)} imports ${relative(root, target)}`);
      }
    }
  }
  return found;
}
