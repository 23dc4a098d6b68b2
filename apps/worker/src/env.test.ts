import { describe, expect, it } from 'vitest';
import { readEnv } from './env';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from './worker';

const base = { DATABASE_URL: 'postgresql://chidao@localhost:5432/chidao' };

describe("the worker's environment", () => {
  it('defaults to the embedded setup, a cache of 400 workflows and both sandbox costs off', () => {
    expect(readEnv(base)).toEqual({
      DATABASE_URL: base.DATABASE_URL,
      DATABASE_POOL_SIZE: 10,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'directives',
      LOG_LEVEL: 'INFO',
      WORKER_MAX_CACHED_WORKFLOWS: DEFAULT_MAX_CACHED_WORKFLOWS,
      WORKER_WORKFLOW_STACK_TRACES: 'off',
      WORKER_WORKFLOW_CALL_TIMEOUT: 'off',
      PUBLIC_APP_URL: 'http://127.0.0.1:3000',
    });
    expect(DEFAULT_MAX_CACHED_WORKFLOWS).toBe(400);
  });

  it('requires the Temporal address in production, naming the variable; outside it falls back to the dev server', () => {
    expect(() => readEnv({ ...base, NODE_ENV: 'production' })).toThrow(/TEMPORAL_ADDRESS must be given with NODE_ENV=production/);
    expect(readEnv({ ...base, NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal.example:7233' }).TEMPORAL_ADDRESS).toBe('temporal.example:7233');
    expect(readEnv({ ...base, NODE_ENV: 'development' }).TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
  });

  it('reads the pool size and an API key towards Temporal', () => {
    const env = readEnv({ ...base, DATABASE_POOL_SIZE: '25', TEMPORAL_API_KEY: 'key' });
    expect(env.DATABASE_POOL_SIZE).toBe(25);
    expect(env.TEMPORAL_API_KEY).toBe('key');
    for (const bad of ['0', '2.5', 'many']) expect(() => readEnv({ ...base, DATABASE_POOL_SIZE: bad })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('takes a larger workflow cache', () => {
    expect(readEnv({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '1500' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(1500);
  });

  it('refuses a worker without a workflow cache, saying which variable and why', () => {
    const refused = () => readEnv({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '0' });
    expect(refused).toThrow(/at least 1: without a workflow cache/);
    expect(refused).toThrow(/at WORKER_MAX_CACHED_WORKFLOWS/);
  });

  it('takes a prebuilt workflow bundle, and refuses an empty name for one', () => {
    expect(readEnv({ ...base, WORKER_WORKFLOW_BUNDLE: '/tmp/workflows.js' }).WORKER_WORKFLOW_BUNDLE).toBe('/tmp/workflows.js');
    expect(() => readEnv({ ...base, WORKER_WORKFLOW_BUNDLE: '' })).toThrow(/WORKER_WORKFLOW_BUNDLE/);
  });

  it('refuses a cache size that is not a whole number', () => {
    expect(() => readEnv({ ...base, WORKER_MAX_CACHED_WORKFLOWS: 'lots' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });
});

describe('notification channels', () => {
  it('sends through none unless configured, and names a variable that cannot work', async () => {
    const { notificationChannelsOf } = await import('./env');
    expect(Object.keys(notificationChannelsOf({}))).toEqual([]);
    expect(Object.keys(notificationChannelsOf({ SMTP_URL: 'smtp://127.0.0.1:2525' }))).toEqual(['email']);
    expect(() => notificationChannelsOf({ SMTP_URL: 'http://mail.example.vn' })).toThrow(/^SMTP_URL/);
    expect(() => notificationChannelsOf({ SMS_API_KEY: 'k' })).toThrow(/SMS_SECRET_KEY/);
  });
});
