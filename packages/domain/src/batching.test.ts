import { describe, expect, it } from 'vitest';
import { batchRefusal, MAX_BATCH_CALLS, mayBatch } from './batching';

describe('batching', () => {
  it('keeps sign-in, the session and intake out of batches', () => {
    expect(mayBatch('session.signIn')).toBe(false);
    expect(mayBatch('session.me')).toBe(false);
    expect(mayBatch('intake.parse')).toBe(false);
    expect(mayBatch('directives.list')).toBe(true);
    expect(mayBatch('sessions.like')).toBe(true);
  });

  it(`allows up to ${MAX_BATCH_CALLS} calls that may be batched`, () => {
    expect(batchRefusal(Array(MAX_BATCH_CALLS).fill('directives.list'))).toBeNull();
    expect(batchRefusal(Array(MAX_BATCH_CALLS + 1).fill('directives.list'))).toBe('too_many_calls');
    expect(batchRefusal(['directives.list', 'session.me'])).toBe('unbatched_procedure');
    expect(batchRefusal(['intake.parse'])).toBe('unbatched_procedure');
  });
});
