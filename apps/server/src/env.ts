import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const schema = z.object({
  DATABASE_URL: z.string().url(),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default(DEFAULT_TASK_QUEUE),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The built web app to serve; when unset only the API is served. */
  WEB_DIST: z.string().optional(),
  /** Offer the demo accounts' sign-in; on only for the embedded default setup. */
  DEV_SIGN_IN: flag.default(false),
  /** Signs session cookies; a random one is made per process when unset. */
  SESSION_SECRET: z.string().min(16).optional(),
});

export type ServerEnv = z.infer<typeof schema>;

/** The only place the server reads process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid server environment:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
