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

/**
 * Internal rate of return, annualised: (1 + r_month)^12 - 1 where the monthly NPV is zero.
 * Found by bisection on monthly rates in (-99%, +100%); NaN when the NPV does not change sign
 * there (all flows of one sign, or no root in range).
 */
export function irrPerYear(cashUsd: ArrayLike<number>): number {
  let low = -0.99;
  let high = 1;
  let npvLow = npvMonthly(cashUsd, low);
  const npvHigh = npvMonthly(cashUsd, high);
  if (!(npvLow * npvHigh < 0)) return NaN;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = 0.5 * (low + high);
    const npvMid = npvMonthly(cashUsd, mid);
    if (npvMid === 0) return Math.pow(1 + mid, 12) - 1;
    if (npvMid * npvLow < 0) high = mid;
    else {
      low = mid;
      npvLow = npvMid;
    }
  }
  return Math.pow(1 + 0.5 * (low + high), 12) - 1;
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
