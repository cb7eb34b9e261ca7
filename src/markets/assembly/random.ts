// The draws of src/engine/random.ts's RandomStream, in AssemblyScript: xoshiro128** and the
// 128-layer ziggurat, the same bits draw for draw. While a block of hours runs, the stream's four
// words sit in globals (loaded from and stored back to the stream's words by loadWords/storeWords);
// the ziggurat's tables are src/engine/ziggurat.ts's, copied in once (setZigguratTables).
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

/** The next 32 bits, signed: xoshiro128**'s step. */
@inline export function nextInt32(): i32 {
  const result = rotl<i32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  const x2 = s2 ^ s0;
  const x3 = s3 ^ s1;
  s0 ^= x3;
  s1 ^= x2;
  s2 = x2 ^ t;
  s3 = rotl<i32>(x3, 11);
  return result;
}

/** Uniform on [0, 1), in steps of 2^-32. */
@inline export function uniform(): f64 {
  return <f64><u32>nextInt32() * TWO_POW_MINUS_32;
}

/** Standard normal, the ziggurat's common path inline and the rest in normalBeyond. */
@inline export function normal(): f64 {
  const j = nextInt32();
  const i = <usize>(j & 127) << 3;
  if (Math.abs(<f64>j) < load<f64>(layerBound + i)) return <f64>j * load<f64>(layerScale + i);
  return normalBeyond(j);
}

/** The ziggurat's rare path: the base layer's tail, or a wedge under the curve. */
function normalBeyond(first: i32): f64 {
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
    if (density + uniform() * (densityBelow - density) < jsExp(-0.5 * x * x)) return x;
    j = nextInt32();
    i = j & 127;
    if (Math.abs(<f64>j) < load<f64>(layerBound + (<usize>i << 3))) return <f64>j * load<f64>(layerScale + (<usize>i << 3));
  }
  return 0; // not reached
}
