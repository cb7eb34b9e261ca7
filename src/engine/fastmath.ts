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
