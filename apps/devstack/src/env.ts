import { join } from 'node:path';
import { z } from 'zod';
import { temporalTlsEnv, TLS_FILES_TOGETHER, tlsFilesTogether } from '@chidao/temporal-tls';
import { repoRoot } from '@chidao/testing';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const schema = z
  .object({
    PORT: port(3000),
    TEMPORAL_PORT: port(7233),
    POSTGRES_PORT: port(54329),
    /** The dev mailbox: the SMTP port the worker sends notices to, and the page that lists them. */
    SMTP_PORT: port(2525),
    MAILBOX_PORT: port(8025),
    DATA_DIR: z.string().default(join(repoRoot(), '.data')),
    TEMPORAL_ADDRESS: z.string().min(1).optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    DATABASE_URL: z.string().url().optional(),
    /** With TEMPORAL_ADDRESS: the external cluster's CA and a client certificate (all three, or none for plain text). */
    ...temporalTlsEnv,
  })
  .refine(tlsFilesTogether, TLS_FILES_TOGETHER)
  .refine((env) => env.TEMPORAL_ADDRESS !== undefined || env.TEMPORAL_TLS_CA === undefined, {
    message: 'TEMPORAL_TLS_* are for an external cluster (TEMPORAL_ADDRESS): the embedded one uses the certificates in DATA_DIR/temporal/tls',
    path: ['TEMPORAL_TLS_CA'],
  });

/** The only place `npm start` reads process.env; README lists every variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
