// Cash-flow measures over monthly net cash flows (index 0 = the start month).

/** Net present value of monthly cash flows at a monthly rate; flow t is discounted by (1 + r)^t. */
export function npvMonthly(cashUsd: ArrayLike<number>, ratePerMonth: number): number {
  let npv = 0;
  let factor = 1;
  const step = 1 / (1 + ratePerMonth);
  for (let t = 0; t < cashUsd.length; t++) {
    npv += cashUsd[t] * factor;
    factor *= step;
  }
  return npv;
}

const IRR_LOW_PER_MONTH = -0.9;
const IRR_HIGH_PER_MONTH = 0.2;
const IRR_SCAN_STEP = 0.002;

/**
 * Internal rate of return, annualised: (1 + r)^12 - 1 for the lowest monthly rate r in
 * [-90%, +20%] at which the monthly NPV is zero (scanned in steps of 0.2 points, then bisected).
 * NaN when there is none there, or when cumulative cash never goes below zero (nothing was
 * invested, so there is no rate of return to speak of). Flows that change sign more than once can
 * have several roots; taking the lowest is a convention, stated so.
 */
export function irrPerYear(cashUsd: ArrayLike<number>): number {
  let cumulative = 0;
  let invested = false;
  for (let t = 0; t < cashUsd.length; t++) {
    cumulative += cashUsd[t];
    if (cumulative < 0) invested = true;
  }
  if (!invested) return NaN;
  let low = IRR_LOW_PER_MONTH;
  let npvLow = npvMonthly(cashUsd, low);
  for (let r = IRR_LOW_PER_MONTH + IRR_SCAN_STEP; r <= IRR_HIGH_PER_MONTH + 1e-12; r += IRR_SCAN_STEP) {
    const npv = npvMonthly(cashUsd, r);
    if (npv === 0) return Math.pow(1 + r, 12) - 1;
    if (npv * npvLow < 0) {
      let high = r;
      for (let i = 0; i < 100 && high - low > 1e-12; i++) {
        const mid = 0.5 * (low + high);
        const npvMid = npvMonthly(cashUsd, mid);
        if (npvMid * npvLow <= 0) high = mid;
        else {
          low = mid;
          npvLow = npvMid;
        }
      }
      return Math.pow(1 + 0.5 * (low + high), 12) - 1;
    }
    low = r;
    npvLow = npv;
  }
  return NaN;
}

/** First month (1-based) from which cumulative cash stays >= 0 to the end; NaN if it ends below 0. */
export function paybackMonth(cashUsd: ArrayLike<number>): number {
  let cumulative = 0;
  let lastNegative = -1;
  for (let t = 0; t < cashUsd.length; t++) {
    cumulative += cashUsd[t];
    if (cumulative < 0) lastNegative = t;
  }
  if (cumulative < 0) return NaN;
  return lastNegative + 2;
}
