// Replay and bootstrap on small series made here: the hours a replay reads, how it loops, what a
// bootstrap day may be, and bad series as bad input.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hourlyPath, dayPool } from "../src/markets/replay";
import { loadMarketInputs } from "../src/io/inputs";
import { compilePlan } from "../src/site/plan";
import { SiteRun, traceWidth } from "../src/site/simulation";
import { METRIC, TRACE } from "../src/site/columns";
import { writeSeries } from "../src/io/series";
import { quietScenario, runCli, tempDir } from "./helpers";

const H = 3_600_000;
const start = Date.parse("2024-01-01T00:00:00Z");

describe("hourlyPath", () => {
  const hourly = { startMs: start, stepMs: H, values: Float64Array.from({ length: 2 * 8736 }, (_, i) => i) };
  it("reads the file's own hours where it covers the scenario", () => {
    expect(Array.from(hourlyPath(hourly, start + 5 * H, 3, 0, "hold"))).toEqual([5, 6, 7]);
    expect(Array.from(hourlyPath(hourly, start + 5 * H, 3, 10, "hold"))).toEqual([15, 16, 17]);
  });
  it("loops by whole 52-week years past its end, keeping weekday and hour", () => {
    const path = hourlyPath(hourly, start + (2 * 8736 - 1) * H, 3, 0, "hold");
    expect(Array.from(path)).toEqual([2 * 8736 - 1, 0, 1]);
  });
  it("holds its end values with extend = hold", () => {
    expect(Array.from(hourlyPath(hourly, start + (2 * 8736 - 1) * H, 3, 0, "hold", "hold"))).toEqual([2 * 8736 - 1, 2 * 8736 - 1, 2 * 8736 - 1]);
  });
  it("interpolates daily values log-linearly or holds them", () => {
    const daily = { startMs: start, stepMs: 24 * H, values: Float64Array.from([100, 400, 400]) };
    const logLinear = hourlyPath(daily, start + 12 * H, 1, 0, "log-linear");
    expect(logLinear[0]).toBeCloseTo(200, 9); // halfway between 100 and 400 in log space
    expect(hourlyPath(daily, start + 12 * H, 1, 0, "hold")[0]).toBe(100);
  });
});

describe("power day bootstrap", () => {
  it("each simulated day is a whole historical day within the window of its day of year", () => {
    const days = 3 * 365;
    const values = Float64Array.from({ length: days * 24 }, (_, i) => Math.floor(i / 24)); // value = day number
    const pool = dayPool({ startMs: Date.parse("2021-01-01T00:00:00Z"), stepMs: H, values }, Date.parse("2030-06-01T00:00:00Z"), 24 * 10, 3);
    const doy = (d: number) => Math.floor((Date.parse("2021-01-01T00:00:00Z") + d * 24 * H - Date.UTC(new Date(Date.parse("2021-01-01T00:00:00Z") + d * 24 * H).getUTCFullYear(), 0, 1)) / (24 * H));
    for (let day = 0; day < 10; day++) {
      const simDoy = pool.utcDayOfYear[day * 24];
      const from = pool.candidateStart[simDoy];
      const to = pool.candidateStart[simDoy + 1];
      expect(to - from).toBeGreaterThanOrEqual(3 * 7 - 3); // about 3 years x 7 days
      for (let k = from; k < to; k++) {
        const distance = Math.abs(doy(pool.candidateDays[k]) - simDoy);
        expect(Math.min(distance, 366 - distance)).toBeLessThanOrEqual(3);
      }
    }
  });
});

describe("replay and bootstrap in a run", () => {
  const dir = tempDir();
  const prices = join(dir, "prices.csv");
  writeSeries(prices, { column: "price_usd_per_mwh", startMs: start, stepMs: H, values: Float64Array.from({ length: 8736 * 2 }, (_, i) => 20 + (i % 24)) });

  it("a replayed price path is the file's, hour for hour", async () => {
    const scenario = quietScenario({ start: "2024-01-03T00:00:00Z", horizon: { hours: 100 } });
    scenario.markets.power = { model: "replay", file: prices, format: "canonical", fillGaps: false, offsetHours: 0, extend: "loop" };
    const plan = compilePlan(scenario, await loadMarketInputs(scenario, []));
    const run = new SiteRun(plan);
    const trace = new Float64Array(plan.hours * traceWidth(plan));
    run.trace = trace;
    run.simulate(1, 0);
    for (let h = 0; h < 100; h++) expect(trace[h * traceWidth(plan) + TRACE.price_usd_per_mwh]).toBe(20 + (h % 24));
  });

  it("the bootstrap gives each run its own resample, the same for the same seed", async () => {
    const byDay = join(dir, "by-day.csv");
    writeSeries(byDay, { column: "price_usd_per_mwh", startMs: start, stepMs: H, values: Float64Array.from({ length: 8736 * 2 }, (_, i) => Math.floor(i / 24)) });
    const scenario = quietScenario({ start: "2030-01-01T00:00:00Z", horizon: { hours: 24 * 30 } });
    scenario.markets.power = { model: "bootstrap", file: byDay, format: "canonical", fillGaps: false, windowDays: 15 };
    const plan = compilePlan(scenario, await loadMarketInputs(scenario, []));
    const run = new SiteRun(plan);
    const trace = new Float64Array(plan.hours * traceWidth(plan));
    run.trace = trace;
    const a = run.simulate(1, 0).slice();
    run.trace = null;
    const b = run.simulate(1, 0).slice();
    expect(Array.from(a)).toEqual(Array.from(b));
    const c = run.simulate(1, 1);
    expect(c[METRIC.mean_power_price_usd_per_mwh]).not.toBe(a[METRIC.mean_power_price_usd_per_mwh]);
    // Each simulated UTC day is one whole file day (one value all day) within 15 days of the same
    // day of year: file day numbers 0..44 or 350..364+44 for January 1..30.
    for (let day = 0; day < 30; day++) {
      const value = trace[day * 24 * traceWidth(plan) + TRACE.price_usd_per_mwh];
      for (let h = 1; h < 24; h++) expect(trace[(day * 24 + h) * traceWidth(plan) + TRACE.price_usd_per_mwh]).toBe(value);
      const doy = value % 364 === value ? value : value - 366; // 2024 is a leap year: day 366 is 2025-01-01
      const distance = Math.min(Math.abs(doy - day), 366 - Math.abs(doy - day));
      expect(distance).toBeLessThanOrEqual(15);
    }
  });

  it("bad series are bad input: too short to loop, or a BTC price of zero", () => {
    const short = join(dir, "short.csv");
    writeSeries(short, { column: "price_usd_per_mwh", startMs: start, stepMs: H, values: Float64Array.from({ length: 72 }, () => 30) });
    const scenarioFile = join(dir, "short-scenario.json");
    writeFileSync(scenarioFile, JSON.stringify({ name: "s", start: "2025-01-01T00:00:00Z", horizon: { hours: 200 }, site: { interconnectMw: 10 }, markets: { power: { model: "replay", file: "short.csv" } } }));
    const r = runCli(["run", scenarioFile, "--runs", "1", "--out", join(dir, "o1")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/markets\.power: series of 72 steps is too short to loop/);
    const zero = join(dir, "btc.csv");
    writeFileSync(zero, "time_utc,btc_price_usd\n2024-12-30T00:00:00Z,90000\n2024-12-31T00:00:00Z,0\n2025-01-01T00:00:00Z,95000\n");
    const scenarioFile2 = join(dir, "zero-scenario.json");
    writeFileSync(scenarioFile2, JSON.stringify({ name: "s", start: "2024-12-30T00:00:00Z", horizon: { hours: 40 }, site: { interconnectMw: 10 }, markets: { btc: { model: "replay", file: "btc.csv" } } }));
    const r2 = runCli(["run", scenarioFile2, "--runs", "1", "--out", join(dir, "o2")]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/markets\.btc: expected prices above zero \(found 0 at 2024-12-31T00:00:00.000Z\)/);
  });

  it("a replayed series shorter than the horizon says so: a warning from validate and run, and run-info.json", () => {
    const year = join(dir, "one-year.csv");
    writeSeries(year, { column: "price_usd_per_mwh", startMs: Date.parse("2025-01-01T00:00:00Z"), stepMs: H, values: Float64Array.from({ length: 8760 }, (_, i) => 30 + (i % 24)) });
    const file = join(dir, "loop-scenario.json");
    writeFileSync(file, JSON.stringify({ name: "s", start: "2025-01-01T00:00:00Z", horizon: { years: 2 }, site: { interconnectMw: 10 }, markets: { power: { model: "replay", file: "one-year.csv" } } }));
    const expected = /warning: markets\.power: the file covers 2025-01-01 to 2025-12-31, the run needs 2025-01-01 to 2026-12-3\d: it loops by whole 52-week years/;
    expect(runCli(["validate", file]).stderr).toMatch(expected);
    const out = join(dir, "loop-out");
    const r = runCli(["run", file, "--runs", "1", "--out", out, "--no-report"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(expected);
    const info = JSON.parse(readFileSync(join(out, "run-info.json"), "utf8"));
    expect(info.replayedSeriesNotCovering).toHaveLength(1);
    expect(info.replayedSeriesNotCovering[0]).toMatch(/^markets\.power: the file covers/);
    // Covering the horizon: nothing to say.
    writeFileSync(file, JSON.stringify({ name: "s", start: "2025-01-01T00:00:00Z", horizon: { hours: 8000 }, site: { interconnectMw: 10 }, markets: { power: { model: "replay", file: "one-year.csv" } } }));
    expect(runCli(["validate", file]).stderr).not.toMatch(/covers/);
  });
});
