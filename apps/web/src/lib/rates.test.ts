import { BLUEZONE_RATES } from '@chidao/domain';
import { describe, expect, it } from 'vitest';
import { barWidth, chartedRate, formatRatePercent } from './rates';

describe('formatRatePercent', () => {
  it('shows one decimal with a Vietnamese decimal comma', () => {
    expect(formatRatePercent(60)).toBe('60,0%');
    expect(formatRatePercent(12.3456)).toBe('12,3%');
    expect(formatRatePercent(100)).toBe('100,0%');
  });

  it('shows a dash when the rate is undefined', () => {
    expect(formatRatePercent(null)).toBe('—');
    expect(formatRatePercent(undefined)).toBe('—');
  });
});

describe('chartedRate', () => {
  it('charts the rate the directive set a target for', () => {
    expect(chartedRate(BLUEZONE_RATES)?.key).toBe('installRateSmartphone');
    expect(chartedRate([{ key: 'a' }])?.key).toBe('a');
    expect(chartedRate([])).toBeNull();
  });
});

describe('barWidth', () => {
  it('clamps to the chart', () => {
    expect(barWidth(55.5)).toBe(55.5);
    expect(barWidth(140)).toBe(100);
    expect(barWidth(null)).toBe(0);
  });
});
