// Percentiles by selection against the sorted reference: the same numbers for any values,
// NaN, infinities, signed zeros and ties included.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { percentileOfSorted, percentilesOf } from "../src/montecarlo/statistics";

const PERCENTILES = [0, 5, 10, 33.3, 50, 90, 95, 100];

function reference(values: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return PERCENTILES.map((p) => percentileOfSorted(sorted, p));
}

describe("percentilesOf", () => {
  it("gives what percentileOfSorted gives on the sorted values, for random values with NaN, infinities, zeros and ties", () => {
    const value = fc.oneof(
      { arbitrary: fc.double({ noNaN: true }), weight: 6 },
      { arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1, -1), weight: 2 },
      { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 3 },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        const got = percentilesOf(Float64Array.from(values), PERCENTILES);
        const want = reference(values);
        for (let k = 0; k < PERCENTILES.length; k++) if (!Object.is(got[k], want[k])) return false;
        return true;
      }),
      { seed: 20261202, numRuns: 2000 },
    );
  });

  it("sorted, reversed and constant inputs of 10,000 values, to the bit", () => {
    const n = 10_000;
    const inputs = [
      Float64Array.from({ length: n }, (_, i) => i),
      Float64Array.from({ length: n }, (_, i) => n - i),
      new Float64Array(n).fill(7),
      // One value throughout (answered without selecting), signed zeros and infinities included, and zeros of both signs.
      new Float64Array(n).fill(-0),
      new Float64Array(n).fill(0),
      new Float64Array(n).fill(-Infinity),
      new Float64Array(n).fill(Infinity),
      Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? -0 : 0)),
      Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? NaN : Math.sin(i))),
    ];
    for (const values of inputs) {
      const got = percentilesOf(Float64Array.from(values), PERCENTILES);
      const want = reference(Array.from(values));
      want.forEach((w, k) => expect(Object.is(got[k], w), `${values[0]}...: percentile ${PERCENTILES[k]}: ${got[k]} vs ${w}`).toBe(true));
    }
  });
});
