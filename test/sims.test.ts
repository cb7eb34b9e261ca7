// Every scenario in sims/ validates and runs (a few runs over a short horizon, in this thread).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { SiteRun } from "../src/site/simulation";
import { METRIC } from "../src/site/columns";

const files = readdirSync("sims").filter((f) => f.endsWith(".json")).sort();

describe("scenarios in sims/", () => {
  it("there are some", () => expect(files.length).toBeGreaterThanOrEqual(3));
  it.each(files)("%s validates and runs", (file) => {
    const scenario = loadScenarioFile(join("sims", file));
    scenario.horizon = { hours: 24 * 400 }; // past the first AI phases (mid-2025)
    const run = new SiteRun(compilePlan(scenario));
    for (let r = 0; r < 3; r++) {
      const m = run.simulate(scenario.monteCarlo.seed, r);
      expect(Number.isFinite(m[METRIC.npv_usd])).toBe(true);
      expect(m[METRIC.mining_mwh] + m[METRIC.ai_mwh]).toBeGreaterThan(0);
    }
  });
});
