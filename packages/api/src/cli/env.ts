import { z } from 'zod';
import { temporalAddressGiven, temporalEnv, TEMPORAL_ADDRESS_REQUIRED, TLS_FILES_TOGETHER, tlsFilesTogether, type TemporalSettings } from '@chidao/temporal-tls';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';

/**
 * What a command that reaches the database and Temporal reads from the environment (`npm run
 * calendar`, `npm run reorganise`): the database, the Temporal address, namespace and task queue,
 * and the client certificate (TEMPORAL_TLS_*, all or none); `extra` adds a command's own.
 */
export function commandEnv<T extends z.ZodRawShape>(extra: T) {
  return z
    .object({
      DATABASE_URL: z.string().url(),
      ...temporalEnv,
      TEMPORAL_NAMESPACE: z.string().default('default'),
      TEMPORAL_TASK_QUEUE: z.string().default(DEFAULT_TASK_QUEUE),
      ...extra,
    })
    .refine((env) => tlsFilesTogether(env as TemporalSettings), TLS_FILES_TOGETHER)
    .refine((env) => temporalAddressGiven(env as TemporalSettings), TEMPORAL_ADDRESS_REQUIRED);
}
