// What the kernels that step up to four runs at once in SIMD lanes share (power-lanes.ts,
// btc-lanes.ts): the lanes block a kernel reads (each lane's state, words and paths; then its
// scratch), the stream's words of the four runs in i32x4, each double as two f64x2 (Lo: lanes 0
// and 1; Hi: 2 and 3), and what is rare done lane by lane in the scalar code through the scratch.
// Each lane makes the scalar kernel's operations on its own run's state and stream in the same
// order, so each run's path has the bits it has when its hours run alone. The xoshiro128** step on
// a kernel's four word vectors is written out in it, line for line as random.ts writes it:
//   const j = i32x4.mul(rotl4(i32x4.mul(w1, FIVE), 7), NINE);   (btc-lanes.ts: five(), nine())
//   const t = i32x4.shl(w1, 9);
//   w2 = v128.xor(w2, w0); w3 = v128.xor(w3, w1); w1 = v128.xor(w1, w2); w0 = v128.xor(w0, w3); w2 = v128.xor(w2, t); w3 = rotl4(w3, 11);
import { normalBeyond, setWords, word0, word1, word2, word3, zigguratBound, zigguratScale } from "./random";

/** Runs stepped at once (src/markets/process.ts's MARKET_LANES). */
export const LANES: i32 = 4;
/** Bytes of a lane's entry in the lanes block: the addresses of its state, words, first and second path (u32 each). */
export const LANE_BYTES: i32 = 16;
/** Bytes of the lanes block (16-byte aligned): four entries, then from byte 64 the kernel's scratch. */
export const LANES_BYTES: i32 = 256;
/** Where the scratch starts in the lanes block: the four word vectors (64 bytes), then lanes' values. */
export const SCRATCH: usize = 64;
/** Offsets in the scratch of four lanes' doubles (or i32s at X_J), and of the 8 bytes a lane past count writes its path to. */
export const X_A: usize = 64;
export const X_B: usize = 96;
export const X_C: usize = 128;
export const X_J: usize = 160;
export const X_NOWHERE: usize = 176;

export const FIVE = i32x4.splat(5);
export const NINE = i32x4.splat(9);
/**
 * FIVE and NINE in memory, read where a loop uses them (one load each). V8 builds a v128 constant
 * anew at each use inside a loop (three or four instructions) and, with the loop's registers full,
 * parks it on the stack every hour: the BTC kernel in lanes reads its constants so, 5-8% faster;
 * the power kernel's hour was not (docs/speed.md, point 28).
 */
const LANE_CONSTANTS: usize = memory.data<i32>([5, 5, 5, 5, 9, 9, 9, 9], 16);
@inline export function five(): v128 {
  return v128.load(LANE_CONSTANTS);
}
@inline export function nine(): v128 {
  return v128.load(LANE_CONSTANTS, 16);
}

@inline export function rotl4(x: v128, n: i32): v128 {
  return v128.or(i32x4.shl(x, n), i32x4.shr_u(x, 32 - n));
}

/** Lane k's entry (a lane past count reads lane 0's). */
@inline function entryOf(lanes: usize, count: i32, k: i32): usize {
  return lanes + <usize>(k < count ? k : 0) * <usize>LANE_BYTES;
}
@inline export function stateOf(lanes: usize, count: i32, k: i32): usize {
  return <usize>load<u32>(entryOf(lanes, count, k));
}
@inline export function wordsOf(lanes: usize, count: i32, k: i32): usize {
  return <usize>load<u32>(entryOf(lanes, count, k), 4);
}
/** Lane k's path number `which` (0 or 1), or the scratch's 8 bytes for a lane past count. */
@inline export function pathOf(lanes: usize, count: i32, k: i32, which: usize): usize {
  return k < count ? <usize>load<u32>(lanes + <usize>k * <usize>LANE_BYTES + 8 + (which << 2)) : lanes + SCRATCH + X_NOWHERE;
}
/** 1 for a live lane, 0 for one past count: a path's step, so that a dead lane writes to the same 8 bytes every hour. */
@inline export function stepOf(count: i32, k: i32): usize {
  return k < count ? 1 : 0;
}
/** Bit k set for each live lane. */
@inline export function liveMask(count: i32): i32 {
  return (1 << count) - 1;
}
/** Lanes k and k + 1's doubles at `offset` in their states. */
@inline export function statePair(lanes: usize, count: i32, k: i32, offset: usize): v128 {
  return f64x2.replace_lane(f64x2.splat(load<f64>(stateOf(lanes, count, k) + offset)), 1, load<f64>(stateOf(lanes, count, k + 1) + offset));
}
/** The four lanes' word number `offset / 4`. */
@inline export function wordLanes(lanes: usize, count: i32, offset: usize): v128 {
  let v = i32x4.splat(load<i32>(wordsOf(lanes, count, 0) + offset));
  v = i32x4.replace_lane(v, 1, load<i32>(wordsOf(lanes, count, 1) + offset));
  v = i32x4.replace_lane(v, 2, load<i32>(wordsOf(lanes, count, 2) + offset));
  return i32x4.replace_lane(v, 3, load<i32>(wordsOf(lanes, count, 3) + offset));
}
/** Table values at byte offsets i and k, as a pair. */
@inline function tablePair(table: usize, i: usize, k: usize): v128 {
  return f64x2.replace_lane(f64x2.splat(load<f64>(table + i)), 1, load<f64>(table + k));
}
/** The values of lanes 0-1 (hi false) or 2-3 of draws j in a ziggurat table: each lane's layer is its draw's low 7 bits. */
@inline function layerPair(table: usize, j: v128, hi: bool): v128 {
  return hi
    ? tablePair(table, <usize>(i32x4.extract_lane(j, 2) & 127) << 3, <usize>(i32x4.extract_lane(j, 3) & 127) << 3)
    : tablePair(table, <usize>(i32x4.extract_lane(j, 0) & 127) << 3, <usize>(i32x4.extract_lane(j, 1) & 127) << 3);
}
/** Lanes 0-1 (hi false) or 2-3 of 32-bit draws j as doubles, signed. */
@inline export function halfOf(j: v128, hi: bool): v128 {
  return f64x2.convert_low_i32x4_s(hi ? i32x4.shuffle(j, j, 2, 3, 2, 3) : j);
}
/** Lanes 0-1 or 2-3 of 32-bit draws as uniforms on [0, 1) (random.ts's uniformOf). */
@inline export function uniformHalf(j: v128, hi: bool): v128 {
  return f64x2.mul(f64x2.convert_low_i32x4_u(hi ? i32x4.shuffle(j, j, 2, 3, 2, 3) : j), f64x2.splat(2.3283064365386963e-10));
}
/** The ziggurat's common path for lanes 0-1 or 2-3 of draws j (random.ts's normalCommon): the normals, right where layerMask says so. */
@inline export function normalHalf(j: v128, hi: bool): v128 {
  return f64x2.mul(halfOf(j, hi), layerPair(zigguratScale(), j, hi));
}
/** Bit k set for each lane whose draw falls inside its layer (the common path's normal is right). */
@inline export function layerMask(j: v128): i32 {
  const bound = zigguratBound();
  const lo = f64x2.lt(f64x2.abs(halfOf(j, false)), layerPair(bound, j, false));
  const hi = f64x2.lt(f64x2.abs(halfOf(j, true)), layerPair(bound, j, true));
  return i64x2.bitmask(lo) | (i64x2.bitmask(hi) << 2);
}
/** Bits of a pair of lane masks (lanes 0-1 and 2-3). */
@inline export function maskBits(lo: v128, hi: v128): i32 {
  return i64x2.bitmask(lo) | (i64x2.bitmask(hi) << 2);
}

/** The four word vectors into the scratch (lane k's word i at scratch + 16 i + 4 k), before a lane draws alone. */
@inline export function spillWords(scratch: usize, w0: v128, w1: v128, w2: v128, w3: v128): void {
  v128.store(scratch, w0);
  v128.store(scratch, w1, 16);
  v128.store(scratch, w2, 32);
  v128.store(scratch, w3, 48);
}
/** Lane k's words from the scratch to random.ts's globals, to draw alone; and back. */
export function wordsToGlobals(scratch: usize, k: i32): void {
  const at = scratch + (<usize>k << 2);
  setWords(load<i32>(at), load<i32>(at, 16), load<i32>(at, 32), load<i32>(at, 48));
}
export function wordsFromGlobals(scratch: usize, k: i32): void {
  const at = scratch + (<usize>k << 2);
  store<i32>(at, word0());
  store<i32>(at, word1(), 16);
  store<i32>(at, word2(), 32);
  store<i32>(at, word3(), 48);
}

/**
 * The ziggurat's rare path (random.ts's normalBeyond) for each live lane not in `common`, drawing
 * from its words in the scratch (spilled): lane k's normal replaces the common path's at X_A + 8 k,
 * where zLo and zHi are written first. The caller reloads the words and the normals.
 */
export function normalsBeyond(scratch: usize, j: v128, zLo: v128, zHi: v128, common: i32, count: i32): void {
  v128.store(scratch, zLo, X_A);
  v128.store(scratch, zHi, X_A + 16);
  v128.store(scratch, j, X_J);
  for (let k = 0; k < count; k++) {
    if ((common & (1 << k)) != 0) continue;
    wordsToGlobals(scratch, k);
    store<f64>(scratch + (<usize>k << 3), normalBeyond(load<i32>(scratch + (<usize>k << 2), X_J)), X_A);
    wordsFromGlobals(scratch, k);
  }
}

/** Each live lane's words from the scratch back to its words block. */
export function wordsHome(lanes: usize, count: i32): void {
  const scratch = lanes + SCRATCH;
  for (let k = 0; k < count; k++) {
    const words = wordsOf(lanes, count, k);
    const at = scratch + (<usize>k << 2);
    store<i32>(words, load<i32>(at));
    store<i32>(words, load<i32>(at, 16), 4);
    store<i32>(words, load<i32>(at, 32), 8);
    store<i32>(words, load<i32>(at, 48), 12);
  }
}

/** Lanes 0-1 and 2-3 (lo, hi) into the scratch at `offset`, then lane k's double stored at its state + stateOffset, for each live lane. */
export function pairsHome(lanes: usize, count: i32, lo: v128, hi: v128, offset: usize, stateOffset: usize): void {
  const scratch = lanes + SCRATCH;
  v128.store(scratch + offset, lo);
  v128.store(scratch + offset, hi, 16);
  for (let k = 0; k < count; k++) store<f64>(stateOf(lanes, count, k) + stateOffset, load<f64>(scratch + offset + (<usize>k << 3)));
}

/** 1 where a lane mask is set, else 0, as the scalar kernels store a flag. */
@inline export function flagOf(mask: v128): v128 {
  return v128.and(mask, f64x2.splat(1));
}
