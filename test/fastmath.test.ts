// expOf against Math.exp: within 2 ulp for the small hourly changes it is used for, and Math.exp beyond.
import { describe, expect, it } from "vitest";
import { expOf, log1pOf } from "../src/engine/fastmath";

describe("expOf", () => {
  it("matches Math.exp to within 4e-16 relative for |x| < 1/32, and exactly beyond", () => {
    let worst = 0;
    for (let k = -20000; k <= 20000; k++) {
      const x = (k / 20000) * (1 / 32);
      worst = Math.max(worst, Math.abs(expOf(x) / Math.exp(x) - 1));
    }
    expect(worst).toBeLessThan(4e-16);
    for (const x of [0.04, -0.5, 3, -700]) expect(expOf(x)).toBe(Math.exp(x));
  });
});

describe("log1pOf", () => {
  it("matches Math.log1p to within 4e-16 relative for |x| < 1/64, and exactly beyond", () => {
    let worst = 0;
    for (let k = -20000; k <= 20000; k++) {
      if (k === 0) continue;
      const x = (k / 20000) * (1 / 64);
      worst = Math.max(worst, Math.abs(log1pOf(x) / Math.log1p(x) - 1));
    }
    expect(worst).toBeLessThan(4e-16);
    expect(log1pOf(0)).toBe(0);
    for (const x of [0.02, -0.5, 3, -0.999]) expect(log1pOf(x)).toBe(Math.log1p(x));
  });
});
