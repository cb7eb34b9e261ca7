// Cash-flow measures and summary statistics against hand-computed and numpy reference values.
import { describe, expect, it } from "vitest";
import { irrPerYear, npvMonthly, paybackMonth } from "../src/finance/cashflow";
import { percentileOfSorted, summarize } from "../src/montecarlo/statistics";

describe("cash flows", () => {
  it("NPV of -100 then +110 at 10% a month is 0", () => {
    expect(npvMonthly([-100, 110], 0.1)).toBeCloseTo(0, 12);
  });
  it("IRR is undefined when cumulative cash never goes below zero (nothing invested)", () => {
    expect(irrPerYear([10, -5, 10])).toBeNaN();
  });
  it("with two roots (invest, earn, clean up) the lowest in range is taken: -100, +230, -132 has roots at 10% and 20% a month", () => {
    // NPV(r) = -100 + 230/(1+r) - 132/(1+r)^2 = 0  <=>  (1+r) in {1.1, 1.2}
    expect(Math.pow(1 + irrPerYear([-100, 230, -132]), 1 / 12) - 1).toBeCloseTo(0.1, 8);
  });
  it("IRR of -100 then +110 a month later is 10% a month = 1.1^12 - 1 a year", () => {
    expect(irrPerYear([-100, 110])).toBeCloseTo(Math.pow(1.1, 12) - 1, 8);
  });
  it("IRR of a 12-month annuity: -1000 then 12 x 100 -> 2.9229% a month", () => {
    // numpy_financial.irr([-1000] + [100]*12) = 0.0292285
    expect(Math.pow(1 + irrPerYear([-1000, ...new Array(12).fill(100)]), 1 / 12) - 1).toBeCloseTo(0.0292285, 6);
  });
  it("IRR is undefined (NaN) when every flow has one sign", () => {
    expect(irrPerYear([100, 100])).toBeNaN();
    expect(irrPerYear([-100, -5])).toBeNaN();
  });
  it("payback month: first month from which cumulative cash stays >= 0", () => {
    expect(paybackMonth([-100, 40, 40, 40])).toBe(4); // cumulative -100, -60, -20, +20
    expect(paybackMonth([50, -100, 60])).toBe(3); // dips below zero in month 2
    expect(paybackMonth([10, 10])).toBe(1);
    expect(paybackMonth([-100, 10])).toBeNaN();
  });
});

describe("summary statistics", () => {
  it("percentiles interpolate linearly between ranks, like numpy's default", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // numpy.percentile(range(1, 11), [5, 10, 50, 90, 95]) = [1.45, 1.9, 5.5, 9.1, 9.55]
    expect([5, 10, 50, 90, 95].map((p) => percentileOfSorted(sorted, p))).toEqual([1.45, 1.9, 5.5, 9.1, 9.55].map((x) => expect.closeTo(x, 12)));
  });
  it("summaries skip NaN (undefined IRR or payback) and say how many values they used", () => {
    const s = summarize([3, NaN, 1, 2]);
    expect(s.count).toBe(3);
    expect(s.mean).toBe(2);
    expect(s.percentiles[2]).toBe(2);
  });
});
