// `node --import tsx src/profile-summary.ts [--window FROM-TO] <file.cpuprofile>…`: where a process
// spent its CPU, by function (self time) and by package, from the V8 profiles `npm run bench --
// --profile` writes. With a window (seconds from the profile's start, e.g. one burst), only the
// samples in it, and also the busy time under each function (inclusive), which shows which path
// the self time sits on.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas?: readonly number[];
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

/** The samples taken between `from` and `to` seconds after the profile started (all without a window). */
function samplesIn(profile: Profile, window?: { from: number; to: number }): number[] {
  if (!window || !profile.timeDeltas) return [...profile.samples];
  let at = 0;
  return profile.samples.filter((_, i) => {
    at += profile.timeDeltas![i]!;
    return at / 1e6 >= window.from && at / 1e6 <= window.to;
  });
}

const frameKey = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) =>
  `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/')}:${lineNumber + 1}` : ''}`;

export function summarize(profile: Profile, top = 15, window?: { from: number; to: number }): string {
  const samples = samplesIn(profile, window);
  const total = samples.length;
  const hits = new Map<number, number>();
  for (const id of samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (n === 0) continue;
    const { functionName, url } = node.callFrame;
    const key = frameKey(node.callFrame);
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
  const seconds = window ? (window.to - window.from).toFixed(1) : ((profile.endTime - profile.startTime) / 1e6).toFixed(1);
  const summary = `${total} samples over ${seconds} s\nby package (self time):\n${list(byPackage)}\nby function (self time):\n${list(byFunction)}`;
  if (!window) return summary;
  // Busy time under each function: a sample counts for every distinct frame on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const under = new Map<string, number>();
  let busy = 0;
  for (const [id, n] of hits) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    busy += n;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = frameKey(byId.get(at)!.callFrame);
      if (key.startsWith('(root)') || seen.has(key)) continue;
      seen.add(key);
      under.set(key, (under.get(key) ?? 0) + n);
    }
  }
  const ofBusy = [...under.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top * 2)
    .map(([k, n]) => `  ${`${((100 * n) / busy).toFixed(1)}%`.padStart(6)}  ${k}`)
    .join('\n');
  return `${summary}\nunder each function (share of the ${busy} busy samples):\n${ofBusy}`;
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--window');
  const [from, to] = at >= 0 ? args.splice(at, 2)[1]!.split('-').map(Number) : [];
  const window = from !== undefined && to !== undefined ? { from, to } : undefined;
  for (const file of args) {
    console.log(`== ${file}`);
    console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, 15, window));
  }
}
