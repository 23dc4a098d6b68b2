import { describe, expect, it } from 'vitest';
import { speedReference } from './speed';

describe('the host speed reference', () => {
  it('does the same work every time, so references from different days compare', () => {
    const { cpuMs, checksum } = speedReference(1);
    // Changing the work changes this: old references then no longer compare with new ones.
    expect(checksum).toBe(PINNED);
    expect(cpuMs).toBeGreaterThan(0);
  });
});

const PINNED = '09d1d20e553eba0b48d9ad46dd7a15bac901853d9f326149c046b1610265fc14';
