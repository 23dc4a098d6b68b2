import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_POLICY, MAX_BATCH_CALLS } from '@chidao/domain';
import { DEFAULT_IDEMPOTENCY, DEFAULT_UPDATES_IN_FLIGHT } from '@chidao/api';
import { authPolicyOf, cookieSecureOf, idempotencyOf, rateLimitsOf, readEnv } from './env';
import { DEFAULT_RATE_LIMITS } from './hardening';

const DATABASE_URL = 'postgresql://chidao@db.example:5432/chidao';

describe('the server environment', () => {
  it('defaults to 30 idle minutes, 12 hours, and 5 / 20 failures in 15 minutes', () => {
    const env = readEnv({ DATABASE_URL });
    expect(authPolicyOf(env)).toEqual(DEFAULT_AUTH_POLICY);
    expect(env.DEV_SIGN_IN).toBe(false);
    expect(cookieSecureOf(env)).toBe('auto');
    expect(rateLimitsOf(env)).toEqual(DEFAULT_RATE_LIMITS);
    expect(idempotencyOf(env)).toEqual(DEFAULT_IDEMPOTENCY);
    expect(env.TEMPORAL_UPDATES_IN_FLIGHT).toBe(DEFAULT_UPDATES_IN_FLIGHT);
  });

  it('requires the Temporal address in production, naming the variable; outside it falls back to the dev server', () => {
    expect(() => readEnv({ DATABASE_URL, NODE_ENV: 'production' })).toThrow(/TEMPORAL_ADDRESS must be given with NODE_ENV=production/);
    expect(readEnv({ DATABASE_URL, NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal.example:7233' }).TEMPORAL_ADDRESS).toBe('temporal.example:7233');
    expect(readEnv({ DATABASE_URL }).TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
  });

  it('reads the database pool size (10 by default, a whole number of at least one) and an API key towards Temporal', () => {
    expect(readEnv({ DATABASE_URL }).DATABASE_POOL_SIZE).toBe(10);
    expect(readEnv({ DATABASE_URL, DATABASE_POOL_SIZE: '40' }).DATABASE_POOL_SIZE).toBe(40);
    for (const bad of ['0', '2.5', 'many']) expect(() => readEnv({ DATABASE_URL, DATABASE_POOL_SIZE: bad })).toThrow(/DATABASE_POOL_SIZE/);
    expect(readEnv({ DATABASE_URL, TEMPORAL_API_KEY: 'key' }).TEMPORAL_API_KEY).toBe('key');
    expect(() => readEnv({ DATABASE_URL, TEMPORAL_API_KEY: ' ' })).toThrow(/TEMPORAL_API_KEY/);
  });

  it('reads how many workflow updates may be in flight, a whole number of at least one', () => {
    expect(readEnv({ DATABASE_URL, TEMPORAL_UPDATES_IN_FLIGHT: '3' }).TEMPORAL_UPDATES_IN_FLIGHT).toBe(3);
    for (const bad of ['0', '2.5', 'many']) expect(() => readEnv({ DATABASE_URL, TEMPORAL_UPDATES_IN_FLIGHT: bad })).toThrow(/TEMPORAL_UPDATES_IN_FLIGHT/);
  });

  it('reads the provinces that read "trước ngày X" as by the day before: none by default, a comma list of unit ids', () => {
    expect(readEnv({ DATABASE_URL }).INTAKE_BEFORE_DATE_EXCLUSIVE).toEqual([]);
    expect(readEnv({ DATABASE_URL, INTAKE_BEFORE_DATE_EXCLUSIVE: 'kg, ag,' }).INTAKE_BEFORE_DATE_EXCLUSIVE).toEqual(['kg', 'ag']);
  });

  it('reads the mutation limits and the idempotency lease', () => {
    const env = readEnv({
      DATABASE_URL,
      MUTATION_BURST_PER_SESSION: '15',
      MUTATIONS_PER_MINUTE_PER_SESSION: '10',
      MUTATION_BURST_PER_ADDRESS: '50',
      MUTATIONS_PER_MINUTE_PER_ADDRESS: '100',
      IDEMPOTENCY_LEASE_SECONDS: '5',
      TEMPORAL_DEADLINE_SECONDS: '4',
    });
    expect(rateLimitsOf(env)).toEqual({ perSession: { burst: 15, perMinute: 10 }, perAddress: { burst: 50, perMinute: 100 } });
    // A burst smaller than a batch would refuse that batch for ever.
    expect(() => readEnv({ DATABASE_URL, MUTATION_BURST_PER_SESSION: String(MAX_BATCH_CALLS - 1) })).toThrow(/MUTATION_BURST_PER_SESSION/);
    expect(() => readEnv({ DATABASE_URL, MUTATION_BURST_PER_ADDRESS: String(MAX_BATCH_CALLS - 1) })).toThrow(/MUTATION_BURST_PER_ADDRESS/);
    expect(idempotencyOf(env).leaseMs).toBe(5_000);
    expect(() => readEnv({ DATABASE_URL, IDEMPOTENCY_LEASE_SECONDS: '0' })).toThrow(/IDEMPOTENCY_LEASE_SECONDS/);
  });

  it('keeps the wait on Temporal shorter than the idempotency lease', () => {
    expect(readEnv({ DATABASE_URL }).TEMPORAL_DEADLINE_SECONDS).toBe(15);
    expect(() => readEnv({ DATABASE_URL, IDEMPOTENCY_LEASE_SECONDS: '10' })).toThrow(/TEMPORAL_DEADLINE_SECONDS must be less than IDEMPOTENCY_LEASE_SECONDS/);
    expect(readEnv({ DATABASE_URL, IDEMPOTENCY_LEASE_SECONDS: '10', TEMPORAL_DEADLINE_SECONDS: '8' }).TEMPORAL_DEADLINE_SECONDS).toBe(8);
  });

  it('reads the session and throttling settings', () => {
    const env = readEnv({
      DATABASE_URL,
      SESSION_IDLE_MINUTES: '10',
      SESSION_ABSOLUTE_MINUTES: '240',
      SIGN_IN_WINDOW_MINUTES: '5',
      SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '3',
      SIGN_IN_MAX_FAILURES_PER_ADDRESS: '50',
      COOKIE_SECURE: '1',
      PUBLIC_ORIGIN: 'https://chidao.example.gov.vn/',
    });
    expect(authPolicyOf(env)).toEqual({
      session: { idleTimeoutMs: 600_000, absoluteTimeoutMs: 14_400_000 },
      throttle: { windowMs: 300_000, maxFailuresPerAccount: 3, maxFailuresPerAddress: 50 },
    });
    expect(cookieSecureOf(env)).toBe(true);
    expect(env.PUBLIC_ORIGIN).toBe('https://chidao.example.gov.vn');
  });

  it('reads which proxies to trust: none, how many hops, or their addresses', () => {
    const trustProxy = (TRUST_PROXY?: string) => readEnv({ DATABASE_URL, ...(TRUST_PROXY === undefined ? {} : { TRUST_PROXY }) }).TRUST_PROXY;
    for (const off of [undefined, '', '0', 'false', 'off']) expect(trustProxy(off)).toBe(false);
    for (const one of ['1', 'true', 'on', 'TRUE']) expect(trustProxy(one)).toBe(1);
    expect(trustProxy('3')).toBe(3);
    expect(trustProxy('10.0.0.2, 10.0.0.3,::1')).toEqual(['10.0.0.2', '10.0.0.3', '::1']);
    for (const bad of ['yes', '-1', '1.5', '10.0.0.300', '10.0.0.2,', 'proxy.internal', '11']) {
      expect(() => trustProxy(bad), bad).toThrow('TRUST_PROXY must be');
      expect(() => trustProxy(bad), bad).toThrow('number of proxies');
    }
  });

  it('refuses demo sign-in in production mode', () => {
    expect(() => readEnv({ DATABASE_URL, NODE_ENV: 'production', DEV_SIGN_IN: '1' })).toThrow(/DEV_SIGN_IN cannot be on with NODE_ENV=production/);
    expect(readEnv({ DATABASE_URL, NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal.example:7233' }).DEV_SIGN_IN).toBe(false);
  });

  it('refuses settings that make no sense', () => {
    expect(() => readEnv({ DATABASE_URL, SESSION_IDLE_MINUTES: '800' })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => readEnv({ DATABASE_URL, SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '0' })).toThrow(/SIGN_IN_MAX_FAILURES_PER_ACCOUNT/);
    expect(() => readEnv({ DATABASE_URL, COOKIE_SECURE: 'maybe' })).toThrow(/COOKIE_SECURE/);
  });
});
