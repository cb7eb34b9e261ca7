// The maths the market kernels share with JavaScript. exp, log and pow are JavaScript's own
// (imported), so that a WebAssembly kernel gives the same bits as the same arithmetic in V8;
// expOf and log1pOf are src/engine/fastmath.ts's, the same expressions.
@external("env", "exp") export declare function jsExp(x: f64): f64;
@external("env", "log") export declare function jsLog(x: f64): f64;
@external("env", "pow") export declare function jsPow(x: f64, y: f64): f64;
@external("env", "log1p") export declare function jsLog1p(x: f64): f64;

/** e^x: for |x| < 1/32 the degree-7 Taylor polynomial in Estrin's scheme (src/engine/fastmath.ts), else exp. */
@inline export function expOf(x: f64): f64 {
  if (x > 1.0 / 32 || x < -1.0 / 32) return jsExp(x);
  const x2 = x * x;
  return 1 + (x + (x2 * (0.5 + x * (1.0 / 6)) + x2 * x2 * (1.0 / 24 + x * (1.0 / 120) + x2 * (1.0 / 720 + x * (1.0 / 5040)))));
}
@external("env", "round") export declare function jsRound(x: f64): f64;

/** ln(1 + x): for |x| < 1/64 the Taylor series to x^9 (src/engine/fastmath.ts), else log1p. */
@inline export function log1pOf(x: f64): f64 {
  if (x > 1.0 / 64 || x < -1.0 / 64) return jsLog1p(x);
  const x2 = x * x;
  const low = -1.0 / 2 + x * (1.0 / 3) + x2 * (-1.0 / 4 + x * (1.0 / 5));
  const high = -1.0 / 6 + x * (1.0 / 7) + x2 * (-1.0 / 8 + x * (1.0 / 9));
  return x + x2 * (low + x2 * x2 * high);
}
