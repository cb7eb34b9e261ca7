// Dispatch and accounting for one hour, against values worked out by hand.
// quietScenario: price $40/MWh flat, BTC $100,000 flat, D = 1e14, 700 EH/s, height 880,000
// (subsidy 3.125 + fees 0.05 = 3.175 BTC), pool fee 2%; one class of 10,000 x 200 TH/s at
// 3,000 W (15 J/TH, 30 MW); an 8 MW IT hall at utilization 1, PUE 1.25 (10 MW site load).
import { describe, expect, it } from "vitest";
import { compilePlan } from "../src/site/plan";
import { SiteRun, traceWidth } from "../src/site/simulation";
import { METRIC, TRACE } from "../src/site/columns";
import type { ScenarioInput } from "../src/scenario/schema";
import { quietScenario } from "./helpers";

const TWO_POW_32 = 4294967296;
// BTC per hour for 2,000,000 TH/s: 2e6 * 1e12 H * 3600 s * 3.175 / (1e14 * 2^32) * 0.98
const BTC_PER_HOUR_FULL_FLEET = ((2e6 * 1e12 * 3600 * 3.175) / (1e14 * TWO_POW_32)) * 0.98; // 0.0521606

function hour0(overrides: Partial<ScenarioInput> = {}) {
  const plan = compilePlan(quietScenario(overrides));
  const run = new SiteRun(plan);
  const trace = new Float64Array(plan.hours * traceWidth(plan));
  run.trace = trace;
  const metrics = run.simulate(7, 0).slice();
  const row = (name: keyof typeof TRACE) => trace[TRACE[name]];
  return { metrics, row, plan };
}

describe("one hour of dispatch", () => {
  it("room for everything: AI 10 MW, mining 30 MW, all economic", () => {
    const { row, metrics, plan } = hour0();
    expect(BTC_PER_HOUR_FULL_FLEET).toBeCloseTo(0.0521606, 6);
    expect(row("ai_mw")).toBeCloseTo(10, 12);
    expect(row("mining_mw")).toBeCloseTo(30, 12);
    expect(row("curtailed_mw")).toBe(0);
    expect(row("btc_mined")).toBeCloseTo(BTC_PER_HOUR_FULL_FLEET, 12);
    expect(row("mining_revenue_usd")).toBeCloseTo(BTC_PER_HOUR_FULL_FLEET * 100000, 6); // $5,216.13
    expect(row("power_cost_usd")).toBeCloseTo(40 * 40, 9); // 40 MW x $40
    expect(row("ai_revenue_usd")).toBeCloseTo((8000 * 146) / 730, 9); // $1,600 an hour
    expect(row("hashprice_usd_per_th_day")).toBeCloseTo((3.175 * 100000 * 86400 * 1e12) / (1e14 * TWO_POW_32), 12);
    // 48 identical hours.
    expect(metrics[METRIC.mining_mwh]).toBeCloseTo(30 * plan.hours, 9);
    expect(metrics[METRIC.ai_revenue_usd]).toBeCloseTo(1600 * plan.hours, 6);
    expect(metrics[METRIC.first_year_mining_revenue_usd_per_mwh]).toBeCloseTo((BTC_PER_HOUR_FULL_FLEET * 100000) / 30, 6); // $173.87/MWh
  });

  it("a 35 MW interconnect: AI first (10 MW), mining gets 25 of 30 MW, 5 MW curtailed for capacity", () => {
    const { row, metrics } = hour0({ site: { interconnectMw: 35, powerAdderUsdPerMwh: 0 } });
    expect(row("ai_mw")).toBeCloseTo(10, 12);
    expect(row("mining_mw")).toBeCloseTo(25, 12);
    expect(row("curtailed_capacity_mw")).toBeCloseTo(5, 12);
    expect(row("curtailed_economic_mw")).toBe(0);
    expect(row("btc_mined")).toBeCloseTo((BTC_PER_HOUR_FULL_FLEET * 25) / 30, 12);
    expect(metrics[METRIC.curtailed_capacity_mwh]).toBeCloseTo(5 * 48, 9);
    expect(metrics[METRIC.curtailed_hours]).toBe(48);
  });

  it("a $200/MWh price (above the $173.87/MWh hash revenue): all mining curtailed for economics, AI still served", () => {
    const { row } = hour0({
      markets: {
        btc: { startPriceUsd: 100000, driftPerYear: 0, volatilityPerYear: 0, jumps: { perYear: 0, meanLog: 0, sdLog: 0 } },
        power: { shapeUsdPerMwh: new Array(288).fill(200), deviationSdUsdPerMwh: 0, deviationQuantilesUsdPerMwh: null, spikeProbabilityPerHour: 0, scarcity: null, yearRegime: null },
        network: {
          startHeight: 880000,
          startDifficulty: 1e14,
          startHashrateEhs: 700,
          hashrate: { model: "trend", growthPerYear: 0, volatilityPerYear: 0 },
          feesBtcPerBlock: 0.05,
          feeVariation: null,
        },
      },
    });
    expect(row("mining_mw")).toBe(0);
    expect(row("curtailed_economic_mw")).toBeCloseTo(30, 12);
    expect(row("ai_mw")).toBeCloseTo(10, 12);
    expect(row("power_cost_usd")).toBeCloseTo(10 * 200, 9);
  });

  it("an interconnect smaller than the AI load: AI takes it all, the rest is unserved and penalised, no mining", () => {
    const { row, metrics } = hour0({ site: { interconnectMw: 6, powerAdderUsdPerMwh: 0 } });
    expect(row("ai_mw")).toBeCloseTo(6, 12);
    expect(row("ai_unserved_mw")).toBeCloseTo(4, 12);
    expect(row("mining_mw")).toBe(0);
    expect(row("ai_revenue_usd")).toBeCloseTo(1600 * 0.6, 9);
    expect(metrics[METRIC.sla_penalty_usd]).toBeCloseTo(4 * 1000 * 48, 6);
  });

  it("merit order: the better J/TH class runs first when room is short", () => {
    const { row } = hour0({
      site: { interconnectMw: 25, powerAdderUsdPerMwh: 0 },
      mining: {
        poolFeeFraction: 0.02,
        variableOmUsdPerMwh: 0,
        classes: [
          { name: "old", hashrateThPerUnit: 100, powerWPerUnit: 3000, units: 3000, availability: 1, coolingOverheadFraction: 0 },
          { name: "new", hashrateThPerUnit: 200, powerWPerUnit: 3000, units: 3000, availability: 1, coolingOverheadFraction: 0 },
        ],
      },
    });
    // 15 MW of room after AI: "new" (15 J/TH, 9 MW) runs fully, "old" (30 J/TH) gets 6 of 9 MW.
    expect(row("mining_mw")).toBeCloseTo(15, 12);
    expect(row("curtailed_capacity_mw")).toBeCloseTo(3, 12);
  });
});
