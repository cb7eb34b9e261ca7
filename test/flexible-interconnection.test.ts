// A hybrid site on a flexible interconnection, against a hand-computed case (quietScenario: flat
// $40 power, 30 MW of mining that runs at that price, an 8 MW IT hall drawing 10 MW, 50 MW
// interconnect), and with the seasonal-peak rule and a bootstrapped load.
import { describe, expect, it } from "vitest";
import { METRIC, runMetricIndex } from "../src/site/columns";
import { plannedConfig } from "../src/site/components";
import type { FlexibleInterconnectionConfig } from "../src/site/components/flexible-interconnection";
import { compilePlan } from "../src/site/plan";
import { handMadeLoad, quietScenario, runQuiet } from "./helpers";

const START = Date.UTC(2025, 0, 1);

/** 900 MW in every hour of the two days but 1,000, 950 and 920 MW in hours 10, 11 and 12. */
function systemLoad() {
  const values = new Float64Array(48).fill(900);
  values[10] = 1000;
  values[11] = 950;
  values[12] = 920;
  return { startMs: START, stepMs: 3_600_000, values };
}

const flexible = (aiSlaPenalty: boolean) => ({
  site: {
    interconnectMw: 50,
    powerAdderUsdPerMwh: 0,
    flexibleInterconnection: {
      flexibleMw: 45,
      systemLoad: { file: "load.csv" },
      threshold: { rule: "fixed" as const, mw: 1000 },
      systemFlexibleMw: { mw: 100 },
      aiSlaPenalty,
    },
  },
});

describe("flexible interconnection, by hand", () => {
  // The system's 100 MW of flexible load is cut by min(100, S + 100 - 1000): 100 MW (all) in hour 10,
  // 50 (half) in hour 11, 20 (a fifth) in hour 12; the site's 45 flexible MW by the same shares:
  // 45, 22.5 and 9 MW, so its import limit is 5, 27.5 and 41 MW.
  // Hour 10: AI gets 5 of its 10 MW (5 cut), mining 0 of 30 (30 curtailed, reason flexible_interconnection).
  // Hour 11: AI 10, mining 17.5 (12.5 curtailed). Hour 12: AI 10 + mining 30 = 40 <= 41: nothing to cut.
  it("cuts the import limit by the site's share, mining first, then AI", () => {
    const { m, at, hours } = runQuiet(flexible(true), 0, { flexibleSystemLoad: systemLoad() });
    expect(at(0, "mining_mw")).toBe(30);
    expect(at(0, "allowed_import_mw")).toBe(50);
    expect([at(10, "allowed_import_mw"), at(11, "allowed_import_mw"), at(12, "allowed_import_mw")]).toEqual([5, 27.5, 41]);
    expect([at(10, "ai_mw"), at(10, "ai_cut_flexible_mw"), at(10, "mining_mw"), at(10, "curtailed_flexible_interconnection_mw")]).toEqual([5, 5, 0, 30]);
    expect([at(11, "ai_mw"), at(11, "ai_cut_flexible_mw"), at(11, "mining_mw"), at(11, "curtailed_flexible_interconnection_mw")]).toEqual([10, 0, 17.5, 12.5]);
    expect([at(12, "mining_mw"), at(12, "curtailed_flexible_interconnection_mw")]).toEqual([30, 0]);
    expect([at(10, "system_load_mw"), at(0, "system_load_mw")]).toEqual([1000, 900]);
    for (let h = 0; h < hours; h++) expect(at(h, "import_mw")).toBeLessThanOrEqual(at(h, "allowed_import_mw"));
    expect(m[runMetricIndex("flex_limited_hours")]).toBe(3);
    expect(m[runMetricIndex("flex_obligation_mwh")]).toBeCloseTo(45 + 22.5 + 9, 9);
    expect(m[runMetricIndex("curtailed_flexible_interconnection_mwh")]).toBeCloseTo(42.5, 9);
    expect(m[runMetricIndex("ai_cut_flexible_mwh")]).toBeCloseTo(5, 9);
    expect(m[runMetricIndex("ai_cut_flexible_hours")]).toBe(1);
    expect(m[runMetricIndex("flex_curtailed_hours")]).toBe(2);
    expect(m[runMetricIndex("flex_mining_share")]).toBeCloseTo(42.5 / 47.5, 12);
    expect(m[METRIC.ai_unserved_mwh]).toBeCloseTo(5, 9);
    // The hall's default SLA penalty, $1,000/MWh, on the 5 MWh cut.
    expect(m[METRIC.sla_penalty_usd]).toBeCloseTo(5000, 6);
    expect(m[METRIC.curtailed_capacity_mwh]).toBe(0);
  });

  it("aiSlaPenalty false: the AI cut loses its revenue but pays no penalty", () => {
    const { m } = runQuiet(flexible(false), 0, { flexibleSystemLoad: systemLoad() });
    expect(m[runMetricIndex("ai_cut_flexible_mwh")]).toBeCloseTo(5, 9);
    expect(m[METRIC.sla_penalty_usd]).toBe(0);
  });

  it("without the flexible interconnection nothing is cut and the new columns are zero", () => {
    const { m, at } = runQuiet({ site: { interconnectMw: 50, powerAdderUsdPerMwh: 0 } });
    expect(at(10, "allowed_import_mw")).toBe(50);
    expect(Number.isNaN(at(10, "system_load_mw"))).toBe(true);
    expect([m[runMetricIndex("flex_limited_hours")], m[runMetricIndex("curtailed_flexible_interconnection_mwh")], m[runMetricIndex("ai_cut_flexible_mwh")]]).toEqual([0, 0, 0]);
    expect(Number.isNaN(m[runMetricIndex("flex_mining_share")])).toBe(true);
  });
});

describe("flexible interconnection: thresholds and the system's flexible load from the series", () => {
  /** Two years of 100 MW with a 200 MW summer peak and a 150 MW winter peak (the headroom test's series). */
  const twoYears = () => ({ startMs: Date.UTC(2021, 0, 1), stepMs: 3_600_000, values: handMadeLoad() });

  it("seasonal-peak thresholds and the headroom at a limit are those of sim headroom (15 MW at 0.0193%)", () => {
    const scenario = quietScenario({
      start: "2025-01-01T00:00:00Z",
      horizon: { hours: 24 * 365 },
      site: {
        interconnectMw: 50,
        powerAdderUsdPerMwh: 0,
        timezone: "UTC",
        flexibleInterconnection: { systemLoad: { file: "load.csv" }, systemFlexibleMw: { curtailmentLimitPct: 0.0193 } },
      },
    });
    const plan = compilePlan(scenario, { flexibleSystemLoad: twoYears() });
    const f = plannedConfig<FlexibleInterconnectionConfig>(plan.components, "flexibleInterconnection")!;
    expect([f.summerThresholdMw, f.winterThresholdMw, f.systemFlexibleMw, f.flexibleMw]).toEqual([200, 150, 15, 50]);
    // Replayed from 2025 by looping the two 52-week years; the thresholds follow the simulated month.
    expect(f.thresholdMw[0]).toBe(150);
    expect(f.thresholdMw[24 * 120]).toBe(200);
  });

  it("a bootstrapped load draws whole recorded days near the same day of year, per run, the same for the same seed", () => {
    // Each recorded day d (from 2021-01-01) has load 1000 + d in all its hours, so a simulated day shows which day it drew.
    const days = 2 * 365;
    const byDay = { startMs: Date.UTC(2021, 0, 1), stepMs: 3_600_000, values: Float64Array.from({ length: days * 24 }, (_, h) => 1000 + Math.floor(h / 24)) };
    const overrides = {
      horizon: { hours: 24 * 60 },
      site: { interconnectMw: 50, powerAdderUsdPerMwh: 0, flexibleInterconnection: { systemLoad: { file: "load.csv" }, loadModel: "bootstrap" as const, threshold: { rule: "fixed" as const, mw: 1500 }, systemFlexibleMw: { mw: 10 } } },
    };
    const inputs = { flexibleSystemLoad: byDay };
    const a = runQuiet(overrides, 0, inputs);
    const b = runQuiet(overrides, 0, inputs);
    const c = runQuiet(overrides, 1, inputs);
    const loads = (r: typeof a) => Array.from({ length: r.hours }, (_, h) => r.at(h, "system_load_mw"));
    expect(loads(a)).toEqual(loads(b));
    expect(loads(a)).not.toEqual(loads(c));
    for (let day = 0; day < 60; day++) {
      const drawn = a.at(day * 24, "system_load_mw") - 1000;
      for (let h = 1; h < 24; h++) expect(a.at(day * 24 + h, "system_load_mw")).toBe(1000 + drawn);
      const dayOfYear = drawn % 365;
      const distance = Math.min(Math.abs(dayOfYear - day), 365 - Math.abs(dayOfYear - day));
      expect(distance).toBeLessThanOrEqual(15);
    }
  });

  it("flexibleMw above the interconnect is bad input naming the field", () => {
    const scenario = quietScenario({ site: { interconnectMw: 50, flexibleInterconnection: { flexibleMw: 60, systemLoad: { file: "load.csv" } } } });
    expect(() => compilePlan(scenario, { flexibleSystemLoad: twoYears() })).toThrow(/site.flexibleInterconnection.flexibleMw: expected at most the interconnect, 50 MW \(found 60\)/);
  });
});
