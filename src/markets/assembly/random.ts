// The draws of src/engine/random.ts's RandomStream, in AssemblyScript: xoshiro128** and the
// 128-layer ziggurat, the same bits draw for draw. While a block of hours runs, the stream's four
// words sit in globals (loaded from and stored back to the stream's words by loadWords/storeWords);
// the ziggurat's tables are src/engine/ziggurat.ts's, copied in once (setZigguratTables).
//
// The BTC, power and basis kernels' hot loops keep their own copy of the words in locals instead
// (w0..w3): V8 keeps a WebAssembly global in memory, so a loop drawing through globals waits on a
// store and a load of each word in every draw (GBM 6.6-7.1 -> 6.4-6.6 ns an hour, power 10.1-10.4
// -> 9.1-9.7, stochastic volatility 17.2-18.0 -> 15.0-16.6: docs/speed.md, point 22). Such a loop
// draws with output(w1) and then the step, written out on its locals as stepWords below writes it
// on the globals, line for line:
//   const j = output(w1);
//   const t = w1 << 9; w2 ^= w0; w3 ^= w1; w1 ^= w2; w0 ^= w3; w2 ^= t; w3 = rotl<i32>(w3, 11);
// and turns j into a normal with normalCommon(j), which is NaN when j falls outside its layer:
// then the rare path, normalBeyond(j), draws from the globals (setWords before it, word0..word3
// after it), as does anything else the loop calls that draws.
import { jsExp, jsLog } from "./maths";

let s0: i32 = 0;
let s1: i32 = 0;
let s2: i32 = 0;
let s3: i32 = 0;
let layerBound: usize = 0;
let layerScale: usize = 0;
let layerDensity: usize = 0;
const ZIGGURAT_R: f64 = 3.442619855899;
const TWO_POW_MINUS_32: f64 = 2.3283064365386963e-10;

/** Where the ziggurat's K, W and F tables (128 doubles each) are. */
export function setZigguratTables(bound: usize, scale: usize, density: usize): void {
  layerBound = bound;
  layerScale = scale;
  layerDensity = density;
}

/** Makes the stream whose words are at `words` the one drawn from. */
@inline export function loadWords(words: usize): void {
  s0 = load<i32>(words);
  s1 = load<i32>(words, 4);
  s2 = load<i32>(words, 8);
  s3 = load<i32>(words, 12);
}

/** Stores the drawn stream's words back. */
@inline export function storeWords(words: usize): void {
  store<i32>(words, s0);
  store<i32>(words, s1, 4);
  store<i32>(words, s2, 8);
  store<i32>(words, s3, 12);
}

/** xoshiro128**'s output for words whose second is w1 (drawn before the step). */
@inline export function output(w1: i32): i32 {
  return rotl<i32>(w1 * 5, 7) * 9;
}

/** xoshiro128**'s step on the globals. */
@inline function stepWords(): void {
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<i32>(s3, 11);
}

/** The next 32 bits, signed. */
@inline export function nextInt32(): i32 {
  const result = output(s1);
  stepWords();
  return result;
}

/** Hands a loop's words to the globals (before a call that draws: normalBeyond, say). */
@inline export function setWords(w0: i32, w1: i32, w2: i32, w3: i32): void {
  s0 = w0;
  s1 = w1;
  s2 = w2;
  s3 = w3;
}
/** The globals' words, back into a loop's locals after such a call. */
@inline export function word0(): i32 {
  return s0;
}
@inline export function word1(): i32 {
  return s1;
}
@inline export function word2(): i32 {
  return s2;
}
@inline export function word3(): i32 {
  return s3;
}

/** Where the ziggurat's K (bound) and W (scale) tables are, for a kernel that reads them itself (power-lanes.ts). */
@inline export function zigguratBound(): usize {
  return layerBound;
}
@inline export function zigguratScale(): usize {
  return layerScale;
}

/** Uniform on [0, 1) from 32 bits j, in steps of 2^-32. */
@inline export function uniformOf(j: i32): f64 {
  return <f64><u32>j * TWO_POW_MINUS_32;
}

/** The ziggurat's common path for 32 bits j: the normal, or NaN when j falls outside its layer (then normalBeyond(j)). */
@inline export function normalCommon(j: i32): f64 {
  const i = <usize>(j & 127) << 3;
  return Math.abs(<f64>j) < load<f64>(layerBound + i) ? <f64>j * load<f64>(layerScale + i) : NaN;
}

/** Uniform on [0, 1), in steps of 2^-32. */
@inline export function uniform(): f64 {
  return uniformOf(nextInt32());
}

/** Standard normal, the ziggurat's common path inline and the rest in normalBeyond. */
@inline export function normal(): f64 {
  const j = nextInt32();
  const i = <usize>(j & 127) << 3;
  if (Math.abs(<f64>j) < load<f64>(layerBound + i)) return <f64>j * load<f64>(layerScale + i);
  return normalBeyond(j);
}

/**
 * Whether y < jsExp(a), decided as JavaScript decides it, mostly without calling out to it:
 * AssemblyScript's own exp (musl's, within 0.52 ulp of the true value, as V8's is within 1 ulp)
 * settles every y farther than 1e-12 of its value from it, and JavaScript's exp the rest (about
 * one call in 10^11). The call into JavaScript cost the ziggurat's wedges ~1.5 ns a site-hour of
 * the reference model (docs/speed.md, point 26).
 */
@inline function underDensity(y: f64, a: f64): bool {
  const near = Math.exp(a);
  if (y < near * (1 - 1e-12)) return true;
  if (y > near * (1 + 1e-12)) return false;
  return y < jsExp(a);
}
/** underDensity for the tests (test/market-kernels.test.ts): 1 for true. */
export function underDensityCheck(y: f64, a: f64): i32 {
  return underDensity(y, a) ? 1 : 0;
}

/** The ziggurat's rare path, drawing from the globals: the base layer's tail, or a wedge under the curve. */
export function normalBeyond(first: i32): f64 {
  let j = first;
  let i = j & 127;
  for (;;) {
    const x = <f64>j * load<f64>(layerScale + (<usize>i << 3));
    if (i == 0) {
      // The tail beyond R, by Marsaglia's exponential method.
      let tailX: f64 = 0;
      let y: f64 = 0;
      do {
        tailX = -jsLog(1 - uniform()) / ZIGGURAT_R;
        y = -jsLog(1 - uniform());
      } while (y + y < tailX * tailX);
      return j > 0 ? ZIGGURAT_R + tailX : -ZIGGURAT_R - tailX;
    }
    const density = load<f64>(layerDensity + (<usize>i << 3));
    const densityBelow = load<f64>(layerDensity + (<usize>(i - 1) << 3));
    if (underDensity(density + uniform() * (densityBelow - density), -0.5 * x * x)) return x;
    j = nextInt32();
    i = j & 127;
    if (Math.abs(<f64>j) < load<f64>(layerBound + (<usize>i << 3))) return <f64>j * load<f64>(layerScale + (<usize>i << 3));
  }
  return 0; // not reached
}
