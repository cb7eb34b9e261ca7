// AI contracts, hosting and treasury against hand-computed cases (quietScenario: flat $40/MWh,
// BTC $100,000, 30 MW of 15 J/TH ASICs, an 8 MW IT hall at PUE 1.25 and utilization 1).
import { describe, expect, it } from "vitest";
import { METRIC } from "../src/site/columns";
import { quietScenario, runQuiet } from "./helpers";

function hall(extra: Record<string, unknown>) {
  return {
    halls: [
      {
        name: "h",
        pue: 1.25,
        phases: [{ start: "2025-01-01", itMw: 8 }],
        utilization: 0.5,
        idlePowerFraction: 0.2,
        contract: { type: "gpu_hours" as const, usdPerGpuHour: 2, kwItPerGpu: 1 },
        buildCapexUsdPerMwIt: 0,
        fixedOpexUsdPerMwItYear: 0,
        ...extra,
      },
    ],
  };
}

const run = runQuiet;

describe("AI contracts", () => {
  it("GPU-hours: 8 MW / 1 kW per GPU = 8,000 GPUs x $2 x 50% busy = $8,000 an hour; load 8 x (0.2 + 0.8 x 0.5) x 1.25 = 6 MW", () => {
    const { at, m, hours } = run({ ai: hall({}) });
    expect(at(0, "ai_revenue_usd")).toBeCloseTo(8000, 9);
    expect(at(0, "ai_mw")).toBeCloseTo(6, 9);
    expect(m[METRIC.ai_revenue_usd]).toBeCloseTo(8000 * hours, 6);
  });

  it("price and demand factors scale revenue and utilization (demand capped at full use)", () => {
    const { at } = run({ ai: hall({ priceFactor: { min: 0.5, mode: 0.5, max: 0.5 }, demandFactor: { min: 3, mode: 3, max: 3 } }) });
    // utilization min(1, 0.5 x 3) = 1: 8,000 GPUs x $2 x 1 x 0.5 = $8,000; load 8 x 1 x 1.25 = 10 MW
    expect(at(0, "ai_revenue_usd")).toBeCloseTo(8000, 9);
    expect(at(0, "ai_mw")).toBeCloseTo(10, 9);
  });

  it("a 1-day term that is never renewed: the hall goes dark after 24 hours", () => {
    const { at } = run({ ai: hall({ termYears: 24 / 8760, renewalProbability: 0 }) });
    expect(at(23, "ai_mw")).toBeCloseTo(6, 9);
    expect(at(24, "ai_mw")).toBe(0);
    expect(at(24, "ai_revenue_usd")).toBe(0);
  });

  it("a term that is always renewed runs to the horizon", () => {
    const { at, hours } = run({ ai: hall({ termYears: 24 / 8760, renewalProbability: 1 }) });
    expect(at(hours - 1, "ai_mw")).toBeCloseTo(6, 9);
  });
});

describe("hosting", () => {
  it("a hosted class earns its fee per MWh, runs after self-mining and is curtailed when power costs more than the fee", () => {
    const base = quietScenario().mining;
    const hosted = { name: "client", hashrateThPerUnit: 200, powerWPerUnit: 3000, units: 2000, availability: 1, coolingOverheadFraction: 0 };
    const paying = run({ mining: { ...base, classes: [...base.classes, { ...hosted, hostingUsdPerMwh: 60 }] } });
    // 6 MW hosted at $60/MWh > $40/MWh: $360 an hour, no BTC from it.
    expect(paying.m[METRIC.hosting_revenue_usd]).toBeCloseTo(360 * paying.hours, 6);
    expect(paying.at(0, "mining_mw")).toBeCloseTo(36, 9);
    const cheap = run({ mining: { ...base, classes: [...base.classes, { ...hosted, hostingUsdPerMwh: 30 }] } });
    expect(cheap.m[METRIC.hosting_revenue_usd]).toBe(0);
    expect(cheap.at(0, "curtailed_economic_mw")).toBeCloseTo(6, 9);
    expect(cheap.m[METRIC.btc_mined]).toBeCloseTo(paying.m[METRIC.btc_mined], 12);
  });
});

describe("treasury", () => {
  it("holding 40%: held BTC is valued at the final price and net cash flow counts it instead of the unsold revenue", () => {
    const sold = run({});
    const held = run({ finance: { discountRatePerYear: 0, siteFixedOpexUsdPerYear: 0, treasury: { sellShare: 0.6 } } });
    expect(held.m[METRIC.btc_held]).toBeCloseTo(0.4 * held.m[METRIC.btc_mined], 12);
    // The BTC price is flat at $100,000, so holding changes nothing in value.
    expect(held.m[METRIC.treasury_value_usd]).toBeCloseTo(held.m[METRIC.btc_held] * 100000, 6);
    expect(held.m[METRIC.net_cash_flow_usd]).toBeCloseTo(sold.m[METRIC.net_cash_flow_usd], 4);
    expect(held.m[METRIC.npv_usd]).toBeCloseTo(sold.m[METRIC.npv_usd], 4);
  });
});
