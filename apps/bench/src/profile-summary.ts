// `node --import tsx src/profile-summary.ts <file.cpuprofile>…`: where a process spent its CPU, by
// function (self time) and by package, from the V8 profiles `npm run bench -- --profile` writes.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
}

/** The package a script belongs to: `@temporalio/worker`, `@chidao/db`, `(node)`, `(idle)`… */
export function packageOf(url: string, functionName: string): string {
  if (url === '') return `(${functionName || 'native'})`;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return '(node)';
  const ours = /\/(packages|apps)\/([^/]+)\//.exec(url);
  return ours ? `@chidao/${ours[2]}` : url;
}

export function summarize(profile: Profile, top = 15): string {
  const total = profile.samples.length;
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (n === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/')}:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + n);
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
  }
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, n]) => `  ${pct(n).padStart(6)}  ${k}`)
      .join('\n');
  const seconds = ((profile.endTime - profile.startTime) / 1e6).toFixed(1);
  return `${total} samples over ${seconds} s\nby package (self time):\n${list(byPackage)}\nby function (self time):\n${list(byFunction)}`;
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  for (const file of process.argv.slice(2)) {
    console.log(`== ${file}`);
    console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile));
  }
}
