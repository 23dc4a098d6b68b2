import { dirname, join } from 'node:path';
import { DEMO_PASSWORD } from '@chidao/domain';
import { repoRoot } from '@chidao/testing';
import { readEnv } from './env';
import { startStack } from './stack';

const env = readEnv();
const stack = await startStack({
  dataDir: env.DATA_DIR,
  port: env.PORT,
  temporalPort: env.TEMPORAL_PORT,
  postgresPort: env.POSTGRES_PORT,
  temporalNamespace: env.TEMPORAL_NAMESPACE,
  ...(env.TEMPORAL_ADDRESS ? { temporalAddress: env.TEMPORAL_ADDRESS, temporalTlsFiles: env } : {}),
  ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
  webDist: join(repoRoot(), 'apps', 'web', 'dist'),
  mailbox: { smtpPort: env.SMTP_PORT, httpPort: env.MAILBOX_PORT },
});

const lines = [
  '',
  'Theo dõi chỉ đạo is running (Ctrl-C stops everything):',
  `  Web app:          ${stack.webUrl}`,
  stack.temporalTlsFiles
    ? `  Temporal:         ${stack.temporalAddress} (mutual TLS: CA, client certificate and key in ${dirname(stack.temporalTlsFiles.TEMPORAL_TLS_CA)}; no Web UI)`
    : `  Temporal:         ${stack.temporalAddress} (external cluster)`,
  `  Database:         ${stack.databaseUrl.replace(/:[^:@/]+@/, ':***@')}`,
  ...(stack.mailboxUrl ? [`  Mailbox:          ${stack.mailboxUrl} (every notice e-mailed by the demo; nothing leaves this machine)`] : []),
  ...(stack.demoSignatures
    ? [
        `  Malware scan:     ClamAV with demo signatures in ${stack.demoSignatures}: they know the EICAR test file only, since this`,
        '                    machine has none of its own (run freshclam, or set CLAMAV_DATABASE_DIR or CLAMAV_SOCKET)',
      ]
    : []),
  `  Seed:             công văn 1119/UBND-KGVX delivered to ${stack.delivered} units of Kiên Giang (2020, three levels);`,
  '                    An Giang since 1/7/2025 (two levels: 102 xã, phường, đặc khu), no directive yet',
  '',
];
if (stack.demoAccounts) {
  lines.push(
    `Demo sign-in (embedded default only): every demo account's password is ${DEMO_PASSWORD}`,
    '  Province leadership   ct.kg                               Chủ tịch UBND tỉnh Kiên Giang',
    '  Coordinator           ct.kg.so-tttt                       Sở Thông tin và Truyền thông',
    '  District chair        ct.kg.rach-gia                      Chủ tịch UBND thành phố Rạch Giá',
    '  Commune chair         ct.kg.rach-gia.p-vinh-thanh-van     Chủ tịch UBND phường Vĩnh Thanh Vân',
    '  Province (2025)       ct.an-giang                         Chủ tịch UBND tỉnh An Giang',
    '  Commune (2025)        ct.an-giang.p-rach-gia              Chủ tịch UBND phường Rạch Giá',
    '',
  );
}
console.log(lines.join('\n'));

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  void stack.stop().then(() => process.exit(0));
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
// Whoever started the stack is gone (killed with -9): stop rather than leave a dozen processes behind.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1_000).unref();
