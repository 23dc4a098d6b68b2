import { describe, expect, it } from 'vitest';
import { chartX, chartY, TREND_CHART } from './trend';

describe('trend chart geometry', () => {
  it('spreads points across the plot and puts a single one in the middle', () => {
    const { width, left, right } = TREND_CHART;
    expect(chartX(0, 3)).toBe(left);
    expect(chartX(2, 3)).toBe(width - right);
    expect(chartX(0, 1)).toBe(left + (width - left - right) / 2);
  });

  it('puts 100% at the top, 0% at the bottom, and clamps what lies outside', () => {
    const { height, top, bottom } = TREND_CHART;
    expect(chartY(100)).toBe(top);
    expect(chartY(0)).toBe(height - bottom);
    expect(chartY(140)).toBe(top);
    expect(chartY(-5)).toBe(height - bottom);
    expect(chartY(50)).toBe(top + (height - top - bottom) / 2);
  });
});
