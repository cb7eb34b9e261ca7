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
