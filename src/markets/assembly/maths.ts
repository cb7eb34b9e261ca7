// The maths the market kernels share with JavaScript. exp, log and pow are JavaScript's own
// (imported), so that a WebAssembly kernel gives the same bits as the same arithmetic in V8;
// expOf is src/engine/fastmath.ts's, the same expression.
@external("env", "exp") export declare function jsExp(x: f64): f64;
@external("env", "log") export declare function jsLog(x: f64): f64;
@external("env", "pow") export declare function jsPow(x: f64, y: f64): f64;

/** e^x: for |x| < 1/32 the degree-7 Taylor polynomial in Estrin's scheme (src/engine/fastmath.ts), else exp. */
@inline export function expOf(x: f64): f64 {
  if (x > 1.0 / 32 || x < -1.0 / 32) return jsExp(x);
  const x2 = x * x;
  return 1 + (x + (x2 * (0.5 + x * (1.0 / 6)) + x2 * x2 * (1.0 / 24 + x * (1.0 / 120) + x2 * (1.0 / 720 + x * (1.0 / 5040)))));
}
@external("env", "round") export declare function jsRound(x: f64): f64;
