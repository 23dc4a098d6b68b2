import { readFileSync } from 'node:fs';
import { parseDispatch } from '/tmp/h7/packages/intake/src/parse';
for (const f of process.argv.slice(2)) {
  console.log('=====', f);
  try {
    const d = parseDispatch(readFileSync(f, 'utf8')) as any;
    const { spans, ...rest } = d;
    console.log(JSON.stringify({ ...rest, tasks: d.tasks.map((t: any) => ({ text: t.text.slice(0, 70), a: t.assignees, due: t.due, subs: t.subItems.length })), unrecognized: d.unrecognized.map((u: any) => u.text.slice(0, 80)) }, null, 1));
  } catch (e) { console.log(String(e)); }
}
