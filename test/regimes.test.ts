// The two-regime EM fit recovers the parameters of a known Markov-switching series.
import { describe, expect, it } from "vitest";
import { calmShare, fitTwoRegimes, simulateRegimeReturns } from "../src/calibrate/regimes";

describe("two-regime EM fit", () => {
  it("recovers sd, staying probabilities and the calm share of 20,000 synthetic days", () => {
    const truth = {
      calm: { meanDaily: 0.001, sdDaily: 0.02, stay: 0.97 },
      turbulent: { meanDaily: -0.002, sdDaily: 0.06, stay: 0.9 },
      logLikelihood: 0,
      iterations: 0,
    };
    const x = simulateRegimeReturns(truth, 20_000, "regimes-test");
    const fit = fitTwoRegimes(x);
    expect(fit.calm.sdDaily).toBeCloseTo(0.02, 2);
    expect(Math.abs(fit.calm.sdDaily / 0.02 - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.turbulent.sdDaily / 0.06 - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.calm.stay - 0.97)).toBeLessThan(0.01);
    expect(Math.abs(fit.turbulent.stay - 0.9)).toBeLessThan(0.02);
    // Long-run calm share: (1 - 0.9) / ((1 - 0.9) + (1 - 0.97)) = 0.769
    expect(Math.abs(calmShare(fit) - 0.769)).toBeLessThan(0.03);
    expect(fit.iterations).toBeLessThan(1000);
  });

  it("too few days is refused", () => {
    expect(() => fitTwoRegimes(new Float64Array(10))).toThrow(/at least 30 daily returns/);
  });
});
