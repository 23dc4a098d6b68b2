import { describe, expect, it } from 'vitest';
import { endedBy, issuerStanding } from './validity';

const kienGiang = { validTo: '2025-06-30' };
const anGiang = { validFrom: '2025-07-01' };

describe('issuerStanding', () => {
  it('says Kiên Giang had ended for a date from 1/7/2025, and nothing up to its last day', () => {
    expect(issuerStanding(kienGiang, '02/07/2025')).toEqual({ kind: 'ended', lastDay: '2025-06-30', endedOn: '2025-07-01' });
    expect(issuerStanding(kienGiang, '07/12/2026')).toMatchObject({ kind: 'ended' });
    expect(issuerStanding(kienGiang, '30/06/2025')).toBeNull();
    expect(issuerStanding(kienGiang, '19/08/2020')).toBeNull();
  });

  it('says An Giang of the new map had not begun before 1/7/2025', () => {
    expect(issuerStanding(anGiang, '30/06/2025')).toEqual({ kind: 'notYet', firstDay: '2025-07-01' });
    expect(issuerStanding(anGiang, '1/7/2025')).toBeNull();
  });

  it('says nothing while the date is not a date yet, or for a unit with no days of its own', () => {
    expect(issuerStanding(kienGiang, '02/07/20')).toBeNull();
    expect(issuerStanding({}, '02/07/2025')).toBeNull();
  });
});

describe('endedBy', () => {
  it('gives the last day of a unit that had ended by today, and nothing for one that exists', () => {
    expect(endedBy('2025-06-30', '2026-12-07')).toBe('2025-06-30');
    expect(endedBy('2025-06-30', '2025-06-30')).toBeUndefined();
    expect(endedBy(undefined, '2026-12-07')).toBeUndefined();
  });
});
