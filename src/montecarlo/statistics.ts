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

/**
 * Percentiles ps (0-100, ascending) of values, each what percentileOfSorted gives on the values
 * sorted (NaN last), the same numbers; without sorting them: the order statistics the percentiles
 * lie between are selected in place (quickselect), ~10x faster than V8's Float64Array sort (~100 ns
 * a value) on 10,000 values. Reorders `values` (give it a copy to keep).
 */
export function percentilesOf(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => NaN);
  // How many are NaN, and whether every value is the first, to the bit (a read-only pass).
  const first = values[0];
  let nans = 0;
  let allFirst = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) nans++;
    else if (v !== first || (v === 0 && 1 / v !== 1 / first)) allFirst = false;
  }
  // NaN last, as a sort puts them.
  const numbers = n - nans;
  if (nans > 0) {
    let at = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === v) {
        values[i] = values[at];
        values[at++] = v;
      }
    }
  }
  // One value throughout (most of a plan's metrics that its programs leave at 0): every order
  // statistic is that value, and the interpolation below gives it, to the bit, without selecting
  // (on ties, selection partitions as if the values differed).
  if (nans === 0 && allFirst) return ps.map((p) => {
    const rank = (p / 100) * (n - 1);
    return first + (first - first) * (rank - Math.floor(rank));
  });
  // Values at the positions a sort would give them; positions past the numbers are NaN.
  let selectedUpTo = -1;
  const at = (position: number): number => {
    if (position >= numbers) return NaN;
    if (position > selectedUpTo) {
      selectInPlace(values, selectedUpTo + 1, numbers - 1, position);
      selectedUpTo = position;
    }
    return values[position];
  };
  // The value just after a selected position: the least of those after it.
  const next = (position: number): number => {
    if (position + 1 >= numbers) return NaN;
    let least = values[position + 1];
    for (let i = position + 2; i < numbers; i++) if (values[i] < least) least = values[i];
    return least;
  };
  return ps.map((p) => {
    const rank = (p / 100) * (n - 1);
    const lo = Math.floor(rank);
    const hi = Math.min(lo + 1, n - 1);
    const low = at(lo);
    const high = hi === lo ? low : hi < numbers ? next(lo) : NaN;
    return low + (high - low) * (rank - lo);
  });
}

/** Puts the k-th smallest of a[left..right] at k, those before it no greater, those after no smaller (Hoare's selection; no NaN). */
function selectInPlace(a: Float64Array, left: number, right: number, k: number): void {
  while (right > left) {
    // The median of the first, middle and last as the pivot: sorted or reversed runs stay linear.
    const mid = (left + right) >>> 1;
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

export interface Summary {
  mean: number;
  percentiles: number[];
  /** Number of finite values the statistics use. */
  count: number;
}

let finiteScratch = new Float64Array(0);

/** Mean (summed in run order) and SUMMARY_PERCENTILES of the finite values. */
export function summarize(values: ArrayLike<number>): Summary {
  // The finite values copied into a typed array (percentilesOf reorders its argument), reused from call to call.
  if (finiteScratch.length < values.length) finiteScratch = new Float64Array(values.length);
  const finite = finiteScratch;
  let count = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      finite[count++] = v;
      sum += v;
    }
  }
  return {
    mean: count > 0 ? sum / count : NaN,
    percentiles: percentilesOf(finite.subarray(0, count), SUMMARY_PERCENTILES),
    count,
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
