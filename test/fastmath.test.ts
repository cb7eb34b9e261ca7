// expOf and log1pOf against Math.exp and Math.log1p: within 1 ulp on the small hourly changes they
// are used for (counted exactly, as the distance between the two doubles' bit patterns), and
// the library functions themselves beyond.
import { describe, expect, it } from "vitest";
import { expOf, log1pOf } from "../src/engine/fastmath";

const bits = new Float64Array(2);
const words = new BigInt64Array(bits.buffer);
/** How many doubles apart a and b are (both finite, same sign). */
function ulpsApart(a: number, b: number): number {
  bits[0] = a;
  bits[1] = b;
  const d = words[0] - words[1];
  return Number(d < 0n ? -d : d);
}

/** 200,001 evenly spaced points and 200,000 seeded pseudo-random ones in [-limit, limit]. */
function points(limit: number): number[] {
  const xs: number[] = [];
  for (let k = -100000; k <= 100000; k++) xs.push((k / 100000) * limit);
  let state = 12345;
  for (let k = 0; k < 200000; k++) {
    state = (Math.imul(state, 1103515245) + 12345) | 0;
    xs.push(((state >>> 0) / 4294967296 - 0.5) * 2 * limit);
  }
  return xs;
}

describe("expOf", () => {
  it("is within 1 ulp of Math.exp for |x| < 1/32, and is Math.exp beyond", () => {
    let worst = 0;
    for (const x of points(1 / 32)) worst = Math.max(worst, ulpsApart(expOf(x), Math.exp(x)));
    expect(worst).toBeLessThanOrEqual(1);
    expect(expOf(0)).toBe(1);
    for (const x of [0.04, -0.5, 3, -700]) expect(expOf(x)).toBe(Math.exp(x));
  });
});

describe("log1pOf", () => {
  it("is within 1 ulp of Math.log1p for |x| < 1/64, and is Math.log1p beyond", () => {
    let worst = 0;
    for (const x of points(1 / 64)) if (x !== 0) worst = Math.max(worst, ulpsApart(log1pOf(x), Math.log1p(x)));
    expect(worst).toBeLessThanOrEqual(1);
    expect(log1pOf(0)).toBe(0);
    for (const x of [0.02, -0.5, 3, -0.999]) expect(log1pOf(x)).toBe(Math.log1p(x));
  });
});
