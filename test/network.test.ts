// Bitcoin network mechanics against hand-computed values.
import { describe, expect, it } from "vitest";
import {
  expectedBlocksPerHour,
  hashpriceUsdPerThDay,
  retargetDifficulty,
  revenueUsdPerMwh,
  subsidySatAtHeight,
} from "../src/markets/network";
import { compilePlan } from "../src/site/plan";
import { SiteRun } from "../src/site/simulation";
import { METRIC } from "../src/site/columns";
import { traceWidth } from "../src/site/simulation";
import { quietScenario } from "./helpers";

describe("block subsidy, in satoshis", () => {
  it.each([
    [0, 5_000_000_000],
    [209_999, 5_000_000_000],
    [210_000, 2_500_000_000],
    [630_000, 625_000_000],
    [839_999, 625_000_000],
    [840_000, 312_500_000],
    [1_049_999, 312_500_000],
    [1_050_000, 156_250_000],
    [6_720_000, 1], // 32 halvings: 5e9 / 2^32 = 1.16, floored to 1 sat
  ])("height %i -> %i sat", (height, sat) => {
    expect(subsidySatAtHeight(height)).toBe(sat);
  });
  it("reaches zero at the 33rd halving, like Bitcoin's shift", () => {
    expect(subsidySatAtHeight(33 * 210_000)).toBe(0);
    expect(subsidySatAtHeight(32 * 210_000)).toBe(1);
  });
});

describe("difficulty retarget", () => {
  it.each([
    ["on schedule", 1e14, 2016 * 600, 1e14],
    ["blocks twice as fast", 1e14, 1008 * 600, 2e14],
    ["blocks twice as slow", 1e14, 4032 * 600, 5e13],
    ["clamped at x4", 1e14, 100 * 600, 4e14],
    ["clamped at x1/4", 1e14, 2016 * 600 * 10, 2.5e13],
  ])("%s", (_label, difficulty, seconds, expected) => {
    expect(retargetDifficulty(difficulty, seconds)).toBeCloseTo(expected, -2);
  });
});

describe("blocks and hashprice", () => {
  it("blocks per hour = 3600 * H / (D * 2^32)", () => {
    // 795.69 EH/s at difficulty 109.78T (2025-01-01): 3600 * 7.9569e20 / (1.0978e14 * 4294967296) = 6.075
    expect(expectedBlocksPerHour(795.69e18, 109782075598904.66)).toBeCloseTo(6.0754, 3);
    // The hashrate that gives exactly 6 blocks an hour is D * 2^32 / 600.
    expect(expectedBlocksPerHour((1e14 * 4294967296) / 600, 1e14)).toBeCloseTo(6, 12);
  });
  it("hashprice at 2025-01-01: 3.165 BTC, $93,508, D = 109.78T -> ~$0.0542/TH/day", () => {
    const hp = hashpriceUsdPerThDay(3.165, 93507.86, 109782075598904.66);
    // 3.165 * 93507.86 * 86400 * 1e12 / (109782075598904.66 * 2^32) = 0.054240
    expect(hp).toBeCloseTo(0.05424, 4);
  });
  it("$0.05/TH/day at 15 J/TH is ~$139/MWh", () => {
    // 0.05 / 24 $/TH-h * (1e6 W / 15 W per TH/s) TH per MW = $138.89 per MWh
    expect(revenueUsdPerMwh(0.05, 15)).toBeCloseTo(138.89, 2);
  });
});

describe("halving timing follows hashrate", () => {
  const firstHalvingHour = (growthPerYear: number) => {
    const scenario = quietScenario({
      horizon: { years: 5 },
      markets: {
        btc: { startPriceUsd: 100000, driftPerYear: 0, volatilityPerYear: 0, jumps: { perYear: 0, meanLog: 0, sdLog: 0 } },
        power: { shapeUsdPerMwh: new Array(288).fill(40), deviationSdUsdPerMwh: 0, deviationQuantilesUsdPerMwh: null, spikeProbabilityPerHour: 0, scarcity: null, yearRegime: null },
        network: {
          startHeight: 1_000_000,
          startDifficulty: 1e14,
          startHashrateEhs: (1e14 * 4294967296) / 600 / 1e18,
          hashrate: { model: "trend", growthPerYear, volatilityPerYear: 0 },
          feesBtcPerBlock: 0,
        },
      },
    });
    const metrics = new SiteRun(compilePlan(scenario)).simulate(1, 0);
    return metrics[METRIC.first_halving_hour];
  };
  it("at a steady 6 blocks an hour the next halving (50,000 blocks away) comes after ~8,333 hours", () => {
    expect(firstHalvingHour(0)).toBeCloseTo(50_000 / 6, 0);
  });
  it("faster hashrate growth brings the halving forward", () => {
    const slow = firstHalvingHour(0.1);
    const fast = firstHalvingHour(0.6);
    expect(fast).toBeLessThan(slow);
    expect(slow).toBeLessThan(firstHalvingHour(0));
  });
});

describe("a network path the same in every run", () => {
  // A steady trend that crosses retargets and a halving, with a BTC price that differs from run to
  // run and fleet refreshes whose price reads the hashprice at events.
  const scenario = (volatilityPerYear: number) =>
    quietScenario({
      horizon: { years: 3 },
      mining: {
        poolFeeFraction: 0.02,
        variableOmUsdPerMwh: 0,
        classes: [{ name: "a", hashrateThPerUnit: 200, powerWPerUnit: 3000, units: 10000, availability: 1, coolingOverheadFraction: 0, ageYearsAtStart: 4.5 }],
        fleetRefresh: { ageYears: 1 },
      },
      markets: {
        btc: { startPriceUsd: 100000, driftPerYear: 0, volatilityPerYear: 0.6, jumps: { perYear: 0, meanLog: 0, sdLog: 0 } },
        power: { shapeUsdPerMwh: new Array(288).fill(40), deviationSdUsdPerMwh: 5, deviationQuantilesUsdPerMwh: null, spikeProbabilityPerHour: 0, scarcity: null, yearRegime: null },
        network: {
          startHeight: 1_049_000,
          startDifficulty: 1e14,
          startHashrateEhs: 700,
          hashrate: { model: "trend", growthPerYear: 0.3, volatilityPerYear },
          feesBtcPerBlock: 0.05,
          feeVariation: null,
        },
      },
    });
  const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

  it("is computed once, and gives the same bits as stepping it in every run (metrics, month ends, trace)", () => {
    const plan = compilePlan(scenario(0));
    const shared = new SiteRun(plan);
    const stepped = new SiteRun(plan, { shareNetworkPath: false });
    expect(shared.networkShared).toBe(true);
    expect(stepped.networkShared).toBe(false);
    const width = traceWidth(plan);
    shared.trace = new Float64Array(plan.hours * width);
    stepped.trace = new Float64Array(plan.hours * width);
    for (const run of [0, 1, 2]) {
      const m = shared.simulate(5, run).slice();
      expect(bits(stepped.simulate(5, run)) === bits(m), `run ${run}: run metrics`).toBe(true);
      expect(bits(stepped.monthly) === bits(shared.monthly), `run ${run}: month ends`).toBe(true);
      expect(bits(stepped.trace) === bits(shared.trace), `run ${run}: trace`).toBe(true);
      // The path crossed the halving and retargets, and the refreshes were bought at hashprices that differ by run.
      expect(m[METRIC.halvings]).toBe(1);
      expect(m[METRIC.capex_usd]).toBeGreaterThan(0);
    }
    expect(shared.simulate(5, 0)[METRIC.capex_usd]).not.toBe(shared.simulate(5, 1)[METRIC.capex_usd]);
  });

  it("is not shared when the hashrate has noise or blocks arrive as Poisson draws", () => {
    expect(new SiteRun(compilePlan(scenario(0.2))).networkShared).toBe(false);
    const poisson = scenario(0);
    poisson.markets.network.blockArrivals = "poisson";
    expect(new SiteRun(compilePlan(poisson)).networkShared).toBe(false);
  });
});
