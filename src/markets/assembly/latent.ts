// A quantile table read at a latent normal (src/markets/power.ts's deviationByLatentTable builds
// the table), for the power deviation and the basis.

// src/markets/power.ts's LATENT_RANGE and LATENT_STEPS.
const LATENT_RANGE: f64 = 6;
const LATENT_STEPS: i32 = 4096;

/** The value at latent z from a table of values on a grid of latent values: linear between grid points, the table's ends beyond it. */
@inline export function deviationAtLatent(table: usize, z: f64): f64 {
  const position = (z + LATENT_RANGE) * (<f64>LATENT_STEPS / (2 * LATENT_RANGE));
  if (position <= 0) return load<f64>(table);
  if (position >= <f64>LATENT_STEPS) return load<f64>(table + (<usize>LATENT_STEPS << 3));
  const i = <i32>position;
  const at = table + (<usize>i << 3);
  const below = load<f64>(at);
  return below + (load<f64>(at, 8) - below) * (position - <f64>i);
}

/** deviationAtLatent for a pair of SIMD lanes (the kernels that step runs in lanes: lanes.ts): the same operations, lane by lane. */
@inline export function deviationAtLatentPair(table: usize, z: v128): v128 {
  const position = f64x2.mul(f64x2.add(z, f64x2.splat(LATENT_RANGE)), f64x2.splat(<f64>LATENT_STEPS / (2 * LATENT_RANGE)));
  // Each lane's grid index, kept inside the table for the reads (a lane beyond the grid takes an end below).
  const inside = f64x2.max(f64x2.splat(0), f64x2.min(position, f64x2.splat(<f64>(LATENT_STEPS - 1))));
  const index = i32x4.trunc_sat_f64x2_s_zero(inside);
  const at0 = table + (<usize>i32x4.extract_lane(index, 0) << 3);
  const at1 = table + (<usize>i32x4.extract_lane(index, 1) << 3);
  const below = f64x2.replace_lane(f64x2.splat(load<f64>(at0)), 1, load<f64>(at1));
  const above = f64x2.replace_lane(f64x2.splat(load<f64>(at0, 8)), 1, load<f64>(at1, 8));
  const value = f64x2.add(below, f64x2.mul(f64x2.sub(above, below), f64x2.sub(position, f64x2.convert_low_i32x4_s(index))));
  const first = f64x2.splat(load<f64>(table));
  const last = f64x2.splat(load<f64>(table + (<usize>LATENT_STEPS << 3)));
  return v128.bitselect(first, v128.bitselect(last, value, f64x2.ge(position, f64x2.splat(<f64>LATENT_STEPS))), f64x2.le(position, f64x2.splat(0)));
}

/** deviationAtLatent and deviationAtLatentPair over `count` (even) values at zs, into out and outPairs: for test/market-kernels.test.ts, which compares them. */
export function latentTableCheck(table: usize, zs: usize, out: usize, outPairs: usize, count: i32): void {
  for (let k = 0; k < count; k += 2) {
    const at = <usize>k << 3;
    store<f64>(out + at, deviationAtLatent(table, load<f64>(zs + at)));
    store<f64>(out + at, deviationAtLatent(table, load<f64>(zs + at, 8)), 8);
    v128.store(outPairs + at, deviationAtLatentPair(table, v128.load(zs + at)));
  }
}
