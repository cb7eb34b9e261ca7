// Calibration: the fit recovers known parameters from a simulated history, and on ../shared/data
// it reproduces data/'s calibrated defaults and the data's statistics within stated tolerances.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { btcStatistics, fitBtc, simulateBtcDailyReturns } from "../src/calibrate/btc";
import { fitPowerModel, simulatePower } from "../src/calibrate/power";
import { buildCalendar } from "../src/engine/calendar";
import { runCli, tempDir } from "./helpers";

describe("fitting recovers known parameters from simulated histories", () => {
  it("power: latent AR(1) with a day level, spike start and continuation, Pareto tail (30 simulated years, three seeds)", () => {
    // The hourly and day-level persistence are told apart by the latent's correlations at lags 1, 24
    // and 48, an approximation: with a day level in the truth (as in every ERCOT year) the fit is
    // stable across seeds but reads the hourly coefficient ~0.08 low (0.81-0.83 for 0.9 over six
    // seeds, day weight 0.44-0.49 for 0.4, day persistence 0.58-0.65 for 0.7). Without a day level
    // the split is not identified (the hourly coefficient came out 0-0.87 across seeds), so the test
    // does not use such a truth. The whole model is checked against the data's statistics instead
    // (below, and sim calibrate power's report).
    const calendar = buildCalendar("2000-01-01T06:00:00Z", 30 * 8760, "America/Chicago");
    const truth = {
      shapeUsdPerMwh: Array.from({ length: 288 }, (_, i) => 25 + 15 * Math.sin((i % 24) / 4)),
      meanReversionPerHour: 0.9,
      deviationSdUsdPerMwh: 0,
      deviationQuantilesUsdPerMwh: Array.from({ length: 200 }, (_, k) => -20 + (k / 199) * 60),
      dayWeight: 0.4,
      dayPersistence: 0.7,
      spikeProbabilityPerHour: 0.004,
      spikeContinueProbability: 0.7,
      spikeThresholdUsdPerMwh: 200,
      spikeParetoAlpha: 1.5,
      capUsdPerMwh: 1e9,
      floorUsdPerMwh: -250,
      scale: 1,
    };
    for (const seed of ["fit-check", "fit-check-2", "fit-check-3"]) {
      const prices = simulatePower(truth, calendar.localMonth, calendar.localHour, seed);
      const fit = fitPowerModel(prices, calendar.localMonth, calendar.localHour, { spikeThresholdUsdPerMwh: 200, capUsdPerMwh: 1e9, floorUsdPerMwh: -250 });
      expect(Math.abs(fit.meanReversionPerHour - 0.9), seed).toBeLessThan(0.12);
      expect(Math.abs(fit.dayWeight! - 0.4), seed).toBeLessThan(0.12);
      expect(Math.abs(fit.dayPersistence! - 0.7), seed).toBeLessThan(0.15);
      expect(Math.abs(fit.spikeProbabilityPerHour / 0.004 - 1), seed).toBeLessThan(0.1);
      expect(Math.abs(fit.spikeContinueProbability - 0.7), seed).toBeLessThan(0.03);
      expect(Math.abs(fit.spikeParetoAlpha / 1.5 - 1), seed).toBeLessThan(0.15);
    }
  });

  it("btc: volatility, drift and the jump rate from 100 simulated years of daily returns", () => {
    const truth = { driftPerYear: 0.1, volatilityPerYear: 0.45, jumps: { perYear: 8, meanLog: 0, sdLog: 0.15 } };
    const fit = fitBtc(simulateBtcDailyReturns(truth, 36500, "btc-fit-check"));
    expect(Math.abs(fit.volatilityPerYear / 0.45 - 1)).toBeLessThan(0.06);
    expect(Math.abs(fit.driftPerYear - 0.1)).toBeLessThan(0.15);
    expect(Math.abs(fit.jumps.perYear / 8 - 1)).toBeLessThan(0.35);
  });
});

const SHARED = join(process.cwd(), "..", "shared", "data");
const haveShared = existsSync(SHARED);
if (!haveShared) console.warn(`skipping calibration on real data: ${SHARED} not found`);

type Fit = Record<string, { data: number; model: number; modelP5: number; modelP95: number }>;

/** The data's value of a statistic lies between the model paths' 5th and 95th percentiles. */
function within(k: string, fit: Fit): void {
  expect(fit[k].data, `${k}: data ${fit[k].data} vs model P5 ${fit[k].modelP5}`).toBeGreaterThanOrEqual(fit[k].modelP5);
  expect(fit[k].data, `${k}: data ${fit[k].data} vs model P95 ${fit[k].modelP95}`).toBeLessThanOrEqual(fit[k].modelP95);
}

describe.skipIf(!haveShared)("calibration on ../shared/data", () => {
  const dir = tempDir();
  const ercot = [2019, 2020, 2021, 2022, 2023, 2024].map((y) => join(SHARED, "ercot", `ercot_dam_lzhbspp_${y}.csv.gz`));

  it("HB_WEST 2019-2024: reproduces data/power-hb-west-2019-2024.json; at today's $5,000 cap the mean, P99 and negative share are within the stated tolerances", () => {
    const out = join(dir, "power.json");
    const r = runCli(["calibrate", "power", ...ercot, "--point", "HB_WEST", "--out", out, "--report", join(dir, "power.csv"), "--year-report", join(dir, "years.csv")]);
    expect(r.code).toBe(0);
    const made = JSON.parse(readFileSync(out, "utf8"));
    const committed = JSON.parse(readFileSync("data/power-hb-west-2019-2024.json", "utf8"));
    expect(made.power).toEqual(committed.power);
    expect(made.statisticsInsideYearBand).toEqual(committed.statisticsInsideYearBand);
    // Per calendar year at today's cap: the years since the cap fell to $5,000 lie inside the model's
    // per-year P5-P95 on at least 8 of the 10 statistics.
    for (const year of ["2022", "2023", "2024"]) expect(Number(made.statisticsInsideYearBand[year].split(" ")[0]), year).toBeGreaterThanOrEqual(8);
    expect(readFileSync(join(dir, "years.csv"), "utf8")).toBe(readFileSync("data/power-hb-west-2019-2024-years.csv", "utf8"));
    const fit = made.fit as Fit;
    expect(Math.abs(fit.mean.model / fit.mean.data - 1)).toBeLessThan(0.2); // data 57.4, model ~48: the $5,000 cap trims Uri's $9,000 hours (at $9,000, below, within 3%)
    within("p99", fit);
    within("negative_share", fit);
    expect(readFileSync(join(dir, "power.csv"), "utf8").split("\n")[0]).toBe("statistic,data,model_mean,model_p5,model_p95,unit");
  });

  it("HB_WEST 2019-2024 at the data's own $9,000 cap: the data is a typical draw of the model (within the 5th-95th percentile of 200 paths) for every level and tail statistic", () => {
    const out = join(dir, "power-9000.json");
    const r = runCli(["calibrate", "power", ...ercot, "--point", "HB_WEST", "--cap", "9000", "--out", out, "--year-report", join(dir, "years-9000.csv")]);
    expect(r.code).toBe(0);
    const made = JSON.parse(readFileSync(out, "utf8"));
    const fit = made.fit as Fit;
    // Per calendar year at the $9,000 cap of 2019-2021: 2019 and 2020 inside on at least 7 of 10;
    // 2021 (Winter Storm Uri) is the known exception (3 of 10: its week near $9,000 is rarer than P95).
    expect(Number(made.statisticsInsideYearBand["2019"].split(" ")[0])).toBeGreaterThanOrEqual(7);
    expect(Number(made.statisticsInsideYearBand["2020"].split(" ")[0])).toBeGreaterThanOrEqual(7);
    expect(Number(made.statisticsInsideYearBand["2021"].split(" ")[0])).toBeLessThanOrEqual(4);
    for (const k of ["mean", "standard_deviation", "negative_share", "p99", "hours_above_1000_per_year"]) within(k, fit);
    expect(Math.abs(fit.mean.model / fit.mean.data - 1)).toBeLessThan(0.08); // the mean of 200 paths has a standard error of ~2.3% (one path's six-year mean: sd ~$19)
    // The maximum: the data's $9,000.01 is the cap (plus a cent); most model paths reach it.
    expect(fit.max.modelP95 / fit.max.data).toBeGreaterThan(0.99);
    for (let h = 0; h < 24; h++) within(`mean_hour_${String(h).padStart(2, "0")}`, fit);
    // Dependence: the rank (normal-score) autocorrelations, which no single event dominates, within 0.03 at lag 1 and 0.06 at lag 24.
    expect(Math.abs(fit.rank_acf_lag_1.model - fit.rank_acf_lag_1.data)).toBeLessThan(0.03);
    expect(Math.abs(fit.rank_acf_lag_24.model - fit.rank_acf_lag_24.data)).toBeLessThan(0.06);
    // The price autocorrelations are dominated by Winter Storm Uri's week near $9,000: lag 1 within 0.1 of
    // the data (0.979); lag 24 (data 0.83) lies above the model's 95th percentile (~0.68), which is
    // stated, not hidden: the model's events are shorter and lower on average than Uri.
    expect(Math.abs(fit.acf_lag_1.model - fit.acf_lag_1.data)).toBeLessThan(0.1);
    expect(fit.acf_lag_24.modelP95).toBeGreaterThan(0.6);
    expect(fit.acf_lag_24.data).toBeGreaterThan(fit.acf_lag_24.modelP95);
  });

  it("BTC 2021-2024: reproduces data/btc-2021-2024.json; volatility and 1%/99% daily moves within stated tolerances", () => {
    const out = join(dir, "btc.json");
    const r = runCli(["calibrate", "btc", join(SHARED, "btc", "btc_usd_daily_coingecko.csv"), "--time", "event_date", "--value", "close_price_usd", "--timezone", "UTC", "--from", "2021-01-01", "--to", "2025-01-01", "--fill-gaps", "--out", out]);
    expect(r.code).toBe(0);
    const made = JSON.parse(readFileSync(out, "utf8"));
    expect(made.btc).toEqual(JSON.parse(readFileSync("data/btc-2021-2024.json", "utf8")).btc);
    const fit = made.fit as Fit;
    expect(Math.abs(fit.volatility.model / fit.volatility.data - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.p1_daily_log_return.model / fit.p1_daily_log_return.data - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.p99_daily_log_return.model / fit.p99_daily_log_return.data - 1)).toBeLessThan(0.15);
  });

  it("statistics of a plain series", () => {
    const s = btcStatistics([0.01, -0.01, 0.01, -0.01]);
    expect(s.meanLogReturnPerYear).toBe(0);
    expect(s.volatilityPerYear).toBeCloseTo(0.01 * Math.sqrt(365), 12);
  });
});

describe("load-zone basis", () => {
  it("the fit recovers the two time scales of a simulated basis (20 simulated years)", async () => {
    const { fitBasis, simulateBasis } = await import("../src/calibrate/basis");
    const truth = { quantilesUsdPerMwh: Array.from({ length: 200 }, (_, k) => -2 + 60 * ((k + 0.5) / 200) ** 3), persistencePerHour: 0.6, dayWeight: 0.8, dayPersistence: 0.9 };
    const fit = fitBasis(simulateBasis(truth, 20 * 8760, "basis-fit-check"));
    expect(fit.persistencePerHour).toBeCloseTo(0.6, 1);
    expect(fit.dayWeight).toBeCloseTo(0.8, 1);
    expect(fit.dayPersistence).toBeCloseTo(0.9, 1);
  });

  it("a constant basis is paid on every MWh: power cost = MWh x (price + basis)", async () => {
    const { runQuiet } = await import("./helpers");
    const { METRIC } = await import("../src/site/columns");
    const hub = runQuiet({});
    const zone = runQuiet({ site: { interconnectMw: 50, powerAdderUsdPerMwh: 0, basis: { model: "constant", usdPerMwh: 7 } } });
    const mwh = zone.m[METRIC.mining_mwh] + zone.m[METRIC.ai_mwh];
    expect(zone.m[METRIC.power_cost_usd]).toBeCloseTo(mwh * (40 + 7), 4);
    expect(zone.m[METRIC.power_cost_usd] - hub.m[METRIC.power_cost_usd]).toBeCloseTo(7 * mwh, 4);
    expect(zone.at(3, "basis_usd_per_mwh")).toBe(7);
    expect(zone.m[METRIC.mean_basis_usd_per_mwh]).toBe(7);
  });
});

const SHARED_ERCOT = join(process.cwd(), "..", "shared", "data", "ercot");
describe.skipIf(!existsSync(SHARED_ERCOT))("load-zone basis from ../shared/data", () => {
  it("sim calibrate basis reproduces data/basis-lz-west-2019-2024.json, every statistic of the data inside the model's P5-P95", () => {
    const out = join(tempDir(), "basis.json");
    const files = [2019, 2020, 2021, 2022, 2023, 2024].map((y) => join(SHARED_ERCOT, `ercot_dam_lzhbspp_${y}.csv.gz`));
    const r = runCli(["calibrate", "basis", ...files, "--zone", "LZ_WEST", "--hub", "HB_WEST", "--out", out]);
    expect(r.code).toBe(0);
    const fitted = JSON.parse(readFileSync(out, "utf8"));
    const committed = JSON.parse(readFileSync("data/basis-lz-west-2019-2024.json", "utf8"));
    expect(fitted.basis).toEqual(committed.basis);
    for (const [name, row] of Object.entries(fitted.fit as Record<string, { data: number; modelP5: number; modelP95: number }>)) {
      expect(row.data, name).toBeGreaterThanOrEqual(row.modelP5);
      expect(row.data, name).toBeLessThanOrEqual(row.modelP95);
    }
  });

  it("sim calibrate rt-spread reproduces data/rt-spread-hb-west-2024.json, every statistic of the data inside the model's P5-P95", () => {
    const out = join(tempDir(), "rt.json");
    const r = runCli(["calibrate", "rt-spread", join(SHARED_ERCOT, "ercot_hourly_dam_rtm_spp_15sp_2024.csv.gz"), "--point", "HB_WEST", "--fill-gaps", "--max-gap-hours", "170", "--out", out]);
    expect(r.code).toBe(0);
    const fitted = JSON.parse(readFileSync(out, "utf8"));
    expect(fitted.realTime).toEqual(JSON.parse(readFileSync("data/rt-spread-hb-west-2024.json", "utf8")).realTime);
    // A statistic of a typical draw falls outside a 90% band one time in ten: at least 9 of the 10
    // inside. The one outside is the lag-1 rank autocorrelation (data 0.793, model mean 0.775, P95 of
    // 200 paths 0.792): the model's hour-to-hour persistence is a little low; it stays within 0.03.
    const rows = Object.entries(fitted.fit as Record<string, { data: number; model: number; modelP5: number; modelP95: number }>);
    const inside = rows.filter(([, row]) => row.data >= row.modelP5 && row.data <= row.modelP95).map(([name]) => name);
    expect(rows.length).toBe(10);
    expect(inside.length).toBeGreaterThanOrEqual(9);
    expect(Math.abs(fitted.fit["rank acf lag 1"].model - fitted.fit["rank acf lag 1"].data)).toBeLessThan(0.03);
  });
});

describe.skipIf(!haveShared)("market fits on ../shared/data reproduce data/", () => {
  const dir = tempDir();
  for (const [kind, file, key] of [
    ["btc-sv", "data/btc-sv-2014-2024.json", "shape"],
    ["fees", "data/fees-2016-2019.json", "variation"],
    ["network", "data/network-supply-2016-2024.json", "params"],
  ] as const) {
    it(`sim calibrate ${kind} remakes ${file}`, () => {
      const out = join(dir, `${kind}.json`);
      const r = runCli(["calibrate", kind, join(process.cwd(), "..", "shared", "data"), "--out", out, "--report", join(dir, `${kind}.csv`)]);
      expect(r.code, r.stderr).toBe(0);
      const made = JSON.parse(readFileSync(out, "utf8"));
      const committed = JSON.parse(readFileSync(file, "utf8"));
      expect(made[key]).toEqual(committed[key]);
      expect(made.fit).toEqual(committed.fit);
      expect(readFileSync(join(dir, `${kind}.csv`), "utf8").split("\n")[0]).toBe("statistic,data,model_mean,model_p5,model_p95,unit");
    }, 180_000);
  }
});
