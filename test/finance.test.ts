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

describe("depreciation, income tax and loss carry-forward, by hand", () => {
  it("MACRS 5-year sums to 1; straight line over 4 years takes half years at the ends", async () => {
    const { depreciationRates } = await import("../src/finance/tax");
    expect(depreciationRates("macrs5").reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(depreciationRates("straight-line", 4)).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
  });

  it("21% on income less depreciation, losses carried forward against at most 80% of later income, the sale at the end", async () => {
    const { depreciationRates, taxesByYear } = await import("../src/finance/tax");
    // Income -100, 50, 200; $100 of GPUs in year 0 on MACRS 5-year (20%, 32%, 19.2%, ...); terminal value 0.
    // Year 0: -100 - 20 = -120, a loss carried forward. Year 1: 50 - 32 = 18, of which 80% (14.4) offset: tax 21% x 3.6.
    // Year 2: 200 - 19.2, less the 28.8 of basis left and sold for nothing = 152; the 105.6 of losses left
    // offset (under 80% of 152): tax 21% x 46.4.
    const rules = { rate: 0.21, lossOffsetLimit: 0.8, bonusFraction: [0], rates: [depreciationRates("macrs5")] };
    const tax = new Float64Array(3);
    const depreciation = new Float64Array(3);
    const total = taxesByYear([-100, 50, 200], [100, 0, 0], 0, rules, tax, depreciation);
    expect(Array.from(depreciation)).toEqual([20, 32, expect.closeTo(19.2, 12)]);
    expect(tax[0]).toBe(0);
    expect(tax[1]).toBeCloseTo(0.21 * 3.6, 12);
    expect(tax[2]).toBeCloseTo(0.21 * 46.4, 12);
    expect(total).toBeCloseTo(0.21 * 50, 12);
  });

  it("full bonus depreciation expenses the capex in its year", async () => {
    const { depreciationRates, taxesByYear } = await import("../src/finance/tax");
    const tax = new Float64Array(2);
    const depreciation = new Float64Array(2);
    taxesByYear([100, 100], [100, 0], 0, { rate: 0.21, lossOffsetLimit: 0.8, bonusFraction: [1], rates: [depreciationRates("macrs5")] }, tax, depreciation);
    expect(Array.from(depreciation)).toEqual([100, 0]);
    expect(Array.from(tax)).toEqual([0, 0.21 * 100]);
  });
});

describe("debt, by hand", () => {
  it("a draw repaid as a level annuity: 60 at 1% a month over 2 months is 30.4507 a month", async () => {
    const { loanSchedule } = await import("../src/finance/debt");
    const [drawn, interest, principal] = [new Float64Array(5), new Float64Array(5), new Float64Array(5)];
    const balloon = loanSchedule([100, 0, 0, 0, 0], { debtShare: 0.6, ratePerYear: 0.12, termMonths: 2, graceMonths: 0 }, drawn, interest, principal);
    const payment = (60 * 0.01) / (1 - Math.pow(1.01, -2));
    expect(payment).toBeCloseTo(30.4507, 4);
    expect(Array.from(drawn)).toEqual([60, 0, 0, 0, 0]);
    expect(interest[1]).toBeCloseTo(0.6, 12);
    expect(principal[1]).toBeCloseTo(payment - 0.6, 12);
    expect(interest[2]).toBeCloseTo((60 - (payment - 0.6)) * 0.01, 12);
    expect(principal[1] + principal[2]).toBeCloseTo(60, 9);
    expect(balloon).toBe(0);
  });

  it("grace months capitalise interest (interest during construction); what is owed at the horizon is repaid then", async () => {
    const { loanSchedule } = await import("../src/finance/debt");
    const [drawn, interest, principal] = [new Float64Array(4), new Float64Array(4), new Float64Array(4)];
    // 100 drawn, one grace month at 1%: 101 owed from month 2, on a 12-month term; the horizon ends after month 3.
    const balloon = loanSchedule([100, 0, 0, 0], { debtShare: 1, ratePerYear: 0.12, termMonths: 12, graceMonths: 1 }, drawn, interest, principal);
    expect(interest[1]).toBe(0);
    expect(interest[2]).toBeCloseTo(1.01, 12);
    const paid = principal[2] + principal[3];
    expect(paid).toBeCloseTo(101, 9); // two scheduled payments plus the balance at the horizon
    expect(balloon).toBeCloseTo(101 - 2 * ((101 * 0.01) / (1 - Math.pow(1.01, -12))) + interest[2] + interest[3], 9);
  });
});
