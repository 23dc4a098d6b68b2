import { join } from 'node:path';
import { z } from 'zod';
import { diskFileStore } from './disk';
import { s3FileStore } from './s3';
import type { FileStore } from './store';

/**
 * The variables that choose where uploaded files are kept, for a process's own zod schema (spread
 * into it, as the TEMPORAL_* ones are). With FILES_S3_BUCKET unset the files are kept on disk under
 * FILES_DIR; with it set, in that bucket (credentials through the SDK's usual variables:
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or an instance role).
 */
export const FILE_STORE_ENV = {
  /** The folder of the disk store; the default is the files/ folder of the process's data folder. */
  FILES_DIR: z.string().min(1).optional(),
  FILES_S3_BUCKET: z.string().min(3).max(63).optional(),
  FILES_S3_PREFIX: z.string().max(200).default('files/'),
  FILES_S3_ENDPOINT: z.string().url().optional(),
  FILES_S3_REGION: z.string().default('us-east-1'),
  FILES_S3_FORCE_PATH_STYLE: z
    .enum(['0', '1', 'true', 'false'])
    .transform((v) => v === '1' || v === 'true')
    .optional(),
} as const;

export type FileStoreEnv = z.output<z.ZodObject<typeof FILE_STORE_ENV>>;

/**
 * The store the variables name; `dataDir` is where FILES_DIR defaults to (DATA_DIR/files). Null when
 * they name none and no data folder is given: the process keeps no files.
 */
export function fileStoreFromEnv(env: FileStoreEnv, dataDir?: string): FileStore | null {
  if (env.FILES_S3_BUCKET) {
    return s3FileStore({
      bucket: env.FILES_S3_BUCKET,
      prefix: env.FILES_S3_PREFIX,
      region: env.FILES_S3_REGION,
      ...(env.FILES_S3_ENDPOINT ? { endpoint: env.FILES_S3_ENDPOINT } : {}),
      ...(env.FILES_S3_FORCE_PATH_STYLE !== undefined ? { forcePathStyle: env.FILES_S3_FORCE_PATH_STYLE } : {}),
    });
  }
  const dir = env.FILES_DIR ?? (dataDir === undefined ? undefined : join(dataDir, 'files'));
  return dir === undefined ? null : diskFileStore(dir);
}
