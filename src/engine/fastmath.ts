// Small numeric helpers for hot loops. Knows nothing of what the numbers mean.

/** Below this |x|, expOf uses its polynomial: the Taylor remainder x^8 / 8! is under 2.3e-17. */
const SMALL = 1 / 32;

/**
 * e^x. For |x| < 1/32 (an hour's log change of a price or a hashrate) a degree-7 Taylor polynomial
 * in Horner form, exact to about an ulp and several times cheaper than Math.exp; Math.exp otherwise.
 */
export function expOf(x: number): number {
  if (x > SMALL || x < -SMALL) return Math.exp(x);
  return 1 + x * (1 + x * (0.5 + x * (1 / 6 + x * (1 / 24 + x * (1 / 120 + x * (1 / 720 + x * (1 / 5040)))))));
}

/** Below this |x|, log1pOf uses its polynomial: the first term left out, x^10 / 10, is under 6e-18 of the result. */
const SMALL_LOG = 1 / 64;

/**
 * ln(1 + x). For |x| < 1/64 (an hour's relative change of a slowly moving share) the Taylor series
 * to x^9 in Horner form, within about an ulp of Math.log1p and several times cheaper; Math.log1p
 * otherwise.
 */
export function log1pOf(x: number): number {
  if (x > SMALL_LOG || x < -SMALL_LOG) return Math.log1p(x);
  return x * (1 + x * (-1 / 2 + x * (1 / 3 + x * (-1 / 4 + x * (1 / 5 + x * (-1 / 6 + x * (1 / 7 + x * (-1 / 8 + x * (1 / 9)))))))));
}
