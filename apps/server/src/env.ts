import { z } from 'zod';
import { DEV_TEMPORAL_ADDRESS, temporalAddressGiven, temporalEnv, TEMPORAL_ADDRESS_REQUIRED, TLS_FILES_TOGETHER, tlsFilesTogether } from '@chidao/temporal-tls';
import { DEFAULT_AUTH_POLICY, MAX_BATCH_CALLS, type AuthPolicy } from '@chidao/domain';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';
import { DEFAULT_ENGINE_DEADLINE_MS, DEFAULT_IDEMPOTENCY, DEFAULT_UPDATES_IN_FLIGHT, type IdempotencySettings } from '@chidao/api';
import { INTAKE_POOL_DEFAULTS } from '@chidao/intake';
import { channelsFromEnv } from '@chidao/channels';
import { FILE_STORE_ENV, SCANNER_ENV } from '@chidao/files';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './hardening';
import { MAX_PROXY_HOPS, parseTrustProxy } from './proxy';
import { LOG_LEVELS } from './log';
import { DEFAULT_POOL_SIZE } from '@chidao/db';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const MINUTE = 60_000;
const minutes = (fallbackMs: number) => z.coerce.number().positive().max(7 * 24 * 60).default(fallbackMs / MINUTE);
const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).max(10_000).default(fallback);
const { session, throttle } = DEFAULT_AUTH_POLICY;
const { perSession, perAddress } = DEFAULT_RATE_LIMITS;

const schema = z
  .object({
    DATABASE_URL: z.string().url(),
    /** Connections the server's PostgreSQL pool may hold at once (node-postgres' default is 10). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_POOL_SIZE),
    ...temporalEnv,
    /** Report attachments (kept with the other uploaded files, below) are scanned by CLAMAV_*. */
    ...SCANNER_ENV,
    TEMPORAL_NAMESPACE: z.string().default('default'),
    TEMPORAL_TASK_QUEUE: z.string().default(DEFAULT_TASK_QUEUE),
    /** The least severe log lines written (JSON on standard output). */
    LOG_LEVEL: z.enum(LOG_LEVELS).default('INFO'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** The built web app to serve; when unset only the API is served. */
    WEB_DIST: z.string().optional(),
    /** The Temporal Web UI, for operators' links from each directive to its workflow. */
    TEMPORAL_UI_URL: z.string().url().optional(),
    /** Demo mode: demo accounts may sign in and are listed on the sign-in page. Only for the embedded default setup. */
    DEV_SIGN_IN: flag.default(false),
    SESSION_IDLE_MINUTES: minutes(session.idleTimeoutMs),
    SESSION_ABSOLUTE_MINUTES: minutes(session.absoluteTimeoutMs),
    SIGN_IN_WINDOW_MINUTES: minutes(throttle.windowMs),
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT: count(throttle.maxFailuresPerAccount),
    SIGN_IN_MAX_FAILURES_PER_ADDRESS: count(throttle.maxFailuresPerAddress),
    /**
     * Mutations a session, and an address, may send at once, and then per minute (429 beyond). A burst
     * holds a whole batch at least: a smaller one would refuse a batch of MAX_BATCH_CALLS for ever.
     */
    MUTATION_BURST_PER_SESSION: count(perSession.burst, MAX_BATCH_CALLS),
    MUTATIONS_PER_MINUTE_PER_SESSION: count(perSession.perMinute),
    MUTATION_BURST_PER_ADDRESS: count(perAddress.burst, MAX_BATCH_CALLS),
    MUTATIONS_PER_MINUTE_PER_ADDRESS: count(perAddress.perMinute),
    /** Workflow updates this process has with Temporal at once; more wait their turn (docs/benchmarks). */
    TEMPORAL_UPDATES_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_UPDATES_IN_FLIGHT),
    /** Worker threads reading pasted and uploaded dispatches (each under a time and heap budget). */
    INTAKE_THREADS: z.coerce.number().int().min(1).max(16).default(INTAKE_POOL_DEFAULTS.threads),
    /**
     * Provinces (unit ids, a comma list) that read "trước ngày X" as by the end of the day before X
     * until their administrator saves the province's settings (admin.updateSettings), which decide
     * from then on; every other reads it by the end of X. Empty by default (README, "Dispatch intake").
     */
    INTAKE_BEFORE_DATE_EXCLUSIVE: z
      .string()
      .max(2_000)
      .default('')
      .transform((list) => list.split(',').map((id) => id.trim()).filter((id) => id !== '')),
    /** How long one request may wait on Temporal in all before ENGINE_UNAVAILABLE (less than the key's lease). */
    TEMPORAL_DEADLINE_SECONDS: z.coerce.number().int().min(1).max(300).default(DEFAULT_ENGINE_DEADLINE_MS / 1000),
    /** How long a running mutation holds its idempotency key before a retry may take it over. */
    IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(DEFAULT_IDEMPOTENCY.leaseMs / 1000),
    /** `Secure` on cookies: auto (when the request came over https), or always / never. */
    COOKIE_SECURE: z.enum(['auto', '0', '1', 'true', 'false']).default('auto'),
    /**
     * Behind reverse proxies: how many (1, or true/on), or their addresses (a comma list), whose
     * X-Forwarded-For / -Proto entries give the client's address and scheme. Off by default.
     */
    TRUST_PROXY: z
      .string()
      .default('')
      .transform((value, ctx) => {
        const trust = parseTrustProxy(value);
        if (trust !== null) return trust;
        ctx.addIssue({
          code: 'custom',
          message: `TRUST_PROXY must be off (0, false), 1 / true (one proxy), the number of proxies in front (up to ${MAX_PROXY_HOPS}), or a comma list of their IP addresses`,
        });
        return z.NEVER;
      }),
    /** The public origin (https://host); when set, mutations from any other Origin are refused. */
    PUBLIC_ORIGIN: z
      .string()
      .url()
      .transform((url) => new URL(url).origin)
      .optional(),
    /** Where uploaded files are kept (a directive's original, report attachments): FILES_DIR, or an S3 bucket (@chidao/files). */
    ...FILE_STORE_ENV,
    /** The folder FILES_DIR defaults to (DATA_DIR/files), as npm start's .data. */
    DATA_DIR: z.string().min(1).default('.data'),
  })
  .refine(tlsFilesTogether, TLS_FILES_TOGETHER)
  .refine(temporalAddressGiven, TEMPORAL_ADDRESS_REQUIRED)
  .refine((env) => !(env.DEV_SIGN_IN && env.NODE_ENV === 'production'), {
    message: 'DEV_SIGN_IN cannot be on with NODE_ENV=production: demo accounts share a published password',
    path: ['DEV_SIGN_IN'],
  })
  .refine((env) => env.TEMPORAL_DEADLINE_SECONDS < env.IDEMPOTENCY_LEASE_SECONDS, {
    // An attempt must give up (and free its key) before a retry may take the key's lease over.
    message: 'TEMPORAL_DEADLINE_SECONDS must be less than IDEMPOTENCY_LEASE_SECONDS',
    path: ['TEMPORAL_DEADLINE_SECONDS'],
  })
  .refine((env) => env.SESSION_IDLE_MINUTES <= env.SESSION_ABSOLUTE_MINUTES, {
    message: 'SESSION_IDLE_MINUTES cannot exceed SESSION_ABSOLUTE_MINUTES',
    path: ['SESSION_IDLE_MINUTES'],
  })
  .transform((env) => ({ ...env, TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS ?? DEV_TEMPORAL_ADDRESS }));

export type ServerEnv = z.infer<typeof schema>;

/** The only place the server reads process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid server environment:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function authPolicyOf(env: ServerEnv): AuthPolicy {
  return {
    session: { idleTimeoutMs: env.SESSION_IDLE_MINUTES * MINUTE, absoluteTimeoutMs: env.SESSION_ABSOLUTE_MINUTES * MINUTE },
    throttle: {
      windowMs: env.SIGN_IN_WINDOW_MINUTES * MINUTE,
      maxFailuresPerAccount: env.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: env.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
    },
  };
}

export function cookieSecureOf(env: ServerEnv): boolean | 'auto' {
  return env.COOKIE_SECURE === 'auto' ? 'auto' : env.COOKIE_SECURE === '1' || env.COOKIE_SECURE === 'true';
}

export function rateLimitsOf(env: ServerEnv): RateLimits {
  return {
    perSession: { burst: env.MUTATION_BURST_PER_SESSION, perMinute: env.MUTATIONS_PER_MINUTE_PER_SESSION },
    perAddress: { burst: env.MUTATION_BURST_PER_ADDRESS, perMinute: env.MUTATIONS_PER_MINUTE_PER_ADDRESS },
  };
}

export function idempotencyOf(env: ServerEnv): IdempotencySettings {
  return { ...DEFAULT_IDEMPOTENCY, leaseMs: env.IDEMPOTENCY_LEASE_SECONDS * 1000 };
}

/**
 * The notification channels this process sends verification codes through, from the same variables
 * as the worker's (README: "Notification channels"); a channel half configured stops the server at start.
 */
export function notificationChannelsOf(source: NodeJS.ProcessEnv = process.env) {
  const channels = channelsFromEnv(source);
  // What a browser subscribes to push with: set exactly when push is on (channelsFromEnv checked the three together).
  return { channels, vapidPublicKey: channels.push ? (source.VAPID_PUBLIC_KEY?.trim() ?? null) : null };
}
