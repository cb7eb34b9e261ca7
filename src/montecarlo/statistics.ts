// Summary statistics over every run's value (exact, from the full set).

export const SUMMARY_PERCENTILES = [5, 10, 50, 90, 95] as const;

/** Percentile p (0-100) of sorted values, linear interpolation between closest ranks (numpy's default). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export interface Summary {
  mean: number;
  percentiles: number[];
  /** Number of finite values the statistics use. */
  count: number;
}

/** Mean (summed in run order) and SUMMARY_PERCENTILES of the finite values. */
export function summarize(values: ArrayLike<number>): Summary {
  const finite: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      finite.push(v);
      sum += v;
    }
  }
  const sorted = Float64Array.from(finite).sort();
  return {
    mean: finite.length > 0 ? sum / finite.length : NaN,
    percentiles: SUMMARY_PERCENTILES.map((p) => percentileOfSorted(sorted, p)),
    count: finite.length,
  };
}

/** Arithmetic mean, summed in index order. */
export function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Population standard deviation (divided by n), summed in index order. */
export function standardDeviationOf(values: ArrayLike<number>): number {
  const m = meanOf(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / values.length);
}
