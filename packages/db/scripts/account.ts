// `DATABASE_URL=… npm run account -- <username> --unit <unit id> --name "<display name>" [--role chair] [--role coordinator:<directive id>]`
//
// Creates or updates a real account on a production database (where the seed creates none). Reads the
// password from the first line of standard input, so it stays out of the shell history:
//   printf '%s\n' "$PASSWORD" | DATABASE_URL=… npm run account -- ct.kg.rach-gia --unit kg.rach-gia --name "Chủ tịch UBND thành phố Rạch Giá"
import { createInterface } from 'node:readline';
import { isRole, type RoleGrant } from '@chidao/domain';
import { provisionAccount } from '../src/accounts';
import { createDb } from '../src/client';
import { createRepositories } from '../src/repositories';

const args = process.argv.slice(2);
const values = (flag: string) => args.flatMap((arg, i) => (args[i - 1] === flag ? [arg] : []));
const username = args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
const [unitId] = values('--unit');
const [displayName] = values('--name');
const url = process.env.DATABASE_URL;
if (!username || !unitId || !displayName || !url) {
  console.error('Usage: DATABASE_URL=… npm run account -- <username> --unit <unit id> --name "<display name>" [--role <role>[:<directive id>]]…');
  process.exit(2);
}

const grants: RoleGrant[] = (values('--role').length > 0 ? values('--role') : ['chair']).map((spec) => {
  const [role, directiveId] = spec.split(':');
  if (!isRole(role)) throw new Error(`Unknown role ${role}`);
  return { role, unitId, directiveId: directiveId ?? null };
});

const password = await new Promise<string>((resolve) => {
  const lines = createInterface({ input: process.stdin });
  lines.once('line', (line) => {
    resolve(line);
    lines.close();
  });
  lines.once('close', () => resolve(''));
});

const db = createDb(url);
try {
  const { userId } = await provisionAccount(createRepositories(db), { username, displayName, unitId, grants, password });
  console.log(`Account ${username} (${userId}) at ${unitId}: ${grants.map((g) => g.role).join(', ')}.`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
