// Every scenario in sims/ validates and runs (a few runs over a short horizon, in this thread).
// Scenarios that read ../shared/data are skipped, with the reason printed, when it is absent.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadMarketInputs } from "../src/io/inputs";
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { SiteRun } from "../src/site/simulation";
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
  it.each(files)("%s validates and runs", async (file) => {
    const scenario = loadScenarioFile(join("sims", file));
    const missing = missingFiles(scenario);
    if (missing.length > 0) {
      console.warn(`skipping the run of ${file}: ${missing.join(", ")} not found (../shared/data is not beside the checkout)`);
      return;
    }
    const inputs = await loadMarketInputs(scenario, []);
    if ("hours" in scenario.horizon) scenario.horizon = { hours: Math.min(scenario.horizon.hours, 24 * 400) };
    else scenario.horizon = { hours: 24 * 400 }; // past the first AI phases (mid-2025)
    const run = new SiteRun(compilePlan(scenario, inputs));
    for (let r = 0; r < Math.min(3, scenario.monteCarlo.runs); r++) {
      const m = run.simulate(scenario.monteCarlo.seed, r);
      expect(Number.isFinite(m[METRIC.npv_usd])).toBe(true);
      expect(m[METRIC.mining_mwh] + m[METRIC.ai_mwh]).toBeGreaterThan(0);
    }
  });
});
