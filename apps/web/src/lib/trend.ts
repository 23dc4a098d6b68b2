/** Geometry of the trend chart (SVG user units): the plot sits inside the margins. */
export const TREND_CHART = { width: 640, height: 260, left: 44, right: 16, top: 16, bottom: 32 } as const;

/** Horizontal position of point `i` of `n`, evenly spread; a single point sits in the middle. */
export function chartX(i: number, n: number): number {
  const { width, left, right } = TREND_CHART;
  const span = width - left - right;
  return n <= 1 ? left + span / 2 : left + (span * i) / (n - 1);
}

/** Vertical position of a percent (0–100, clamped): 100% at the top. */
export function chartY(percent: number): number {
  const { height, top, bottom } = TREND_CHART;
  const clamped = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  return top + ((height - top - bottom) * (100 - clamped)) / 100;
}
