// Shared test helpers: building small scenarios and running the CLI.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveScenario } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { SiteRun, traceWidth } from "../src/site/simulation";
import { traceColumnIndex, type TRACE } from "../src/site/columns";
import type { ResolvedScenario, ScenarioInput } from "../src/scenario/schema";
import type { MarketInputs } from "../src/markets/replay";

export const CLI = join(process.cwd(), "dist", "cli.cjs");

export function tempDir(prefix = "hashgrid-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function runCli(args: string[], cwd = process.cwd()) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes sims/default.json with top-level fields replaced (horizon, monteCarlo, ...) to dir/name; returns its path. */
export function writeDefaultScenario(dir: string, changes: Record<string, unknown>, name = "s.json"): string {
  const s = JSON.parse(readFileSync("sims/default.json", "utf8"));
  delete s.$schema;
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ ...s, ...changes }));
  return path;
}

/** A small hybrid site with flat, noise-free markets unless overridden. */
export function quietScenario(overrides: Partial<ScenarioInput> = {}): ResolvedScenario {
  const base: ScenarioInput = {
    name: "quiet",
    start: "2025-01-01T00:00:00Z",
    horizon: { hours: 48 },
    site: { interconnectMw: 50, powerAdderUsdPerMwh: 0 },
    mining: {
      poolFeeFraction: 0.02,
      variableOmUsdPerMwh: 0,
      classes: [{ name: "a", hashrateThPerUnit: 200, powerWPerUnit: 3000, units: 10000, availability: 1, coolingOverheadFraction: 0 }],
    },
    ai: {
      halls: [
        {
          name: "h",
          pue: 1.25,
          phases: [{ start: "2025-01-01", itMw: 8 }],
          utilization: 1,
          idlePowerFraction: 0.2,
          contract: { type: "colocation", usdPerKwMonth: 146, powerPassThrough: false },
          buildCapexUsdPerMwIt: 0,
          fixedOpexUsdPerMwItYear: 0,
        },
      ],
    },
    markets: {
      btc: { startPriceUsd: 100000, driftPerYear: 0, volatilityPerYear: 0, jumps: { perYear: 0, meanLog: 0, sdLog: 0 } },
      power: { shapeUsdPerMwh: new Array(288).fill(40), deviationSdUsdPerMwh: 0, deviationQuantilesUsdPerMwh: null, spikeProbabilityPerHour: 0, scarcity: null, yearRegime: null },
      network: {
        startHeight: 880000,
        startDifficulty: 1e14,
        startHashrateEhs: 700,
        hashrate: { model: "trend", growthPerYear: 0, volatilityPerYear: 0 },
        feesBtcPerBlock: 0.05,
        feeVariation: null,
      },
    },
    finance: { discountRatePerYear: 0, siteFixedOpexUsdPerYear: 0 },
    monteCarlo: { runs: 1, seed: 7 },
    ...overrides,
  };
  // Settle at the market price unless a test sets a basis: the hand-computed cases use one price.
  base.site = { basis: { model: "none" }, ...base.site };
  return resolveScenario(base, "test");
}

/** Runs one run of quietScenario(overrides) with its trace; at(h, column) reads the trace. */
export function runQuiet(overrides: Partial<ScenarioInput>, runIndex = 0, inputs: MarketInputs = {}) {
  const plan = compilePlan(quietScenario(overrides), inputs);
  const sim = new SiteRun(plan);
  const width = traceWidth(plan);
  const trace = new Float64Array(plan.hours * width);
  sim.trace = trace;
  const m = sim.simulate(7, runIndex).slice();
  // Any trace column by name, the site's or a component's.
  return { m, at: (h: number, k: keyof typeof TRACE | (string & {})) => trace[h * width + traceColumnIndex(k)], hours: plan.hours, plan, trace };
}

/**
 * A hand-made two-year system load, hourly from 2021-01-01 00:00 UTC: 100 MW in every hour but
 * 2021-07-15 10:00-12:00 at 190, 200, 195 MW (the summer peak), 2022-01-10 05:00 and 06:00 at 150 (the
 * winter peak) and 140 MW, and 2022-08-01 00:00 at 180 MW. Its headroom is worked out in test/headroom.test.ts.
 */
export function handMadeLoad(): Float64Array {
  const start = Date.UTC(2021, 0, 1);
  const load = new Float64Array(2 * 8760).fill(100);
  const at = (iso: string, mw: number) => (load[(Date.parse(iso) - start) / 3_600_000] = mw);
  at("2021-07-15T10:00:00Z", 190);
  at("2021-07-15T11:00:00Z", 200);
  at("2021-07-15T12:00:00Z", 195);
  at("2022-01-10T05:00:00Z", 150);
  at("2022-01-10T06:00:00Z", 140);
  at("2022-08-01T00:00:00Z", 180);
  return load;
}
