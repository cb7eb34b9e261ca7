// Every scenario in sims/ validates and runs (a few runs over a short horizon, in this thread).
// Scenarios that read ../shared/data are skipped, with the reason printed, when it is absent.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadMarketInputs } from "../src/io/inputs";
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { MARKET_BLOCK_HOURS, SiteRun, traceWidth } from "../src/site/simulation";
import { lanesHourLoopOf } from "../src/site/hour";
import { METRIC } from "../src/site/columns";

const files = readdirSync("sims").filter((f) => f.endsWith(".json")).sort();

function missingFiles(scenario: ReturnType<typeof loadScenarioFile>): string[] {
  const { power, btc, network } = scenario.markets;
  const named = [
    power.model !== "stochastic" ? power.file : null,
    btc.model === "replay" || btc.model === "bootstrap" ? btc.file : null,
    network.replay?.difficulty.file,
    network.replay?.hashrate.file,
    scenario.grid.fourCp?.systemLoad?.file,
    scenario.site.flexibleInterconnection?.systemLoad.file,
  ];
  return named.filter((f): f is string => typeof f === "string" && !existsSync(f));
}

describe("scenarios in sims/", () => {
  it("there are some", () => expect(files.length).toBeGreaterThanOrEqual(3));
  /** The scenario over a short horizon, or null (with the reason printed) when its data files are absent. */
  async function shortPlan(file: string) {
    const scenario = loadScenarioFile(join("sims", file));
    const missing = missingFiles(scenario);
    if (missing.length > 0) {
      console.warn(`skipping the run of ${file}: ${missing.join(", ")} not found (../shared/data is not beside the checkout)`);
      return null;
    }
    const inputs = await loadMarketInputs(scenario, []);
    if ("hours" in scenario.horizon) scenario.horizon = { hours: Math.min(scenario.horizon.hours, 24 * 400) };
    else scenario.horizon = { hours: 24 * 400 }; // past the first AI phases (mid-2025)
    return { scenario, plan: compilePlan(scenario, inputs) };
  }

  it.each(files)("%s validates and runs", async (file) => {
    const short = await shortPlan(file);
    if (short === null) return;
    const { scenario, plan } = short;
    const run = new SiteRun(plan);
    for (let r = 0; r < Math.min(3, scenario.monteCarlo.runs); r++) {
      const m = run.simulate(scenario.monteCarlo.seed, r);
      expect(Number.isFinite(m[METRIC.npv_usd])).toBe(true);
      expect(m[METRIC.mining_mwh] + m[METRIC.ai_mwh]).toBeGreaterThan(0);
    }
  });

  // src/site/hour.ts writes the hour loop for each plan, its values written in and its loops
  // unrolled: the same numbers, to the bit, as the loop as written (plan values read, loops kept).
  it.each(files)("%s: the hour loop written for the plan gives the same bits as the loop as written", async (file) => {
    const short = await shortPlan(file);
    if (short === null) return;
    const { scenario, plan } = short;
    const width = traceWidth(plan);
    const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
    const results = [true, false].map((foldHour) => {
      const run = new SiteRun(plan, { foldHour });
      const out: string[] = [];
      for (let r = 0; r < 3; r++) {
        run.trace = r === 1 ? new Float64Array(plan.hours * width) : null;
        out.push(bits(run.simulate(scenario.monteCarlo.seed, r)), bits(run.monthly));
        if (run.trace !== null) out.push(bits(run.trace));
      }
      return out;
    });
    expect(results[0].length).toBe(results[1].length);
    results[0].forEach((folded, k) => expect(folded === results[1][k], `part ${k}`).toBe(true));
  });
});

describe("scenarios in sims/, runs stepped together", () => {
  // A worker runs each four runs of a task together (SiteRun.simulateTogether), their BTC and power
  // prices stepped in SIMD lanes where the model can: every run's metrics, month-end series and
  // trace the bits of the run simulated alone. The whole horizon: events late in a run (an ASIC
  // refresh reading the hashprice) are part of the check.
  it.each(files)("%s: runs stepped together give the bits of runs simulated alone", async (file) => {
    const scenario = loadScenarioFile(join("sims", file));
    if (missingFiles(scenario).length > 0) return;
    const inputs = await loadMarketInputs(scenario, []);
    const plan = compilePlan(scenario, inputs);
    const width = traceWidth(plan);
    const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
    const seed = scenario.monteCarlo.seed;
    const alone = new SiteRun(plan);
    const want = (run: number) => {
      alone.trace = run === 5 ? new Float64Array(plan.hours * width) : null;
      const out = [bits(alone.simulate(seed, run)), bits(alone.monthly)];
      return alone.trace === null ? out : [...out, bits(alone.trace)];
    };
    // As a worker makes them: the first computes a network path the same in every run, the others read it.
    const sites: SiteRun[] = [];
    for (let k = 0; k < 4; k++) sites.push(new SiteRun(plan, k === 0 ? {} : { networkOf: sites[0] }));
    // Four runs, then three (as the end of a task would be, were it stepped together).
    for (const runs of [[0, 1, 2, 3], [4, 5, 6]]) {
      runs.forEach((run, k) => (sites[k].trace = run === 5 ? new Float64Array(plan.hours * width) : null));
      SiteRun.simulateTogether(sites, seed, runs);
      runs.forEach((run, k) => {
        const got = [bits(sites[k].metrics), bits(sites[k].monthly), ...(sites[k].trace === null ? [] : [bits(sites[k].trace!)])];
        want(run).forEach((part, i) => expect(got[i] === part, `run ${run} part ${i}`).toBe(true));
      });
      // The four untraced runs stepped their hours in SIMD lanes (every block, after the first
      // call's copies), unless the plan has components that act in the hour.
      if (runs.length === 4 && sites[0].hourlyComponents.length === 0) {
        const lanes = lanesHourLoopOf(sites[0].untracedSource, sites);
        expect(lanes, "the hour loop compiled for the lanes").not.toBeNull();
        expect(lanes!.calls.ran).toBeGreaterThanOrEqual(Math.ceil(plan.hours / MARKET_BLOCK_HOURS));
        expect(lanes!.calls.declined).toBeLessThanOrEqual(1);
      }
    }
  });
});
