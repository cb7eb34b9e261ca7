// Economics by hand-computed values: no equipment for dark halls, straight-line salvage at the
// horizon, no refreshes in the horizon's last months, the EBITDA-multiple terminal value.
// quietScenario: flat $40 power, no discounting, an 8 MW IT hall from 2025-01-01.
import { describe, expect, it } from "vitest";
import { METRIC, runMetricIndex } from "../src/site/columns";
import type { ScenarioInput } from "../src/scenario/schema";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, runQuiet, tempDir } from "./helpers";

const YEAR = 8760;

/** The quiet scenario's hall, with equipment and a contract term. */
function hall(overrides: Record<string, unknown> = {}) {
  return {
    name: "h",
    pue: 1.25,
    phases: [{ start: "2025-01-01", itMw: 8 }],
    utilization: 1,
    idlePowerFraction: 0.2,
    contract: { type: "colocation" as const, usdPerKwMonth: 146 },
    buildCapexUsdPerMwIt: 10_000_000,
    equipmentCapexUsdPerMwIt: 29_000_000,
    equipmentLifeYears: 1,
    buildLifeYears: 20,
    fixedOpexUsdPerMwItYear: 0,
    ...overrides,
  };
}

const years = (n: number): Partial<ScenarioInput> => ({ horizon: { hours: n * YEAR } });

describe("equipment for halls whose contract has ended", () => {
  it("a hall dark after a one-year term buys no more GPUs", () => {
    // 3 years, GPUs replaced every year: with a contract for all 3 years the hall buys GPUs at hours 0 and 8,760 (the
    // refresh at 17,520 falls in the last 12 months); with a one-year term and no renewal it buys only at hour 0.
    const renewed = runQuiet({ ...years(3), ai: { halls: [hall()] } });
    const dark = runQuiet({ ...years(3), ai: { halls: [hall({ termYears: 1, renewalProbability: 0 })] } });
    expect(renewed.m[METRIC.capex_usd]).toBeCloseTo(8 * 10e6 + 2 * 8 * 29e6, 0);
    expect(dark.m[METRIC.capex_usd]).toBeCloseTo(8 * 10e6 + 8 * 29e6, 0);
    expect(dark.m[METRIC.ai_revenue_usd]).toBeLessThan(renewed.m[METRIC.ai_revenue_usd] / 2);
  });
});

describe("terminal value", () => {
  it("straight-line salvage: cost x (1 - (T - t) / L) for each asset, counted in the last hour", () => {
    // Horizon 2 years. A $1M capex item bought at hour 0 with a 4-year life: $0.5M. One bought at the
    // start of year 2 (hour 8,760) with a 4-year life: $0.75M. One with no life: nothing.
    const capex = [
      { date: "2025-01-01", usd: 1e6, label: "a", lifeYears: 4 },
      { date: "2026-01-01", usd: 1e6, label: "b", lifeYears: 4 },
      { date: "2025-06-01", usd: 1e6, label: "c" },
    ];
    const base = { ...years(2), ai: { halls: [] }, finance: { discountRatePerYear: 0, siteFixedOpexUsdPerYear: 0, capex } };
    const withSalvage = runQuiet(base);
    const without = runQuiet({ ...base, finance: { ...base.finance, terminalValue: { method: "none" as const } } });
    expect(withSalvage.m[METRIC.salvage_value_usd]).toBeCloseTo(0.5e6 + 0.75e6, 2);
    expect(withSalvage.m[METRIC.terminal_value_usd]).toBeCloseTo(1.25e6, 2);
    expect(without.m[METRIC.terminal_value_usd]).toBe(0);
    // No discounting here: NPV and net cash flow differ by exactly the salvage.
    expect(withSalvage.m[METRIC.npv_usd] - without.m[METRIC.npv_usd]).toBeCloseTo(1.25e6, 2);
    expect(withSalvage.m[METRIC.net_cash_flow_usd] - without.m[METRIC.net_cash_flow_usd]).toBeCloseTo(1.25e6, 2);
  });

  it("a hall's build and GPUs: build over 20 years, GPUs over their life", () => {
    // 2 years, GPUs every 1.5 years: bought at 0 and, with noRefreshWithinMonths 0, at 13,140 h.
    // Build $80M: 80 x (1 - 2/20) = $72M. GPUs at 13,140 h: $232M x (1 - 4,380/13,140) = $154.67M.
    const run = (noRefreshWithinMonths: number) =>
      runQuiet({ ...years(2), ai: { halls: [hall({ equipmentLifeYears: 1.5 })] }, finance: { discountRatePerYear: 0, siteFixedOpexUsdPerYear: 0, noRefreshWithinMonths } });
    const refreshed = run(0);
    expect(refreshed.m[METRIC.capex_usd]).toBeCloseTo(80e6 + 2 * 232e6, 0);
    expect(refreshed.m[METRIC.salvage_value_usd]).toBeCloseTo(72e6 + 232e6 * (1 - 4380 / 13140), 0);
    // The default keeps the last 12 months free of refreshes: the one at 13,140 h (6 months before the end) is not bought.
    const notRefreshed = run(12);
    expect(notRefreshed.m[METRIC.capex_usd]).toBeCloseTo(80e6 + 232e6, 0);
    expect(notRefreshed.m[METRIC.salvage_value_usd]).toBeCloseTo(72e6, 0);
  });

  it("an EBITDA multiple: the multiple times the last 8,760 hours' EBITDA", () => {
    const one = runQuiet({ ...years(1), finance: { discountRatePerYear: 0, siteFixedOpexUsdPerYear: 0, terminalValue: { method: "ebitda-multiple", multiple: 6 } } });
    expect(one.m[METRIC.terminal_value_usd]).toBeCloseTo(6 * one.m[METRIC.ebitda_usd], 0);
  });
});

describe("colocation power pass-through", () => {
  // 48 hours at a flat $40: the hall draws 8 MW x 1.25 = 10 MW.
  const colocation = (powerPassThrough: boolean, powerMarkupFraction = 0) =>
    runQuiet({ ai: { halls: [hall({ contract: { type: "colocation", usdPerKwMonth: 146, powerPassThrough, powerMarkupFraction }, buildCapexUsdPerMwIt: 0, equipmentCapexUsdPerMwIt: 0 })] } });
  it("a tenant who pays its power is not on the site's books; the import is the same", () => {
    const paying = colocation(true);
    const sitePays = colocation(false);
    expect(paying.m[METRIC.ai_mwh]).toBe(sitePays.m[METRIC.ai_mwh]);
    expect(paying.m[METRIC.tenant_power_mwh]).toBeCloseTo(10 * 48, 9);
    expect(sitePays.m[METRIC.ai_power_cost_usd]).toBeCloseTo(10 * 48 * 40, 6);
    expect(paying.m[METRIC.ai_power_cost_usd]).toBe(0);
    expect(paying.m[METRIC.ebitda_usd] - sitePays.m[METRIC.ebitda_usd]).toBeCloseTo(10 * 48 * 40, 6);
  });
  it("with a 10% markup the site earns 10% of the tenant's power cost", () => {
    const marked = colocation(true, 0.1);
    expect(marked.m[METRIC.power_markup_usd]).toBeCloseTo(0.1 * 10 * 48 * 40, 6);
  });
});

describe("GPU-hour prices", () => {
  // 8 MW of IT at 2 kW per GPU = 4,000 GPUs; $2 per GPU-hour; colocation replaced by GPU cloud, no capex.
  const gpuHall = (contract: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    hall({ contract: { type: "gpu_hours", usdPerGpuHour: 2, kwItPerGpu: 2, ...contract }, utilization: 0.5, buildCapexUsdPerMwIt: 0, equipmentCapexUsdPerMwIt: 1, ...extra });
  const revenueAt = (r: ReturnType<typeof runQuiet>, h: number) => r.at(h, "ai_revenue_usd");

  it("take-or-pay bills every GPU-hour online; otherwise only the busy share", () => {
    const busy = runQuiet({ ai: { halls: [gpuHall({})] } });
    const capacity = runQuiet({ ai: { halls: [gpuHall({ takeOrPay: true })] } });
    expect(revenueAt(busy, 5)).toBeCloseTo(4000 * 2 * 0.5, 6);
    expect(revenueAt(capacity, 5)).toBeCloseTo(4000 * 2, 6);
  });

  it("without a term the price follows the market: x0.8 a year of GPU age, back to full when the GPUs are replaced", () => {
    const r = runQuiet({ ...years(3), ai: { halls: [gpuHall({ takeOrPay: true, marketPriceDeclinePerYear: 0.2 }, { equipmentLifeYears: 2 })] }, finance: { noRefreshWithinMonths: 0 } });
    expect(revenueAt(r, 0)).toBeCloseTo(8000, 6);
    expect(revenueAt(r, YEAR)).toBeCloseTo(8000 * 0.8, 6);
    expect(revenueAt(r, 2 * YEAR - 1)).toBeCloseTo(8000 * Math.pow(0.8, (2 * YEAR - 1) / YEAR), 6);
    expect(revenueAt(r, 2 * YEAR)).toBeCloseTo(8000, 6); // new GPUs
  });

  it("a contract holds its price for its term and is re-signed at the market price of the GPUs' age", () => {
    // One-year terms, always renewed, GPUs replaced every two years: year 1 at $2, year 2 re-signed for
    // one-year-old GPUs at $1.60, year 3 re-signed the hour the new GPUs arrive, at $2 again.
    const r = runQuiet({
      ...years(3),
      ai: { halls: [gpuHall({ takeOrPay: true, marketPriceDeclinePerYear: 0.2 }, { equipmentLifeYears: 2, termYears: 1, renewalProbability: 1 })] },
      finance: { noRefreshWithinMonths: 0 },
    });
    expect([revenueAt(r, 10), revenueAt(r, YEAR - 1)]).toEqual([8000, 8000].map((x) => expect.closeTo(x, 6)));
    expect([revenueAt(r, YEAR), revenueAt(r, 2 * YEAR - 1)]).toEqual([6400, 6400].map((x) => expect.closeTo(x, 6)));
    expect(revenueAt(r, 2 * YEAR)).toBeCloseTo(8000, 6);
  });
});

describe("taxes and debt in a run", () => {
  // Two years of identical hours (flat prices, no AI): each tax year has half the EBITDA.
  const base = { ...years(2), ai: { halls: [] } };
  it("a $1M loan at 0% over 12 months: DSCR of year 1 = EBITDA/2 over 11 payments, year 2 over 1", () => {
    const r = runQuiet({
      ...base,
      finance: { discountRatePerYear: 0, siteFixedOpexUsdPerYear: 0, capex: [{ date: "2025-01-01", usd: 1e6, label: "x" }], tax: { rate: 0 }, debt: { share: 1, ratePerYear: 0, termYears: 1, dscrCovenant: 1e9 } },
    });
    // (Difficulty drifts a little as blocks come, so the years' EBITDA agree to about 0.1%.)
    const ebitdaPerYear = r.m[METRIC.ebitda_usd] / 2;
    expect(r.m[METRIC.debt_drawn_usd]).toBe(1e6);
    expect(r.m[METRIC.interest_usd]).toBe(0);
    expect(Math.abs(r.m[METRIC.min_dscr] / (ebitdaPerYear / ((11 * 1e6) / 12)) - 1)).toBeLessThan(2e-3);
    expect(r.m[METRIC.dscr_breach_years]).toBe(2);
    expect(r.m[METRIC.income_tax_usd]).toBe(0);
    expect(r.m[METRIC.after_tax_npv_usd]).toBeCloseTo(r.m[METRIC.npv_usd], 6);
  });

  it("without debt share, equity is the project: equity IRR = after-tax IRR; tax = 21% of EBITDA less 7-year straight-line depreciation", () => {
    const r = runQuiet({
      ...base,
      finance: { discountRatePerYear: 0, siteFixedOpexUsdPerYear: 0, capex: [{ date: "2025-01-01", usd: 20e6, label: "x", lifeYears: 1e6 }], debt: { share: 0 } },
    });
    const ebitda = r.m[METRIC.ebitda_usd];
    // Depreciation 1/14 + 1/7 of $20M; at the horizon the salvage (a life of a million years: nearly all of it) less
    // the remaining basis (1 - 3/14 of it) is a gain.
    const taxable = ebitda - 20e6 * (3 / 14) + (r.m[METRIC.terminal_value_usd] - 20e6 * (11 / 14));
    expect(r.m[METRIC.income_tax_usd]).toBeCloseTo(0.21 * taxable, 4);
    expect(Number.isFinite(r.m[METRIC.equity_irr_per_year])).toBe(true);
    expect(r.m[METRIC.equity_irr_per_year]).toBeCloseTo(r.m[METRIC.after_tax_irr_per_year], 9);
  });
});

describe("build capex paid through construction", () => {
  it("a phase online on 2025-07-01 with a 3-month build pays a third of its build in each of the 3 months before", async () => {
    const { compilePlan, EVENT_CAPEX } = await import("../src/site/plan");
    const { quietScenario } = await import("./helpers");
    const plan = compilePlan(quietScenario({ horizon: { hours: YEAR }, ai: { halls: [hall({ phases: [{ start: "2025-07-01", itMw: 8 }], buildMonths: 3 })] } }));
    const online = (Date.UTC(2025, 6, 1) - Date.UTC(2025, 0, 1)) / 3_600_000;
    const builds = plan.events.filter((e) => e.kind === EVENT_CAPEX && plan.capexLabel[e.payload] === "h build");
    expect(builds.map((e) => e.hour)).toEqual([online - 3 * 730, online - 2 * 730, online - 730]);
    for (const e of builds) expect(plan.capexUsd[e.payload]).toBeCloseTo((8 * 10e6) / 3, 4);
  });

  it("a conversion's build is paid monthly over its drawn duration (7 months: 7 parts)", () => {
    const r = runQuiet({
      ...years(2),
      ai: { halls: [hall({ equipmentCapexUsdPerMwIt: 0, buildCapexUsdPerMwIt: 0 })] },
      conversions: [{ name: "c", start: "2025-02-01", miningMwOffline: 10, hall: "h", durationMonths: { min: 7, mode: 7, max: 7 }, capexUsdPerMwIt: 1e6, asicResaleUsdPerMw: 0 }],
    });
    // All 7 monthly parts fall within the horizon: what is paid is the drawn build cost with its overrun.
    expect(r.m[METRIC.capex_usd]).toBeCloseTo(r.m[runMetricIndex("conversion_capex_usd")], 4);
    expect(r.m[runMetricIndex("first_conversion_months")]).toBe(7);
  });
});

describe("ASIC fleet refresh", () => {
  it("a class reaching its age is replaced: the year's best J/TH at 400 days of hashprice per TH/s, the old machines sold for 15%", () => {
    // The quiet 30 MW class (15 J/TH, no cooling) is a year old after one year: replaced at hour 8,760 by machines of
    // 13.5 x 0.8 = 10.8 J/TH (92,593 TH/s per MW); hashprice is the trace's at that hour.
    const r = runQuiet({
      ...years(2),
      ai: { halls: [] },
      mining: { ...quietMining(), fleetRefresh: { ageYears: 1 } },
      finance: { discountRatePerYear: 0, siteFixedOpexUsdPerYear: 0, noRefreshWithinMonths: 0 },
    });
    const hashprice = r.at(YEAR, "hashprice_usd_per_th_day");
    expect(r.m[runMetricIndex("asic_refreshes")]).toBe(1);
    expect(r.m[runMetricIndex("asic_capex_usd")]).toBeCloseTo(30 * (1e6 / 10.8) * 400 * hashprice, 0);
    expect(r.m[runMetricIndex("asic_resale_usd")]).toBeCloseTo(30 * (1e6 / 15) * 400 * hashprice * 0.15, 0);
    // The same 30 MW now hash 15 / 10.8 times as much.
    expect(r.at(YEAR + 1, "btc_mined") / r.at(YEAR - 1, "btc_mined")).toBeCloseTo((15 / 10.8) * (r.at(YEAR - 1, "difficulty") / r.at(YEAR + 1, "difficulty")), 6);
  });

  it("not within the last 12 months by default, and never without fleetRefresh", () => {
    const refreshInLastYear = runQuiet({ ...years(2), ai: { halls: [] }, mining: { ...quietMining(), fleetRefresh: { ageYears: 1.5 } } });
    expect(refreshInLastYear.m[runMetricIndex("asic_refreshes")]).toBe(0);
    const none = runQuiet({ ...years(2), ai: { halls: [] } });
    expect(none.m[runMetricIndex("asic_capex_usd")]).toBe(0);
  });
});

function quietMining() {
  return { poolFeeFraction: 0.02, variableOmUsdPerMwh: 0, classes: [{ name: "a", hashrateThPerUnit: 200, powerWPerUnit: 3000, units: 10000, availability: 1, coolingOverheadFraction: 0 }] };
}

describe("day-ahead position settled at real time", () => {
  // DA $40 flat; a constant real-time spread (both quantiles equal). Mining's hash revenue is $173.87/MWh.
  const withSpread = (spread: number) =>
    runQuiet({ ai: { halls: [hall({ buildCapexUsdPerMwIt: 0, equipmentCapexUsdPerMwIt: 0, contract: { type: "colocation", usdPerKwMonth: 146, powerPassThrough: false } })] }, markets: { ...quietMarkets(), realTime: { quantilesUsdPerMwh: [spread, spread] } } });
  it("RT = $140: everything runs; the 40 MW bought at $40 save $100/MWh against real time", () => {
    const r = withSpread(100);
    expect(r.at(5, "dayahead_position_mw")).toBe(40);
    expect(r.at(5, "mining_mw")).toBe(30);
    expect(r.at(5, "power_cost_usd")).toBeCloseTo(40 * 140, 6);
    expect(r.m[METRIC.dayahead_settlement_usd]).toBeCloseTo(40 * 100 * r.hours, 4);
  });
  it("RT = $340, above the hash revenue: mining curtails and sells its day-ahead 30 MW back at real time", () => {
    const r = withSpread(300);
    expect(r.at(5, "mining_mw")).toBe(0);
    expect(r.at(5, "dayahead_position_mw")).toBe(40);
    // Net power cost per hour: the 40 MW at $40, less 30 MW sold at $340 = 1,600 - 10,200.
    expect(r.at(5, "power_cost_usd") - 40 * 300).toBeCloseTo(1600 - 10200, 6);
  });
});

function quietMarkets() {
  return {
    btc: { startPriceUsd: 100000, driftPerYear: 0, volatilityPerYear: 0, jumps: { perYear: 0, meanLog: 0, sdLog: 0 } },
    power: { shapeUsdPerMwh: new Array(288).fill(40), deviationSdUsdPerMwh: 0, deviationQuantilesUsdPerMwh: null, spikeProbabilityPerHour: 0, scarcity: null, yearRegime: null },
    network: { startHeight: 880000, startDifficulty: 1e14, startHashrateEhs: 700, hashrate: { model: "trend" as const, growthPerYear: 0, volatilityPerYear: 0 }, feesBtcPerBlock: 0.05, feeVariation: null },
  };
}

describe("equity IRR, by hand", () => {
  it("a colocation hall earning $1,600 an hour, $20M of capex half borrowed at 1% a month over 12 months", () => {
    // 8 MW of IT at $146/kW-month = $1,600 an hour (tenant pays its power; no mining, opex or tax).
    const r = runQuiet({
      ...years(2),
      mining: { classes: [] },
      ai: { halls: [hall({ buildCapexUsdPerMwIt: 0, equipmentCapexUsdPerMwIt: 0 })] },
      finance: {
        discountRatePerYear: 0,
        siteFixedOpexUsdPerYear: 0,
        terminalValue: { method: "none" },
        tax: { rate: 0 },
        capex: [{ date: "2025-01-01", usd: 20e6, label: "x" }],
        debt: { share: 0.5, ratePerYear: 0.12, termYears: 1 },
      },
    });
    // The equity's monthly flows, by hand: each calendar month's hours x $1,600, less $10M of equity in
    // the first month and the 12 level payments on the $10M loan in the next twelve.
    const payment = (10e6 * 0.01) / (1 - Math.pow(1.01, -12));
    const flows: number[] = [];
    for (let m = 0; m < 24; m++) {
      const hours = (Date.UTC(2025, m + 1, 1) - Date.UTC(2025, m, 1)) / 3_600_000;
      flows.push(hours * 1600 - (m === 0 ? 10e6 : 0) - (m >= 1 && m <= 12 ? payment : 0));
    }
    const npv = (rate: number) => flows.reduce((sum, f, t) => sum + f / Math.pow(1 + rate, t), 0);
    let lo = 0;
    let hi = 0.5;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (npv(mid) > 0) lo = mid;
      else hi = mid;
    }
    expect(r.m[METRIC.interest_usd]).toBeCloseTo(12 * payment - 10e6, 2);
    expect(r.m[METRIC.equity_irr_per_year]).toBeCloseTo(Math.pow(1 + lo, 12) - 1, 6);
  });
});

describe("planner conveniences", () => {
  it("a hall with no phases receives a conversion: dark until the conversion is done, then the converted IT, contract from the conversion's start", () => {
    // 10 MW of mining off on 1 Feb 2025, 7 months later 10 x 0.7 = 7 MW of IT at PUE 1.25 and full use: 8.75 MW.
    const r = runQuiet({
      ...years(2),
      ai: { halls: [{ ...hall({ equipmentCapexUsdPerMwIt: 0, buildCapexUsdPerMwIt: 0 }), phases: [] }] },
      conversions: [{ name: "c", start: "2025-02-01", miningMwOffline: 10, hall: "h", durationMonths: { min: 7, mode: 7, max: 7 }, capexUsdPerMwIt: 1e6, asicResaleUsdPerMw: 0 }],
    });
    expect(r.at(0, "ai_mw")).toBe(0);
    let first = -1;
    for (let h = 0; h < r.plan.hours && first < 0; h++) if (r.at(h, "ai_mw") > 0) first = h;
    expect(first).toBe((Date.UTC(2025, 1, 1) - Date.UTC(2025, 0, 1)) / 3_600_000 + 7 * 730);
    expect(r.at(first, "ai_mw")).toBeCloseTo(7 * 1.25, 9);
    expect(r.plan.halls.halls[0].contractStartHour).toBe((Date.UTC(2025, 1, 1) - Date.UTC(2025, 0, 1)) / 3_600_000);
    // Without a conversion into it, a hall without phases is bad input.
    expect(() => runQuiet({ ai: { halls: [{ ...hall({}), phases: [] }] } })).toThrow(/ai\.halls\[0\]\.phases: expected at least one phase, or a conversion into this hall \(found neither\)/);
  });

  it("a mining class sized in site MW: units = floor(siteMw x 1e6 / (W per unit x (1 + cooling))), the same numbers as the units it stands for", () => {
    // 31.5 MW / (3,000 W x 1.05) = 10,000 units
    const byUnits = runQuiet({ mining: { ...quietMining(), classes: [{ name: "a", hashrateThPerUnit: 200, powerWPerUnit: 3000, units: 10000, availability: 1, coolingOverheadFraction: 0.05 }] } });
    const byMw = runQuiet({ mining: { ...quietMining(), classes: [{ name: "a", hashrateThPerUnit: 200, powerWPerUnit: 3000, siteMw: 31.5, availability: 1, coolingOverheadFraction: 0.05 }] } });
    expect(byMw.plan.scenario.mining.classes[0].units).toBe(10000);
    expect(Array.from(byMw.m)).toEqual(Array.from(byUnits.m));
    const both = () => runQuiet({ mining: { ...quietMining(), classes: [{ name: "a", hashrateThPerUnit: 200, powerWPerUnit: 3000, units: 5, siteMw: 31.5 }] } });
    expect(both).toThrow(/mining\.classes\[0\]: expected "units" or "siteMw" \(found both\)/);
    const neither = () => runQuiet({ mining: { ...quietMining(), classes: [{ name: "a", hashrateThPerUnit: 200, powerWPerUnit: 3000 }] } });
    expect(neither).toThrow(/mining\.classes\[0\]: expected "units" or "siteMw" \(found neither\)/);
  });

  it("300 MW of mining on a 50 MW interconnect passes with a warning naming both", () => {
    const dir = tempDir();
    const s = JSON.parse(readFileSync("sims/default.json", "utf8"));
    delete s.$schema;
    s.site.interconnectMw = 50;
    s.ai.halls = [];
    s.conversions = [];
    s.mining.classes = [{ name: "big", model: "Antminer S21", siteMw: 300 }];
    writeFileSync(join(dir, "s.json"), JSON.stringify(s));
    const r = runCli(["validate", join(dir, "s.json")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: mining\.classes: 300\.0 site MW of mining at full run on a 50 MW interconnect/);
    expect(runCli(["validate", "sims/default.json"]).stderr).not.toMatch(/warning: mining/);
  });
});
