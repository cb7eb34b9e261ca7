// Small numeric helpers for hot loops. Knows nothing of what the numbers mean.

/** Below this |x|, expOf uses its polynomial: the Taylor remainder x^8 / 8! is under 2.3e-17. */
const SMALL = 1 / 32;

/**
 * e^x. For |x| < 1/32 (an hour's log change of a price or a hashrate) the degree-7 Taylor
 * polynomial, evaluated in Estrin's scheme (independent products in powers of x^2, so the CPU can
 * overlap them: a Horner chain of seven dependent multiply-adds cost ~8% of the reference run's
 * time) and the 1 added last; within 1 ulp of Math.exp (test/fastmath.test.ts counts the ulps) and
 * several times cheaper. Math.exp otherwise.
 */
export function expOf(x: number): number {
  if (x > SMALL || x < -SMALL) return Math.exp(x);
  const x2 = x * x;
  return 1 + (x + (x2 * (0.5 + x * (1 / 6)) + x2 * x2 * (1 / 24 + x * (1 / 120) + x2 * (1 / 720 + x * (1 / 5040)))));
}

/** Below this |x|, log1pOf uses its polynomial: the first term left out, x^10 / 10, is under 6e-18 of the result. */
const SMALL_LOG = 1 / 64;

/**
 * ln(1 + x). For |x| < 1/64 (an hour's relative change of a slowly moving share) the Taylor series
 * to x^9, the leading x added last, the rest in Estrin's scheme like expOf (a Horner chain of eight
 * dependent multiply-adds was most of the hashrate supply model's hour); within 1 ulp of
 * Math.log1p (tested) and several times cheaper; Math.log1p otherwise. The hashrate supply model
 * runs the same expression in the market kernels (src/markets/assembly/maths.ts); this one is the
 * TypeScript the tests measure it by.
 */
export function log1pOf(x: number): number {
  if (x > SMALL_LOG || x < -SMALL_LOG) return Math.log1p(x);
  const x2 = x * x;
  const low = -1 / 2 + x * (1 / 3) + x2 * (-1 / 4 + x * (1 / 5));
  const high = -1 / 6 + x * (1 / 7) + x2 * (-1 / 8 + x * (1 / 9));
  return x + x2 * (low + x2 * x2 * high);
}
