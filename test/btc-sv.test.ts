// BTC with stochastic volatility: the process's moments against its equations, the fit recovering
// a known shape, and on ../shared/data the per-year bands containing most recorded years.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { btcSvReport, fitBtcSv, simulateSvYears, type BtcSvShape } from "../src/calibrate/btc-sv";
import { BtcSvProcess } from "../src/markets/btc";
import { RandomStream } from "../src/engine/random";
import { importGeneric } from "../src/io/series";
import svFit from "../data/btc-sv-2014-2024.json";

describe("BTC stochastic volatility: the process", () => {
  it("ln P drifts by driftPerYear and its variance per year is sigma^2 + jumps' (the e^{v - s^2} normalisation)", () => {
    const params = { startPriceUsd: 100, driftPerYear: 0.1, volatilityPerYear: 0.6, volatilitySdLog: 0.45, volatilityHalfLifeDays: 60, jumps: { perYear: 6, meanLog: 0, sdLog: 0.12 } };
    const process = new BtcSvProcess(params);
    const years = 400;
    const ends: number[] = [];
    for (let run = 0; run < years; run++) {
      process.reset(new RandomStream(`sv-moments:${run}`));
      for (let h = 1; h <= 8760; h++) process.step(h);
      ends.push(process.logPrice - Math.log(100));
    }
    const mean = ends.reduce((a, b) => a + b, 0) / years;
    const variance = ends.reduce((a, b) => a + (b - mean) ** 2, 0) / years;
    const expectedVariance = 0.6 ** 2 + 6 * 0.12 ** 2;
    // Standard errors over 400 years: mean ~0.034; variance ~8% (heavier tails than normal).
    expect(Math.abs(mean - 0.1)).toBeLessThan(0.1);
    expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(0.25);
  });

  it("with no spread and no jumps, every year has about the same volatility", () => {
    const flat = simulateSvYears({ volatilityPerYear: 0.5, volatilitySdLog: 0, volatilityHalfLifeDays: 60, jumps: { perYear: 0, meanLog: 0, sdLog: 0 } }, 200, "flat");
    const moving = simulateSvYears({ volatilityPerYear: 0.5, volatilitySdLog: 0.45, volatilityHalfLifeDays: 60, jumps: { perYear: 0, meanLog: 0, sdLog: 0 } }, 200, "flat");
    const spread = (v: Float64Array) => {
      const logs = Array.from(v, Math.log);
      const m = logs.reduce((a, b) => a + b, 0) / logs.length;
      return Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / logs.length);
    };
    // A year of 365 normal daily returns: sd of ln(volatility) ~ 1/sqrt(2 x 365) = 0.037.
    expect(spread(flat.volatility)).toBeLessThan(0.05);
    expect(spread(moving.volatility)).toBeGreaterThan(0.15);
  });
});

describe("BTC stochastic volatility: the fit recovers a known shape", () => {
  it("spread of ln volatility and jump rate from 60 simulated years", () => {
    const truth: BtcSvShape = { volatilityPerYear: 0.6, volatilitySdLog: 0.4, volatilityHalfLifeDays: 60, jumps: { perYear: 4, meanLog: 0, sdLog: 0.12 } };
    const process = new BtcSvProcess({ ...truth, startPriceUsd: 1, driftPerYear: 0 });
    const years: number[][] = [];
    for (let y = 0; y < 60; y++) {
      process.reset(new RandomStream(`sv-truth:${y}`));
      const daily: number[] = [];
      let start = process.logPrice;
      for (let h = 1; h <= 365 * 24; h++) {
        process.step(h);
        if (h % 24 === 0) {
          daily.push(process.logPrice - start);
          start = process.logPrice;
        }
      }
      years.push(daily);
    }
    const fit = fitBtcSv(years, { jumpSdLog: 0.12, sdLogGrid: [0.2, 0.3, 0.4, 0.5, 0.6], jumpsPerYearGrid: [0, 2, 4, 8, 12], simulatedYears: 200 });
    // A grid value next to the truth (0.3, 0.4 or 0.5): |0.5 - 0.4| is 0.10000000000000003 in doubles.
    expect([0.3, 0.4, 0.5]).toContain(fit.shape.volatilitySdLog);
    expect(fit.shape.jumps.perYear).toBeGreaterThanOrEqual(2);
    expect(fit.shape.jumps.perYear).toBeLessThanOrEqual(8);
    // Independent years make the autocorrelation estimate rough; it stays in the right range.
    expect(fit.shape.volatilityHalfLifeDays).toBeGreaterThan(20);
    expect(fit.shape.volatilityHalfLifeDays).toBeLessThan(150);
  }, 60_000);
});

const SHARED = join(process.cwd(), "..", "shared", "data");
const haveShared = existsSync(SHARED);
if (!haveShared) console.warn(`skipping the BTC volatility fit on real data: ${SHARED} not found`);

describe.skipIf(!haveShared)("BTC stochastic volatility on ../shared/data (2014-2024)", () => {
  it("the per-year P5-P95 bands contain at least 10 of the 11 recorded years' volatility and kurtosis, 2023's low volatility within 0.02 of the band", async () => {
    const series = await importGeneric(
      join(SHARED, "btc", "btc_usd_daily_coingecko.csv"),
      { timeColumn: "event_date", valueColumn: "close_price_usd", timeZone: "UTC", column: "btc", fillGaps: true, window: { fromMs: Date.UTC(2013, 11, 31), toMs: Date.UTC(2025, 0, 1) } },
      [],
    );
    const byYear = new Map<number, number[]>();
    for (let i = 1; i < series.values.length; i++) {
      const year = new Date(series.startMs + i * series.stepMs).getUTCFullYear();
      byYear.set(year, [...(byYear.get(year) ?? []), Math.log(series.values[i] / series.values[i - 1])]);
    }
    const rows = btcSvReport(svFit.shape, byYear, 1000);
    const inside = (prefix: string) => rows.filter((r) => r[0].startsWith(prefix) && r[1] >= r[3] && r[1] <= r[4]).map((r) => r[0]);
    expect(inside("volatility_").length).toBeGreaterThanOrEqual(10);
    expect(inside("excess_kurtosis_").length).toBeGreaterThanOrEqual(10);
    const v2023 = rows.find((r) => r[0] === "volatility_2023")!;
    expect(v2023[1]).toBeCloseTo(0.43, 2);
    expect(v2023[3] - v2023[1]).toBeLessThan(0.02);
  }, 60_000);
});
