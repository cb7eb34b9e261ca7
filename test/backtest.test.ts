// The 2024 HB_WEST backtest against an independent calculation written here from the raw files:
// rows in file order for the UTC clock, daily BTC prices interpolated log-linearly, difficulty held
// through the day, and the halving at its real time (block 840,000, 2024-04-20 00:09 UTC).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadMarketInputs } from "../src/io/inputs";
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { SiteRun, traceWidth } from "../src/site/simulation";
import { METRIC, TRACE } from "../src/site/columns";

const SHARED = join(process.cwd(), "..", "shared", "data");
const haveShared = existsSync(SHARED);
if (!haveShared) console.warn(`skipping the 2024 backtest check: ${SHARED} not found`);

describe.skipIf(!haveShared)("backtest ERCOT West 2024", () => {
  it("curtailment hours and mining revenue match an independent calculation", async () => {
    const scenario = loadScenarioFile("sims/backtest-ercot-west-2024.json");
    const plan = compilePlan(scenario, await loadMarketInputs(scenario, []));
    const run = new SiteRun(plan);
    const trace = new Float64Array(plan.hours * traceWidth(plan));
    run.trace = trace;
    const m = run.simulate(scenario.monteCarlo.seed, 0);

    // Independent: HB_WEST rows are in time order, one per UTC hour from 2024-01-01T06:00Z.
    const prices = gunzipSync(readFileSync(join(SHARED, "ercot", "ercot_dam_lzhbspp_2024.csv.gz")))
      .toString()
      .split("\n")
      .filter((l) => l.includes(",HB_WEST,"))
      .map((l) => Number(l.split(",")[4]));
    expect(prices.length).toBe(8784);
    const btcByDay = new Map(
      readFileSync(join(SHARED, "btc", "btc_usd_daily_coingecko.csv"), "utf8")
        .split("\n")
        .slice(1)
        .map((l) => l.split(","))
        .filter((c) => c[1])
        .map((c) => [c[0].slice(0, 10), Number(c[1])] as const),
    );
    const difficultyByDay = new Map(
      readFileSync(join(SHARED, "bitcoin_network", "blockchaincom_difficulty_daily_2020_2024.csv"), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(","))
        .map((c) => [c[0], Number(c[1])] as const),
    );
    const start = Date.parse("2024-01-01T06:00:00Z");
    const halving = Date.parse("2024-04-20T00:09:00Z");
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const ths = 10000 * 140; // 10,000 S19 XP at 140 TH/s
    const mw = (10000 * 3010) / 1e6; // 30.1 MW
    let curtailedHours = 0;
    let revenueUsd = 0;
    for (let h = 0; h < 8784; h++) {
      const ms = start + h * 3_600_000;
      const dayStart = Date.parse(day(ms) + "T00:00:00Z");
      const frac = (ms - dayStart) / 86_400_000;
      // The data end on 2024-12-31 (UTC): its values hold through the last hours.
      const p0 = btcByDay.get(day(ms)) ?? btcByDay.get("2024-12-31")!;
      const p1 = btcByDay.get(day(dayStart + 86_400_000)) ?? p0;
      const btc = Math.exp(Math.log(p0) + (Math.log(p1) - Math.log(p0)) * frac);
      const difficulty = difficultyByDay.get(day(ms)) ?? difficultyByDay.get("2024-12-31")!;
      const subsidy = ms < halving ? 6.25 : 3.125;
      const usdPerHour = ((ths * 1e12 * 3600 * (subsidy + 0.19)) / (difficulty * 2 ** 32)) * 0.98 * btc;
      if (usdPerHour / mw > prices[h]) revenueUsd += usdPerHour;
      else curtailedHours++;
    }
    console.log(
      `backtest 2024: simulated ${m[METRIC.curtailed_hours]} curtailed hours, $${(m[METRIC.mining_revenue_usd] / 1e6).toFixed(3)}M mining revenue; ` +
        `independent ${curtailedHours} hours, $${(revenueUsd / 1e6).toFixed(3)}M; halving ${new Date(start + m[METRIC.first_halving_hour] * 3_600_000).toISOString()}`,
    );
    // Every replayed price is the file's price for that UTC hour.
    for (let h = 0; h < 8784; h++) expect(trace[h * traceWidth(plan) + TRACE.price_usd_per_mwh]).toBe(prices[h]);
    const simHalvingMs = start + m[METRIC.first_halving_hour] * 3_600_000;
    // The simulation's halving comes from the blocks its replayed hashrate implies: within hours of the real one.
    expect(Math.abs(simHalvingMs - halving)).toBeLessThan(6 * 3_600_000);
    expect(Math.abs(m[METRIC.curtailed_hours] - curtailedHours)).toBeLessThanOrEqual(1);
    expect(Math.abs(m[METRIC.mining_revenue_usd] / revenueUsd - 1)).toBeLessThan(0.0005);
  });
});
