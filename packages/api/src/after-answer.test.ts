import { describe, expect, it } from 'vitest';
import { AfterAnswer } from './after-answer';

describe('work after the answer', () => {
  it('runs without the caller waiting, and idle() waits for it and for work it started', async () => {
    const after = new AfterAnswer();
    const done: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    after.run(async () => {
      await gate;
      done.push('first');
      after.run(async () => void done.push('second'), () => undefined);
    }, () => undefined);
    expect(done).toEqual([]);
    const idle = after.idle();
    release();
    await idle;
    expect(done).toEqual(['first', 'second']);
  });

  it('hands a failure to its handler, not to the caller or to idle()', async () => {
    const after = new AfterAnswer();
    const failures: unknown[] = [];
    after.run(async () => {
      throw new Error('SMTP down');
    }, (error) => failures.push(error));
    await after.idle();
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toContain('SMTP down');
  });
});
