const percentFormat = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A rate's percent (0–100, unrounded) with one decimal the Vietnamese way ("60,0%"); a dash when undefined. */
export function formatRatePercent(percent: number | null | undefined): string {
  return percent === null || percent === undefined || !Number.isFinite(percent) ? '—' : percentFormat.format(percent / 100);
}

interface RateLike {
  readonly key: string;
  readonly targetPercent?: number | undefined;
}

/** The rate the chart draws: the first with a target (the directive's goal), else the first. */
export function chartedRate<R extends RateLike>(rates: readonly R[]): R | null {
  return rates.find((r) => r.targetPercent !== undefined) ?? rates[0] ?? null;
}

/** Bar length in percent of the chart's width, clamped to 0–100. */
export function barWidth(percent: number | null | undefined): number {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return 0;
  return Math.min(100, Math.max(0, percent));
}
