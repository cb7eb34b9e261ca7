// Conversions (timing and capex draws, by hand) and sweeps (variants, common random numbers).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan } from "../src/site/plan";
import { SiteRun, traceWidth } from "../src/site/simulation";
import { triangular } from "../src/site/draws";
import { METRIC, runMetricIndex, TRACE } from "../src/site/columns";
import { COMPONENT_KINDS, isHourly } from "../src/site/components";
import { expandVariants, SweepFile } from "../src/sweep/sweep";
import { quietScenario, runCli, tempDir } from "./helpers";

describe("triangular draws", () => {
  it.each([
    [0, 7, 11, 18, 7],
    [1 - 1e-16, 7, 11, 18, 18],
    [(11 - 7) / (18 - 7), 7, 11, 18, 11], // the CDF at the mode is (mode - min) / (max - min)
    [0.5, 0, 0, 1, 1 - Math.sqrt(0.5)],
  ])("u = %f on (%f, %f, %f) -> %f", (u, min, mode, max, expected) => {
    expect(triangular(u, min, mode, max)).toBeCloseTo(expected, 6);
  });
});

describe("a conversion in one run", () => {
  const scenario = quietScenario({
    horizon: { hours: 24 * 400 },
    conversions: [
      {
        name: "c",
        start: "2025-01-11",
        miningMwOffline: 20,
        hall: "h",
        itMw: 10,
        durationMonths: { min: 6, mode: 6, max: 6 },
        capexUsdPerMwIt: 1_000_000,
        capexOverrunFraction: { min: 0.2, mode: 0.2, max: 0.2 },
        asicResaleUsdPerMw: 50_000,
      },
    ],
  });
  const plan = compilePlan(scenario);
  const run = new SiteRun(plan);
  const trace = new Float64Array(plan.hours * traceWidth(plan));
  run.trace = trace;
  const m = run.simulate(1, 0);
  const at = (h: number, k: keyof typeof TRACE) => trace[h * traceWidth(plan) + TRACE[k]];
  const startHour = 240; // 2025-01-11 from 2025-01-01
  const doneHour = startHour + 6 * 730;

  it("takes 20 MW of mining off at the start and brings 10 MW of IT online 6 x 730 hours later", () => {
    expect(at(startHour - 1, "mining_capacity_mw")).toBeCloseTo(30, 9);
    expect(at(startHour, "mining_capacity_mw")).toBeCloseTo(10, 9);
    expect(at(doneHour - 1, "ai_it_online_mw")).toBeCloseTo(8, 9);
    expect(at(doneHour, "ai_it_online_mw")).toBeCloseTo(18, 9);
    expect(m[runMetricIndex("first_conversion_months")]).toBe(6);
  });

  it("is a site component that acts through its events alone: not called in the hour; left out without conversions (its columns empty and 0)", () => {
    const isConversions = (c: (typeof plan.components)[number]) => COMPONENT_KINDS[c.registryIndex].key === "conversions";
    const planned = plan.components.filter(isConversions);
    expect(planned.length).toBe(1);
    expect(isHourly(planned[0])).toBe(false);
    const none = compilePlan(quietScenario({ horizon: { hours: 48 } }));
    expect(none.components.some(isConversions)).toBe(false);
    const m0 = new SiteRun(none).simulate(1, 0);
    expect(m0[runMetricIndex("first_conversion_months")]).toBeNaN();
    expect(m0[runMetricIndex("conversion_capex_usd")]).toBe(0);
  });

  it("charges 10 MW x $1M x 1.2 in monthly parts, less $50k/MW of resale for 20 MW", () => {
    expect(m[runMetricIndex("conversion_capex_usd")]).toBeCloseTo(12_000_000, 3);
    expect(m[METRIC.capex_usd]).toBeCloseTo(12_000_000 - 20 * 50_000, 3);
  });

  it("draws duration and overrun per run from their own stream, within their ranges", () => {
    const s = quietScenario({
      horizon: { hours: 24 * 30 },
      conversions: [{ name: "c", start: "2025-01-02", miningMwOffline: 5, hall: "h", durationMonths: { min: 7, mode: 11, max: 18 }, capexOverrunFraction: { min: 0, mode: 0.1, max: 0.5 } }],
    });
    const r = new SiteRun(compilePlan(s));
    const months = Array.from({ length: 200 }, (_, i) => r.simulate(9, i)[runMetricIndex("first_conversion_months")]);
    expect(Math.min(...months)).toBeGreaterThanOrEqual(7);
    expect(Math.max(...months)).toBeLessThanOrEqual(18);
    const mean = months.reduce((a, b) => a + b, 0) / months.length;
    expect(Math.abs(mean - (7 + 11 + 18) / 3)).toBeLessThan(0.6); // triangular mean 12, 200 draws
    expect(r.simulate(9, 3)[runMetricIndex("first_conversion_months")]).toBe(months[3]);
  });
});

describe("sweeps", () => {
  it("expands a grid and one-at-a-time designs, base first", () => {
    const spec = SweepFile.parse({ name: "s", base: "b.json", parameters: [{ path: "a", values: [1, 2] }, { path: "b", values: [3, 4, 5] }] });
    expect(expandVariants(spec).length).toBe(1 + 6);
    expect(expandVariants({ ...spec, design: "one-at-a-time" }).map((v) => v.name)).toEqual(["base", "a=1", "a=2", "b=3", "b=4", "b=5"]);
  });

  it("common random numbers: a variant that sets the base's own value gives the base's numbers exactly", () => {
    const dir = tempDir();
    const base = JSON.parse(readFileSync("sims/default.json", "utf8"));
    delete base.$schema;
    base.horizon = { hours: 24 * 90 };
    writeFileSync(join(dir, "base.json"), JSON.stringify(base));
    writeFileSync(
      join(dir, "sweep.json"),
      JSON.stringify({ name: "t", base: "base.json", runs: 12, seed: 5, parameters: [{ path: "site.interconnectMw", values: [100, 40] }], design: "one-at-a-time" }),
    );
    const r = runCli(["sweep", join(dir, "sweep.json"), "--out", join(dir, "out")]);
    expect(r.code).toBe(0);
    const rows = readFileSync(join(dir, "out", "sweep.csv"), "utf8").trim().split("\n");
    expect(rows[0]).toMatch(/^variant,name,site\.interconnectMw,npv_usd_mean,npv_usd_p10,npv_usd_p50,npv_usd_p90,/);
    const cells = rows.map((l) => l.split(","));
    const header = cells[0];
    const paired = header.indexOf("npv_usd_vs_base_mean");
    expect(header.slice(paired)).toEqual(["npv_usd_vs_base_mean", "npv_usd_vs_base_p10", "npv_usd_vs_base_p50", "npv_usd_vs_base_p90", "probability_npv_above_base"]);
    expect(cells[2].slice(3, paired)).toEqual(cells[1].slice(3, paired)); // interconnect 100 = the base's
    expect(cells[1].slice(paired)).toEqual(["", "", "", "", ""]); // the base against itself: not applicable
    expect(cells[2].slice(paired)).toEqual(["0", "0", "0", "0", "0"]); // the same paths, the same numbers: no difference in any run
    expect(cells[3].slice(3, paired)).not.toEqual(cells[1].slice(3, paired)); // 40 MW: less room for the ~59 MW of mining
    // The paired difference is computed run by run from runs.csv's rows (variant, run, seed, metrics).
    const long = readFileSync(join(dir, "out", "runs.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
    expect(long[0].slice(0, 4)).toEqual(["variant", "run", "seed", "npv_usd"]);
    expect(long).toHaveLength(1 + 3 * 12);
    const npv = (variant: number) => long.slice(1).filter((c) => c[0] === String(variant)).map((c) => Number(c[3]));
    const differences = npv(2).map((x, i) => x - npv(0)[i]);
    const mean = differences.reduce((a, b) => a + b, 0) / differences.length;
    expect(Number(cells[3][paired])).toBeCloseTo(mean, -1);
    expect(Number(cells[3][paired + 4])).toBe(differences.filter((d) => d > 0).length / 12);
  });

  it("sim validate takes sweep files: every variant resolved, a bad one named with its field", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "base.json"), JSON.stringify({ name: "b", horizon: { hours: 48 }, site: { interconnectMw: 10 } }));
    writeFileSync(join(dir, "good.json"), JSON.stringify({ name: "t", base: "base.json", runs: 7, variants: [{ name: "bigger", set: { "site.interconnectMw": 30 } }] }));
    const good = runCli(["validate", join(dir, "good.json")]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/good\.json: valid sweep \(2 variants, 7 runs each, seed \d+\)/);
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ name: "t", base: "base.json", variants: [{ name: "bad", set: { "site.interconnectMw": -3 } }] }));
    const bad = runCli(["validate", join(dir, "bad.json")]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json: variant "bad": site\.interconnectMw: .*found: -3/);
  });

  it("a variant that breaks the scenario is bad input naming the sweep, the variant and the field", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "base.json"), JSON.stringify({ name: "b", horizon: { hours: 48 }, site: { interconnectMw: 10 } }));
    writeFileSync(join(dir, "sweep.json"), JSON.stringify({ name: "t", base: "base.json", variants: [{ name: "bad", set: { "site.interconnectMw": -3 } }] }));
    const r = runCli(["sweep", join(dir, "sweep.json"), "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sweep\.json: variant "bad": site\.interconnectMw: .*found: -3/);
  });
});

describe("sweeps in sims/sweeps", () => {
  it("strategy-study.json: every variant resolves and validates, on one seed and run count", async () => {
    const { loadSweep } = await import("../src/sweep/sweep");
    const { variants, scenarios } = loadSweep("sims/sweeps/strategy-study.json");
    expect(variants.map((v) => v.name)).toEqual(["base", "keep mining", "hybrid as today", "convert 40 MW now", "convert 40 MW after the halving", "convert everything now"]);
    expect(new Set(scenarios.map((s) => `${s.monteCarlo.runs}/${s.monteCarlo.seed}`)).size).toBe(1);
    expect(scenarios[1].ai.halls).toEqual([]);
    expect(scenarios[3].conversions[0].miningMwOffline).toBe(40);
  });

  it("flexible-headroom.json: three limits x six splits of the 100 MW, with the flexible-interconnection metrics", async () => {
    const { loadSweep, sweepHeader, SWEEP_METRICS } = await import("../src/sweep/sweep");
    const { spec, variants, scenarios } = loadSweep("sims/sweeps/flexible-headroom.json");
    expect(variants).toHaveLength(1 + 3 * 6);
    for (const s of scenarios.slice(1)) {
      const aiMw = s.ai.halls[0].phases[0].itMw * s.ai.halls[0].pue;
      const miningMw = s.mining.classes.reduce((sum, c) => sum + (c.units! * c.powerWPerUnit! * c.availability * (1 + c.coolingOverheadFraction)) / 1e6, 0);
      expect(aiMw + miningMw).toBeCloseTo(100, 2);
    }
    expect(new Set(scenarios.map((s) => JSON.stringify(s.site.flexibleInterconnection!.systemFlexibleMw)))).toEqual(
      new Set(['{"curtailmentLimitPct":0.5}', '{"curtailmentLimitPct":0.25}', '{"curtailmentLimitPct":1}']),
    );
    expect(sweepHeader([], [...SWEEP_METRICS, ...spec.metrics])).toContain("ai_cut_flexible_hours_p50");
  });

  it("a metric that runs.csv does not have is bad input", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "base.json"), readFileSync("sims/default.json", "utf8"));
    writeFileSync(join(dir, "sweep.json"), JSON.stringify({ name: "t", base: "base.json", metrics: ["flex_hours"] }));
    const r = runCli(["sweep", join(dir, "sweep.json"), "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sweep\.json: metrics\.0: expected a runs\.csv column like flex_limited_hours \(found: "flex_hours"\)/);
  });
});
